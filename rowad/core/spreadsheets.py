"""Cells written to a CSV or XLSX file someone will open in a spreadsheet: the one rule
against formula injection (CSV/XLSX injection) for every file Rowad writes. Every export
passes each of its cells, header included, through `neutralise` (or `neutralise_row`);
`tests/core/test_spreadsheet_exports.py` fails for a module that writes a CSV or a
workbook without it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

NUMBER = re.compile(r"[+-]?\d[\d .]*")
# = + - @ start a formula; a tab or a line break before them is skipped by some
# spreadsheets (OWASP's list); the full-width forms are read as the ASCII ones by
# spreadsheets in East Asian locales.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """A text starting with = + - @ (or a tab or line break) would be read as a formula:
    it is written with a leading apostrophe, so the cell is text. A phone such as +213…
    or a negative number written as text is a plain number and stays as it is; numbers,
    dates and None are returned unchanged (a numeric cell stays a number)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in values]
