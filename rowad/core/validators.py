"""National ID and phone validation, per country."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .enums import ErrorCode

ALGERIAN_NIN = re.compile(r"^\d{18}$")
MOROCCAN_CIN = re.compile(r"^[A-Z]{1,2}\d{1,7}$")
MAX_NAME_LENGTH = 120


def normalize_national_id(value: str) -> str:
    """Upper-case and drop spaces, dashes and dots that people type inside IDs."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def validate_national_id(value: str, country: str) -> str:
    """Return the normalized ID or raise ValidationError with a translated message.

    Algeria: the NIN (numéro d'identification national) has 18 digits.
    Morocco: the CIN is one or two letters followed by up to 7 digits (e.g. AB123456).
    """
    normalized = normalize_national_id(value)
    if country == "DZ":
        if not ALGERIAN_NIN.match(normalized):
            raise ValidationError(
                _("An Algerian national identification number (NIN) has exactly 18 digits."),
                code=ErrorCode.INVALID_NIN,
            )
    elif country == "MA":
        if not MOROCCAN_CIN.match(normalized):
            raise ValidationError(
                _("A Moroccan national ID card number (CIN) is one or two letters followed by digits."),
                code=ErrorCode.INVALID_CIN,
            )
    else:
        raise ValidationError(_("Unknown country for this national ID."), code=ErrorCode.UNKNOWN_COUNTRY)
    return normalized


def normalize_phone(value: str, country: str) -> str:
    """Parse a phone written any usual way (0550 12 34 56, +213550123456, 00213…) and
    return it in E.164, or raise ValidationError."""
    raw = (value or "").strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, country or None)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a valid phone number."), code=ErrorCode.INVALID_PHONE) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This is not a valid phone number."), code=ErrorCode.INVALID_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalize_phone(value: str, country: str) -> str | None:
    try:
        return normalize_phone(value, country)
    except ValidationError:
        return None


def validate_name_length(value: str) -> None:
    if value and len(value) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("A name has at most %(limit)d characters."),
            code=ErrorCode.TOO_LONG,
            params={"limit": MAX_NAME_LENGTH},
        )
