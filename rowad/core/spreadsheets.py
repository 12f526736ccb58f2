"""Cells written to a CSV or XLSX file someone will open in a spreadsheet."""

from __future__ import annotations

import re
from typing import Any

NUMBER = re.compile(r"[+-]?\d[\d .]*")
FORMULA_STARTS = ("=", "+", "-", "@")


def neutralise(value: Any) -> Any:
    """A text starting with = + - @ would be read as a formula (CSV/XLSX injection): it is
    written with a leading apostrophe. A phone such as +213… or a negative number is a
    plain number and stays as it is."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not NUMBER.fullmatch(value):
        return "'" + value
    return value
