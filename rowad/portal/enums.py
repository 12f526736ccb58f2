"""Kinds and states of the holder portal (no bare strings in code)."""

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
