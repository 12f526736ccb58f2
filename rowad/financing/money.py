"""Money as the reader reads it lives in `rowad.core.money` (every app shows amounts the
same way); kept here for the financing code that imports it from its own app."""

from rowad.core.money import (
    CENT,
    COUNTRY_LOCALES,
    LOCALES,
    _locale,
    currency_for_country,
    format_amount,
    format_money,
    parse_amount,
    to_cents,
)

__all__ = [
    "CENT",
    "COUNTRY_LOCALES",
    "LOCALES",
    "_locale",
    "currency_for_country",
    "format_amount",
    "format_money",
    "parse_amount",
    "to_cents",
]
