"""Registration identifiers of an enterprise, per country: normalised and checked.

Where python-stdnum knows the identifier it does the work (Algeria's NIF: its format;
Morocco's ICE: format and its two-digit mod-97 check). The others are checked against
their published format only (docs/enterprises.md lists which):

- Algeria: trade register number (CNRC: wilaya/00-number, A for a person or B for a
  company, year), NIS (ONS statistical id, 15 digits);
- Morocco: trade register (RC, the number at its court), IF (tax id, 7 or 8 digits), the
  ODCo registration number of a cooperative.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum.dz import nif as dz_nif
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.ma import ice as ma_ice

from rowad.core.enums import CountryCode

from .enums import LegalForm


@dataclass(frozen=True)
class Identifier:
    field: str  # the Enterprise field holding it
    label: Promise
    example: str
    # Returns the stored (compact) form or raises ValueError with a translated message.
    clean: Callable[[str], str]
    checksum: bool  # False: only the format is checked
    forms: frozenset[str] | None = None  # only for these legal forms (None: all)


def _compact(value: str) -> str:
    return re.sub(r"[\s.\-/]", "", value or "").upper()


def _stdnum(module, label: Promise) -> Callable[[str], str]:
    def clean(value: str) -> str:
        try:
            # Separators as the other identifiers take them (stdnum only drops spaces).
            return module.validate(_compact(value))
        except InvalidChecksum as error:
            raise ValueError(_("%(label)s: the check digits are wrong.") % {"label": label}) from error
        except InvalidLength as error:
            raise ValueError(_("%(label)s: wrong number of digits.") % {"label": label}) from error
        except (InvalidFormat, InvalidComponent, ValidationError) as error:
            raise ValueError(_("%(label)s: not in the expected format.") % {"label": label}) from error

    return clean


def _pattern(regex: str, label: Promise, example: str, *, keep: Callable[[str], str] = _compact):
    compiled = re.compile(regex)

    def clean(value: str) -> str:
        stored = keep(value)
        if not compiled.fullmatch(stored):
            raise ValueError(
                _("%(label)s: not in the expected format (for example %(example)s).")
                % {"label": label, "example": example}
            )
        return stored

    return clean


def _dz_trade_register(value: str) -> str:
    """CNRC numbers are written "16/00-0012345 B 08": stored in that one shape, however
    spaced ("16/00-0012345B08" is the same number); anything else is kept as typed."""
    text = re.sub(r"\s+", " ", (value or "").strip().upper())
    match = re.fullmatch(r"(\d{2}/\d{2}-\d{7})([AB])(\d{2})", re.sub(r"\s", "", text))
    return f"{match[1]} {match[2]} {match[3]}" if match else text


DZ_RC = _("Trade register number")
DZ_NIF = _("Tax identification number (NIF)")
DZ_NIS = _("Statistical identification number (NIS)")
MA_RC = _("Trade register (RC)")
MA_ICE = _("Common enterprise identifier (ICE)")
MA_IF = _("Tax identifier (IF)")
MA_ODCO = _("Cooperative registration number (ODCo)")

IDENTIFIERS: dict[str, tuple[Identifier, ...]] = {
    CountryCode.ALGERIA: (
        Identifier(
            "trade_register",
            DZ_RC,
            "16/00-0012345 B 08",
            _pattern(r"\d{2}/\d{2}-\d{7} ?[AB] ?\d{2}", DZ_RC, "16/00-0012345 B 08", keep=_dz_trade_register),
            checksum=False,
        ),
        Identifier("tax_id", DZ_NIF, "000216001808337", _stdnum(dz_nif, DZ_NIF), checksum=False),
        Identifier(
            "statistical_id", DZ_NIS, "098716010012345", _pattern(r"\d{15}", DZ_NIS, "098716010012345"), False
        ),
    ),
    CountryCode.MOROCCO: (
        Identifier("trade_register", MA_RC, "45123", _pattern(r"\d{1,7}", MA_RC, "45123"), checksum=False),
        Identifier("ice", MA_ICE, "001561191000066", _stdnum(ma_ice, MA_ICE), checksum=True),
        Identifier("tax_id", MA_IF, "40115543", _pattern(r"\d{7,8}", MA_IF, "40115543"), checksum=False),
        Identifier(
            "odco_number",
            MA_ODCO,
            "2017-12345",
            _pattern(r"(\d{4}-)?\d{1,6}", MA_ODCO, "2017-12345", keep=lambda v: re.sub(r"\s", "", v or "")),
            checksum=False,
            forms=frozenset({LegalForm.COOPERATIVE}),
        ),
    ),
}

IDENTIFIER_FIELDS = ("trade_register", "tax_id", "statistical_id", "ice", "odco_number")


def identifiers_for(country: str, legal_form: str | None = None) -> tuple[Identifier, ...]:
    """The identifiers an enterprise of this country (and legal form) carries."""
    return tuple(
        i
        for i in IDENTIFIERS.get(country, ())
        if i.forms is None or legal_form is None or legal_form in i.forms
    )


def clean_identifiers(country: str, legal_form: str, values: dict[str, str]) -> tuple[dict[str, str], dict]:
    """(stored values, {field: message}) for the identifiers given; blank ones stay blank
    (an enterprise gets its numbers over the creation steps). A value for an identifier
    the country does not use is an error, not silently dropped."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    known = {i.field: i for i in identifiers_for(country, legal_form)}
    for field in IDENTIFIER_FIELDS:
        raw = (values.get(field) or "").strip()
        if not raw:
            cleaned[field] = ""
            continue
        identifier = known.get(field)
        if identifier is None:
            errors[field] = str(_("This identifier is not used for this country or legal form."))
            continue
        try:
            cleaned[field] = identifier.clean(raw)
        except ValueError as error:
            errors[field] = str(error)
    return cleaned, errors
