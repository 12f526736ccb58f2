"""The public page's numbers: registered, dossiers approved, enterprises created and jobs,
per province and programme, for one country and one year — national (every province),
from the engine, with small cells suppressed.

Suppression (statistical disclosure control), applied to each table (provinces ×
programmes, with the provinces' totals, the programmes' totals and the grand total):

1. Primary: a number above zero and below ROWAD_PUBLIC_FIGURES_MIN_CELL (default 10) is
   shown as "< 10" — totals too. A jobs number is also suppressed where the enterprises
   it counts are suppressed (a few enterprises' jobs would describe those enterprises).
2. Complementary: in every line of the table (a row with its total, a column with its
   total) no number may be the only one suppressed — otherwise it could be recomputed
   from the line's total. While some line has exactly one, the smallest other number of
   that line is suppressed too (a cell before the total; the smallest, zeros included),
   and the lines are checked again until none has exactly one.

The table is computed (and suppressed) whole, then cached for an hour; narrowing the page
to a province or a programme only picks rows and columns of the suppressed table, so a
narrowed page cannot show a number the whole table hides.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from rowad.accounts.scope import Scope

from . import engine
from .dimensions import NONE
from .engine import Filters
from .indicators import REGISTRY

PUBLIC_INDICATORS = ("registered", "approved", "enterprises_created", "jobs")
CACHE_SECONDS = 3600
TOTAL = "total"
Grid = dict[tuple[Any, Any], int]


def public_scope() -> Scope:
    """A platform-wide scope for the public aggregates ONLY: never hand it to anything that
    lists records or builds their URLs."""
    return Scope(user_id=None, is_platform_admin=True)


def min_cell() -> int:
    return int(getattr(settings, "ROWAD_PUBLIC_FIGURES_MIN_CELL", 10))


@dataclass(frozen=True)
class PublicTable:
    indicator: str
    label: str
    # value per (row key, column key); TOTAL as a key for the totals; None = suppressed
    shown: dict[tuple[Any, Any], int | None]


@dataclass(frozen=True)
class PublicFigures:
    country: str
    year: int
    rows: list[tuple[Any, str]]  # provinces (key, label)
    columns: list[tuple[Any, str]]  # programmes (key, label)
    tables: list[PublicTable]
    threshold: int


def public_figures(country: str, year: int) -> PublicFigures:
    """The page's tables, suppressed, cached an hour per country, year and language."""
    key = f"figures:public:{country}:{year}:{translation.get_language()}:{min_cell()}"
    figures = cache.get(key)
    if figures is None:
        figures = _compute(country, year)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _compute(country: str, year: int) -> PublicFigures:
    scope = public_scope()
    filters = Filters(country=country, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    grids: dict[str, Grid] = {}
    rows: dict[Any, str] = {}
    columns: dict[Any, str] = {}
    for code in PUBLIC_INDICATORS:
        indicator = REGISTRY[code]
        grid: Grid = {}
        for programme in engine.breakdown(indicator, scope, filters, "programme"):
            columns.setdefault(programme.key, programme.label)
            for cell in engine.breakdown(indicator, scope, programme.filters, "province"):
                rows.setdefault(cell.key, cell.label)
                grid[(cell.key, programme.key)] = int(cell.value or 0)
        grids[code] = grid
    row_keys, column_keys = _ordered(rows), _ordered(columns)
    threshold = min_cell()
    tables = []
    enterprises_hidden: set[tuple[Any, Any]] = set()
    for code in PUBLIC_INDICATORS:
        full = _with_totals(grids[code], row_keys, column_keys)
        primary = {position for position, value in full.items() if 0 < value < threshold}
        if code == "enterprises_created":
            enterprises_hidden = primary
        if code == "jobs":
            primary |= enterprises_hidden
        hidden = complementary(full, primary, row_keys, column_keys)
        shown = {position: (None if position in hidden else value) for position, value in full.items()}
        tables.append(PublicTable(code, str(REGISTRY[code].label), shown))
    return PublicFigures(
        country=country,
        year=year,
        rows=[(k, rows[k]) for k in row_keys],
        columns=[(k, columns[k]) for k in column_keys],
        tables=tables,
        threshold=threshold,
    )


def _ordered(labels: dict[Any, str]) -> list[Any]:
    """By label, "Not given" last."""
    return sorted(labels, key=lambda k: (k == NONE, labels[k]))


def _with_totals(grid: Grid, rows: list[Any], columns: list[Any]) -> Grid:
    full: Grid = {(r, c): grid.get((r, c), 0) for r in rows for c in columns}
    for r in rows:
        full[(r, TOTAL)] = sum(full[(r, c)] for c in columns)
    for c in columns:
        full[(TOTAL, c)] = sum(full[(r, c)] for r in rows)
    full[(TOTAL, TOTAL)] = sum(full[(r, TOTAL)] for r in rows)
    return full


def _lines(rows: list[Any], columns: list[Any]) -> list[list[tuple[Any, Any]]]:
    """Each row and each column with its total last (the totals' row and column too)."""
    all_rows, all_columns = [*rows, TOTAL], [*columns, TOTAL]
    return [[(r, c) for c in all_columns] for r in all_rows] + [
        [(r, c) for r in all_rows] for c in all_columns
    ]


def complementary(full: Grid, primary: set, rows: list[Any], columns: list[Any]) -> set:
    """The suppressed positions: `primary` and enough others that no line of the table has
    exactly one (see the module's docstring)."""
    hidden = set(primary)
    lines = _lines(rows, columns)
    changed = True
    while changed:
        changed = False
        for line in lines:
            suppressed = [p for p in line if p in hidden]
            if len(suppressed) != 1:
                continue
            others = [p for p in line if p not in hidden]
            if not others:
                continue
            # a cell before the line's total (the last position), the smallest first
            others.sort(key=lambda p: (p == line[-1], full[p]))
            hidden.add(others[0])
            changed = True
    return hidden
