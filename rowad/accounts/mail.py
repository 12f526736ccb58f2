"""Account mails (invitation, password reset), written in the user's language with a
one-time link. Called after the commit of the write that asked for them."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User
from .tokens import invitation_tokens, reset_tokens

INVITATION = "invitation"
RESET = "reset"

_LINKS = {
    INVITATION: ("accounts:invitation_accept", invitation_tokens),
    RESET: ("accounts:password_reset_confirm", reset_tokens),
}


def link_for(user: User, kind: str) -> str:
    url_name, generator = _LINKS[kind]
    path = reverse(
        url_name,
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": generator.make_token(user)},
    )
    return settings.ROWAD_PUBLIC_BASE_URL.rstrip("/") + path


def send_account_link(user_id: int, kind: str, inviter_name: str = "", organization_name: str = "") -> None:
    """Mail the invitation or reset link to the user (nothing for an account without an
    email or deactivated since)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    context = {
        "user": user,
        "link": link_for(user, kind),
        "inviter": inviter_name,
        "organization": organization_name,
        "days": max(1, round(_timeout(kind) / 86400)),
    }
    with translation.override(user.preferred_language or "ar"):
        subject = render_to_string(f"accounts/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{kind}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def _timeout(kind: str) -> int:
    return _LINKS[kind][1].timeout()
