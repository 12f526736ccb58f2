"""Per-record matching features, computed once per record in Python (pure functions, no
Django): the cross-script consonant skeleton of each name (rowad.core.text), folded
spellings, phones reduced to their national significant digits, IDs without separators,
birth dates split into parts with the "presumed" (1 January) convention recognised.

The engine (engine.py) loads these columns into DuckDB and does everything pairwise in SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rowad.core.text import ARABIC_DIGITS, fold_latin, is_arabic, name_tokens, normalize_text, token_key

NON_DIGIT = re.compile(r"\D")
NON_ALNUM = re.compile(r"[^0-9A-Z]")

# The columns a record carries into the engine, in order (the CSV/DuckDB schema).
COLUMNS = (
    "rid",  # record id (a Person pk, or an incoming row's index)
    "src",  # "r" registry, "i" incoming
    "given_key_ar",
    "given_key_lat",
    "family_key_ar",
    "family_key_lat",
    "given_text",  # folded spelling (Latin if any, else Arabic) for same-script comparison
    "family_text",
    "national_id",
    "phone1",
    "phone2",
    "birth_year",
    "birth_month",
    "birth_day",
    "presumed",  # 1 when the birth date is only a presumed year (1 January)
    "sex",
    "province",
    "country",
)


@dataclass(frozen=True)
class PersonRecord:
    """What the engine needs of one person (a Person, an incoming row, a benchmark row)."""

    rid: int
    given_name_ar: str = ""
    family_name_ar: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""
    national_id: str = ""
    phone: str = ""
    phone_alt: str = ""
    birth_date: date | None = None
    sex: str = ""
    province: str = ""
    country: str = ""


@lru_cache(maxsize=200_000)
def full_name_key(name: str) -> str:
    """Skeleton of a whole name with its words joined: "Abd El Kader", "Abdelkader" and
    "عبد القادر" all give "bdlkdr"; "Ben Ali", "Benali" and "بن علي" give "bnl"."""
    keys = [token_key(t) for t in name_tokens(name or "")]
    return re.sub(r"(.)\1+", r"\1", "".join(k for k in keys if k))


@lru_cache(maxsize=200_000)
def folded(name: str) -> str:
    return normalize_text(name or "").replace(" ", "")


def phone_digits(phone: str) -> str:
    """The last 9 digits: the national significant number in Algeria and Morocco, the same
    whether written 0550 12 34 56, +213 550 123 456 or 00213550123456."""
    digits = NON_DIGIT.sub("", (phone or "").translate(ARABIC_DIGITS))
    return digits[-9:] if len(digits) >= 8 else ""


def national_id_key(value: str) -> str:
    return NON_ALNUM.sub("", (value or "").translate(ARABIC_DIGITS).upper())


def record_features(record: PersonRecord, src: str = "r") -> tuple:
    given_ar, family_ar = record.given_name_ar or "", record.family_name_ar or ""
    given_lat, family_lat = record.given_name_latin or "", record.family_name_latin or ""
    # A Latin field typed in Arabic script (or the reverse) still keys the same way.
    birth = record.birth_date
    phones = sorted({p for p in (phone_digits(record.phone), phone_digits(record.phone_alt)) if p})
    return (
        record.rid,
        src,
        full_name_key(given_ar),
        full_name_key(given_lat),
        full_name_key(family_ar),
        full_name_key(family_lat),
        folded(given_lat) if given_lat and not is_arabic(given_lat) else folded(given_ar),
        folded(family_lat) if family_lat and not is_arabic(family_lat) else folded(family_ar),
        national_id_key(record.national_id),
        phones[0] if phones else "",
        phones[1] if len(phones) > 1 else "",
        birth.year if birth else None,
        birth.month if birth else None,
        birth.day if birth else None,
        1 if birth and birth.month == 1 and birth.day == 1 else 0,
        (record.sex or "").upper()[:1],
        str(record.province or ""),
        (record.country or "").upper(),
    )


__all__ = ["COLUMNS", "PersonRecord", "fold_latin", "full_name_key", "phone_digits", "record_features"]
