"""One-time codes: issue, throttle, deliver after commit, verify.

Only a keyed hash of a code is stored (HMAC with the project's secret key and a per-code
salt), so a copy of the database does not reveal live codes. Limits (all overridable by a
setting of the same name):

- a code lives PORTAL_OTP_TTL seconds and allows PORTAL_OTP_MAX_ATTEMPTS wrong guesses;
- one phone/email gets a new code at most every PORTAL_OTP_RESEND_SECONDS, and at most
  PORTAL_OTP_MAX_PER_DESTINATION codes an hour (a limit on SENDING only);
- one requester (the browser session that asked for the code) makes at most
  PORTAL_OTP_MAX_FAILURES wrong guesses an hour, on the codes it asked for;
- one client address asks for at most PORTAL_OTP_MAX_PER_IP codes, or makes at most
  PORTAL_OTP_MAX_FAILURES_PER_IP wrong guesses (on codes it asked for), an hour.

Wrong guesses lock the REQUESTER (its session and its address), never the phone or the
email: a stranger who asks for codes for someone's phone and enters wrong ones locks
only themselves out, and the holder still logs in from their own browser. A code can
only be entered from the session that asked for it, and a new code supersedes only the
codes that same session asked for. Guessing stays bounded per phone: at most
PORTAL_OTP_MAX_PER_DESTINATION codes an hour × PORTAL_OTP_MAX_ATTEMPTS guesses each.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rowad.core.errors import DomainError
from rowad.core.sms import SMSMessage, get_sms_backend
from rowad.core.validators import normalize_phone

from .enums import Channel, ErrorCode
from .models import OneTimeCode

logger = logging.getLogger(__name__)
HOUR = timedelta(hours=1)
DEFAULTS = {
    "PORTAL_OTP_TTL": 600,
    "PORTAL_OTP_MAX_ATTEMPTS": 5,
    "PORTAL_OTP_RESEND_SECONDS": 60,
    "PORTAL_OTP_MAX_PER_DESTINATION": 5,
    "PORTAL_OTP_MAX_FAILURES": 10,
    "PORTAL_OTP_MAX_PER_IP": 20,
    "PORTAL_OTP_MAX_FAILURES_PER_IP": 30,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


class CodeError(DomainError):
    pass


@dataclass(frozen=True)
class Contact:
    channel: str
    destination: str


def parse_contact(value: str, country: str) -> Contact:
    """A phone (any usual spelling, normalized to E.164) or an email (lower-cased).
    Raises ValidationError with a translated message."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Enter your phone number or your email."), code=ErrorCode.REQUIRED)
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError(
                _("This is not a valid email address."), code=ErrorCode.INVALID_EMAIL
            ) from exc
        return Contact(Channel.EMAIL, value.lower())
    return Contact(Channel.SMS, normalize_phone(value, country))


def _hash(salt: str, destination: str, code: str) -> str:
    return salted_hmac("rowad.portal.otp", f"{salt}:{destination}:{code}", algorithm="sha256").hexdigest()


def _failures(**filters) -> int:
    since = timezone.now() - HOUR
    return OneTimeCode.objects.filter(created_at__gte=since, **filters).aggregate(n=Sum("attempts"))["n"] or 0


def issue_code(
    contact: Contact,
    *,
    purpose: str,
    ip: str | None,
    requester: str,
    language: str,
    deliver: bool = True,
) -> OneTimeCode:
    """Create a code for `contact` and send it after the transaction commits.
    `deliver=False` records a code that nobody receives (a log-in attempt for an unknown
    contact looks and throttles exactly like a real one)."""
    now = timezone.now()
    since = now - HOUR
    with transaction.atomic():
        recent = OneTimeCode.objects.filter(destination=contact.destination, created_at__gte=since)
        last = recent.order_by("-created_at").first()
        wait = (
            limit("PORTAL_OTP_RESEND_SECONDS") - int((now - last.created_at).total_seconds()) if last else 0
        )
        if wait > 0:
            raise CodeError(
                ngettext(
                    "A code was just sent. You can ask for a new one in %(seconds)d second.",
                    "A code was just sent. You can ask for a new one in %(seconds)d seconds.",
                    wait,
                )
                % {"seconds": wait},
                code=ErrorCode.RESEND_TOO_SOON,
            )
        if (
            recent.count() >= limit("PORTAL_OTP_MAX_PER_DESTINATION")
            or _failures(requester=requester) >= limit("PORTAL_OTP_MAX_FAILURES")
            or (
                ip
                and OneTimeCode.objects.filter(requested_ip=ip, created_at__gte=since).count()
                >= limit("PORTAL_OTP_MAX_PER_IP")
            )
            or (ip and _failures(requested_ip=ip) >= limit("PORTAL_OTP_MAX_FAILURES_PER_IP"))
        ):
            raise CodeError(
                _("Too many codes were asked for. Try again in an hour."),
                code=ErrorCode.TOO_MANY_CODES,
                status_code=429,
            )
        OneTimeCode.objects.filter(
            destination=contact.destination, requester=requester, used_at__isnull=True, superseded=False
        ).update(superseded=True)
        code = f"{secrets.randbelow(10**6):06d}"
        salt = secrets.token_hex(8)
        otp = OneTimeCode.objects.create(
            channel=contact.channel,
            destination=contact.destination,
            purpose=purpose,
            salt=salt,
            code_hash=_hash(salt, contact.destination, code),
            requested_ip=ip or None,
            requester=requester,
            expires_at=now + timedelta(seconds=limit("PORTAL_OTP_TTL")),
        )
        if deliver:
            transaction.on_commit(partial(deliver_code, contact, code, language), robust=True)
    return otp


def deliver_code(contact: Contact, code: str, language: str) -> None:
    """Send the code in the holder's language through the project's SMS or mail backend."""
    minutes = limit("PORTAL_OTP_TTL") // 60
    with translation.override(language or "ar"):
        body = _("Rowad: your code is %(code)s. It expires in %(minutes)d minutes. Never share it.") % {
            "code": code,
            "minutes": minutes,
        }
        subject = _("Your Rowad code")
    if contact.channel == Channel.SMS:
        get_sms_backend().send(SMSMessage(to=contact.destination, body=body))
    else:
        send_mail(subject, body, None, [contact.destination])


def verify_code(code_id: int | None, entered: str, *, requester: str, ip: str | None = None) -> OneTimeCode:
    """Check `entered` against the code `requester` asked for; a wrong guess is counted
    (and committed) before the error is raised. Returns the code, marked used."""
    entered = "".join(ch for ch in (entered or "") if ch.isdigit())
    now = timezone.now()
    error: CodeError | None = None
    with transaction.atomic():
        otp = OneTimeCode.objects.select_for_update().filter(pk=code_id).first() if code_id else None
        if otp is None or otp.used_at or otp.superseded or otp.requester != requester:
            raise CodeError(
                _("This code is no longer valid. Ask for a new one."), code=ErrorCode.CODE_INVALID
            )
        max_attempts = limit("PORTAL_OTP_MAX_ATTEMPTS")
        if (
            otp.attempts >= max_attempts
            or _failures(requester=requester) >= limit("PORTAL_OTP_MAX_FAILURES")
            or (ip and _failures(requested_ip=ip) >= limit("PORTAL_OTP_MAX_FAILURES_PER_IP"))
        ):
            raise CodeError(
                _("Too many wrong codes. Ask for a new code later."),
                code=ErrorCode.TOO_MANY_ATTEMPTS,
                status_code=429,
            )
        if now >= otp.expires_at:
            raise CodeError(_("This code has expired. Ask for a new one."), code=ErrorCode.CODE_EXPIRED)
        if not constant_time_compare(_hash(otp.salt, otp.destination, entered), otp.code_hash):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            left = max_attempts - otp.attempts
            if left <= 0:
                message = _("Too many wrong codes. Ask for a new code later.")
                error = CodeError(message, code=ErrorCode.TOO_MANY_ATTEMPTS, status_code=429)
            else:
                message = ngettext(
                    "This code is not right. %(left)d attempt left.",
                    "This code is not right. %(left)d attempts left.",
                    left,
                ) % {"left": left}
                error = CodeError(message, code=ErrorCode.WRONG_CODE)
        else:
            otp.used_at = now
            otp.save(update_fields=["used_at"])
    if error is not None:
        raise error
    return otp
