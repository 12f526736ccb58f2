"""How values read in every language, one filter each, for pages and PDFs alike:

- `{{ amount|money:currency }}`: the locale's separators and the currency in the
  reader's language ("3 200 000,00 DA", "\u200f3.200.000,00 د.ج.\u200f"); the argument is a currency
  code ("DZD") or a country code ("DZ": its currency and its variant of the locale).
- `{{ amount|amount }}`: the number alone, where a column already names the currency.
- `{{ day|long_date }}`: a date written out for letters ("12 mars 2026", "12 مارس 2026").
- `{% reading_arrow %}`: the arrow of time pointing the reading way (← in Arabic).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from django import template
from django.utils import timezone, translation

from ..money import _locale, currency_for_country, format_amount, format_money, parse_amount

register = template.Library()


@register.filter
def money(amount: Any, currency: str | None = None) -> str:
    if amount in (None, ""):
        return ""
    value = amount if isinstance(amount, Decimal) else parse_amount(amount)
    if value is None:
        return str(amount)
    code = str(currency or "DZD").upper()
    if len(code) == 2:
        return format_money(value, currency_for_country(code), country=code)
    return format_money(value, code)


@register.filter
def amount(value: Any) -> str:
    """The number alone with the locale's separators, where a column names the currency."""
    if value in (None, ""):
        return ""
    number = value if isinstance(value, Decimal) else parse_amount(value)
    return str(value) if number is None else format_amount(number)


@register.filter
def long_date(value: Any, country: str | None = None) -> str:
    """The day of a date or date-time (in the site's time zone), written out."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return format_date(value, format="long", locale=_locale(country))


@register.simple_tag
def reading_arrow() -> str:
    return "←" if translation.get_language_bidi() else "→"


@register.filter
def number(value: Any) -> str:
    """A count or an amount with the locale's separators: whole numbers without
    decimals (72 000), other amounts with two."""
    if value in (None, ""):
        return ""
    if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral_value()):
        return format_decimal(int(value), format="#,##0", locale=_locale())
    return amount(value)


@register.filter
def percent(value: Any) -> str:
    """A share (0.25) as the locale writes a percentage, one decimal."""
    if value in (None, ""):
        return ""
    return format_percent(value, format="#,##0.0%", locale=_locale())
