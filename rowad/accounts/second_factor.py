"""The staff second factor: who must confirm a log-in with a one-time code, and the writes
that enrol, confirm, replace and reset it (django-otp devices: a TOTP authenticator app and
a set of single-use backup codes).

Required (setting ROWAD_REQUIRE_SECOND_FACTOR) for the roles that can export or erase
personal data: directors and agency officers (exports, erasure), organization and platform
administrators (staff accounts, figures exports). A user holding one of them in ANY
membership needs it: the second factor protects the account, not one grant.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rowad.core.audit import record_action
from rowad.core.errors import DomainError

from .enums import Role
from .scope import scope_for

SECOND_FACTOR_ROLES = (Role.DIRECTOR, Role.AGENCY_OFFICER, Role.ORG_ADMIN, Role.PLATFORM_ADMIN)
BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def needs_second_factor(user: Any) -> bool:
    """True when this user's log-in must be confirmed by a code (setting on, staff role)."""
    if not settings.ROWAD_REQUIRE_SECOND_FACTOR or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or scope_for(user).has_role(*SECOND_FACTOR_ROLES)


def confirmed_app(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    otpauth_url: str
    secret: str  # base32, for typing into an app that cannot scan


def pending_enrolment(user: Any) -> Enrolment:
    """The unconfirmed authenticator being set up (one per user, kept across reloads so the
    QR code scanned a minute ago still matches)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return Enrolment(device=device, otpauth_url=device.config_url, secret=secret)


def _wrong_code() -> DomainError:
    return DomainError(
        _("This code is not right or has expired. Enter the code your app shows now."), code="otp"
    )


@transaction.atomic
def confirm_enrolment(request: HttpRequest, code: str) -> list[str]:
    """Confirm the pending authenticator with a code it shows; the log-in is verified at
    once and a fresh set of backup codes is returned, to be shown once."""
    user = request.user
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, name=APP_DEVICE_NAME)
        .first()
    )
    if device is None or not device.verify_token(_digits(code)):
        raise _wrong_code()
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_backup_codes(user)
    record_action("accounts.user.second_factor_enrolled", user, actor=user)
    otp_login(request, device)
    return codes


def verify_log_in(request: HttpRequest, code: str) -> None:
    """Confirm this session's log-in with the app's code or one backup code (used up)."""
    otp_login(request, _matching_device(request.user, code))


def check_api_code(user: Any, code: str) -> None:
    """An API token for someone who needs a second factor is issued only with a code:
    a password alone must not open what the web pages hold behind the second factor."""
    if not is_enrolled(user):
        raise DomainError(
            _("Set up your second factor by logging in to the web application first."),
            code="otp_not_enrolled",
        )
    _matching_device(user, code)


def _matching_device(user: Any, code: str):
    """The device that accepts `code`, or a DomainError. Each device throttles its own
    wrong codes (django-otp: 1 s, 2 s, 4 s...)."""
    typed = _digits(code or "")
    if not typed:
        # No code at all is not a wrong guess: it must not throttle the devices.
        raise DomainError(
            _("Enter the code your authenticator app shows, or a backup code."), code="otp_required"
        )
    # Six digits are the app's code; anything else can only be a backup code.
    if typed.isdigit() and len(typed) == 6:
        device, token = confirmed_app(user), typed
    else:
        device, token = StaticDevice.objects.filter(user=user, confirmed=True).first(), typed.lower()
    if device is None:
        raise _wrong_code()
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        raise DomainError(
            _("Too many wrong codes. Wait a few seconds, then enter the code your app shows now."),
            code="otp_throttled",
        )
    with transaction.atomic():
        if device.verify_token(token):
            if isinstance(device, StaticDevice):
                record_action(
                    "accounts.user.backup_code_used", user, actor=user, left=backup_codes_left(user)
                )
            return device
    raise _wrong_code()


@transaction.atomic
def renew_backup_codes(user: Any) -> list[str]:
    """A new set of backup codes; the old ones stop working."""
    if not is_enrolled(user):
        raise DomainError(_("Set up an authenticator app first."), code="otp_not_enrolled")
    codes = _replace_backup_codes(user)
    record_action("accounts.user.backup_codes_renewed", user, actor=user)
    return codes


def remove_devices(user: Any) -> None:
    """Forget the user's authenticator and backup codes (the checked write is
    `services.reset_second_factor`)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _replace_backup_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _digits(code: str) -> str:
    """Codes typed with spaces, or with Arabic-Indic digits on an Arabic keyboard."""
    table = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
    return "".join(code.split()).translate(table)
