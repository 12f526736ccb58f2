"""Matching features. Names are keyed in Python (the cross-script consonant skeleton of
rowad.core.text), once per *distinct* name — a registry of a million people has a few
tens of thousands of them. Everything per record (phones reduced to their national
significant digits, IDs without separators, birth dates split into parts with the
"presumed" 1 January convention) is SQL: `sql.FEATURES`, which `phone_digits` and
`national_id_key` below mirror (tests hold the two to the same answers).

The engine (engine.py) loads raw rows and name features into DuckDB and does everything
else in SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rowad.core.text import ARABIC_DIGITS, fold_latin, is_arabic, name_tokens, normalize_text, token_key

NON_DIGIT = re.compile(r"[^0-9]")
NON_ALNUM = re.compile(r"[^0-9A-Z]")

# The raw columns of a record as loaded (the CSV/DuckDB schema of table `raw`).
RAW_COLUMNS = (
    "rid",  # record id (a Person pk, or an incoming row's index)
    "src",  # "r" registry, "i" incoming
    "given_ar",
    "family_ar",
    "given_lat",
    "family_lat",
    "national_id",
    "phone",
    "phone_alt",
    "birth",  # ISO date or empty
    "sex",
    "province",
    "country",
)
# One row per distinct name string (table `names`).
NAME_COLUMNS = ("name", "key", "folded", "arabic")


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


def raw_row(record: PersonRecord, src: str = "r") -> tuple:
    birth = record.birth_date
    return (
        record.rid,
        src,
        record.given_name_ar or "",
        record.family_name_ar or "",
        record.given_name_latin or "",
        record.family_name_latin or "",
        record.national_id or "",
        record.phone or "",
        record.phone_alt or "",
        birth.isoformat() if birth else "",
        record.sex or "",
        str(record.province or ""),
        record.country or "",
    )


def name_features(name: str) -> tuple[str, str, str, bool]:
    """A name's skeleton key, its folded spelling, and whether it is written in Arabic."""
    return (name, full_name_key(name), folded(name), is_arabic(name))


__all__ = [
    "NAME_COLUMNS",
    "RAW_COLUMNS",
    "PersonRecord",
    "fold_latin",
    "full_name_key",
    "name_features",
    "national_id_key",
    "phone_digits",
    "raw_row",
]
