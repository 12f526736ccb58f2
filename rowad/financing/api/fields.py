"""Money on the API: amounts travel as strings of decimals ("1234.50") beside a `currency`
field, never as floats.

Input: an amount is read as a Decimal. A JSON number is parsed as a Decimal too (never
through a float, `DecimalJSONParser`) and accepted only if it has at most two decimals, so
`0.30000000000000004` (what a client computing 0.1 + 0.2 in floating point sends) is
refused with a 400 instead of being rounded into the books. Strings ("1234.5") are the
recommended form."""

from __future__ import annotations

import codecs
from decimal import Decimal

from django.conf import settings
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.utils import json

from ..models import MONEY_DIGITS, MONEY_PLACES

MONEY_HELP = (
    'A decimal amount with at most 2 decimals, preferably as a string ("1234.50"). A JSON '
    "number is accepted only if it has at most 2 decimals (it is read as a decimal, never as "
    "a float). Always in the `currency` of the object."
)


class DecimalJSONParser(JSONParser):
    """JSON whose numbers with a fraction are read as Decimal, never as float."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded = codecs.getreader(encoding)(stream)
            return json.load(decoded, parse_constant=json.strict_constant, parse_float=Decimal)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc


PARSERS = [DecimalJSONParser, FormParser, MultiPartParser]


def money_field(**kwargs) -> serializers.DecimalField:
    """An amount: a string of a Decimal with 2 decimals out, a Decimal in."""
    kwargs.setdefault("help_text", MONEY_HELP)
    return serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, coerce_to_string=True, **kwargs
    )


def money_out(**kwargs) -> serializers.DecimalField:
    """A read-only amount (a string of a Decimal with 2 decimals)."""
    return serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, coerce_to_string=True, read_only=True, **kwargs
    )
