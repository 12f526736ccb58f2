"""One-time links sent by mail: an invitation to set a first password, a password reset.

Each link is bound to the user's state (password, last login, email, active flag, session
stamp): it stops working once used, once the account is deactivated, and after its
timeout (`ROWAD_INVITATION_TIMEOUT`, `ROWAD_PASSWORD_RESET_TIMEOUT`, in seconds)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

DEFAULT_INVITATION_TIMEOUT = 7 * 24 * 3600
DEFAULT_RESET_TIMEOUT = 24 * 3600


class _LinkTokenGenerator(PasswordResetTokenGenerator):
    timeout_setting = ""
    default_timeout = 0

    def timeout(self) -> int:
        return int(getattr(settings, self.timeout_setting, self.default_timeout))

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{user.session_stamp}"

    def check_token(self, user, token) -> bool:
        """Django's check with this link's own timeout (Django's uses PASSWORD_RESET_TIMEOUT)."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= self.timeout()


class InvitationTokenGenerator(_LinkTokenGenerator):
    key_salt = "rowad.accounts.tokens.InvitationTokenGenerator"
    timeout_setting = "ROWAD_INVITATION_TIMEOUT"
    default_timeout = DEFAULT_INVITATION_TIMEOUT


class ResetTokenGenerator(_LinkTokenGenerator):
    key_salt = "rowad.accounts.tokens.ResetTokenGenerator"
    timeout_setting = "ROWAD_PASSWORD_RESET_TIMEOUT"
    default_timeout = DEFAULT_RESET_TIMEOUT


invitation_tokens = InvitationTokenGenerator()
reset_tokens = ResetTokenGenerator()
