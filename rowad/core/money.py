"""Money as the reader reads it: Decimal amounts with their currency, formatted with the
locale's separators and the currency's name in the reader's language (Babel holds the
CLDR data for ar/fr/en in Algeria and Morocco). No float anywhere on the money path:
amounts are parsed with `parse_amount` and rounded with `to_cents`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_currency, format_decimal
from django.utils import translation

CENT = Decimal("0.01")
# The CLDR locale of each interface language; the country's variant where it differs.
LOCALES = {"ar": "ar_DZ", "fr": "fr_DZ", "en": "en"}
COUNTRY_LOCALES = {("ar", "MA"): "ar_MA", ("fr", "MA"): "fr_MA"}


def to_cents(amount: Decimal) -> Decimal:
    """Round half up to the cent (what a cashier does), never banker's rounding."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(value: Any) -> Decimal | None:
    """A Decimal from user or API input ("1 234,50", "1234.5", Decimal); None if it is not
    an amount. Floats are refused: they cannot hold cents exactly."""
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, (float, bool)) or value is None:
        return None
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _locale(country: str | None = None) -> str:
    language = (translation.get_language() or "ar")[:2]
    return COUNTRY_LOCALES.get((language, country or ""), LOCALES.get(language, "en"))


def currency_for_country(country: str) -> str:
    return {"DZ": "DZD", "MA": "MAD"}.get(country, "DZD")


def format_money(amount: Decimal | None, currency: str, *, country: str | None = None) -> str:
    """`1 234 567,50 DA` in French, `\u200f1.234.567,50 د.ج.\u200f` in Arabic, `DZD1,234,567.50` in English."""
    if amount is None:
        return ""
    return format_currency(amount, currency, locale=_locale(country))


def format_amount(amount: Decimal | None, *, country: str | None = None) -> str:
    """The number alone, with the locale's separators and two decimals."""
    if amount is None:
        return ""
    return format_decimal(amount, format="#,##0.00", locale=_locale(country))
