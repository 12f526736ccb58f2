"""Kinds and states of the holder portal (no bare strings in code)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class CodePurpose(models.TextChoices):
    SIGNUP = "signup", _("Sign-up")
    LOGIN = "login", _("Log-in")


class ClaimState(models.TextChoices):
    """Whether a registry record may be this holder's (same verified phone or email)."""

    NONE = "none", _("No registry record to claim")
    PENDING = "pending", _("A registry record may be theirs")
    CLOSED = "closed", _("Claim closed")


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Erased")
    REFUSED = "refused", _("Refused")


PORTAL_LANGUAGES = [("ar", "العربية"), ("fr", "Français"), ("en", "English")]


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them."""

    CLAIM_CLOSED = "claim_closed"
    CLAIM_FAILED = "claim_failed"
    CLAIM_MISMATCH = "claim_mismatch"
    CODE_EXPIRED = "code_expired"
    CODE_INVALID = "code_invalid"
    ERASURE_HANDLED = "erasure_handled"
    INVALID_EMAIL = "invalid_email"
    NO_ACCOUNT = "no_account"
    NO_AGENCY = "no_agency"
    PROFILE_EXISTS = "profile_exists"
    REQUIRED = "required"
    RESEND_TOO_SOON = "resend_too_soon"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    TOO_MANY_CODES = "too_many_codes"
    WRONG_CODE = "wrong_code"
