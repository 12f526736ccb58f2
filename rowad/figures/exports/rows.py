"""What an export contains, whatever its format: the filters in force, every indicator's
total (and its breakdown), and the records behind a number — read through the engine, as
typed values (int, Decimal, date); each writer decides how a value is written."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from rowad.accounts.scope import Scope
from rowad.core.money import currency_for_country

from .. import engine
from ..dimensions import DIMENSIONS, NONE, none_label
from ..engine import Filters
from ..indicators import Indicator, Unit, indicator_named

Progress = Callable[[int], None]
# How often a writer reports the rows written (and the task checks for a cancel).
PROGRESS_EVERY = 1000
# Rows read from the database at a time (bounded memory, whatever the count).
CHUNK = 2000


@dataclass(frozen=True)
class SummaryRow:
    indicator: str
    # The value of the breakdown ("" on the indicator's total row).
    part: str
    value: int | Decimal | None
    unit: str


def filter_lines(filters: Filters) -> list[tuple[str, str]]:
    """The filters in force, readable (label, value), written at the top of a summary."""
    lines = [(_("Country"), filters.country), (_("Written on"), timezone.localdate().isoformat())]
    if filters.start or filters.end:
        start = filters.start.isoformat() if filters.start else "…"
        end = filters.end.isoformat() if filters.end else "…"
        lines.append((_("Period"), f"{start} – {end}"))
    for code, keys in filters.selected.items():
        dimension = DIMENSIONS[code]
        labels = dimension.labels(list(keys))
        names = [none_label() if k == NONE else labels.get(k, str(k)) for k in keys]
        lines.append((str(dimension.label), ", ".join(names)))
    return lines


def summary_headers(breakdown: str | None) -> list[str]:
    headers = [_("Indicator")]
    if breakdown:
        headers.append(str(DIMENSIONS[breakdown].label))
    return [*headers, _("Number"), _("Unit")]


def _unit(indicator: Indicator, filters: Filters) -> str:
    return currency_for_country(filters.country) if indicator.unit == Unit.MONEY else ""


def summary_rows(
    scope: Scope, filters: Filters, indicator_codes: list[str], breakdown: str | None
) -> Iterator[SummaryRow]:
    """Each indicator's total, then (with a breakdown) one row per value of the dimension;
    the value is None where a filter or the breakdown does not apply to the indicator."""
    for code in indicator_codes:
        indicator = indicator_named(code)
        unit = _unit(indicator, filters)
        figure = engine.total(indicator, scope, filters)
        yield SummaryRow(str(indicator.label), "", figure.value, unit)
        if breakdown:
            for part in engine.breakdown(indicator, scope, filters, breakdown):
                yield SummaryRow(str(indicator.label), part.label, part.value, unit)


def record_headers(indicator: Indicator) -> list[str]:
    return [*(str(column.label) for column in indicator.columns), _("Link")]


def record_queryset(indicator: Indicator, scope: Scope, filters: Filters) -> QuerySet:
    """The engine's records, in the order of the records page."""
    return engine.record_list(indicator, scope, filters)


def record_count(indicator: Indicator, scope: Scope, filters: Filters) -> int:
    return engine.records(indicator, scope, filters).count()


def record_rows(indicator: Indicator, scope: Scope, filters: Filters) -> Iterator[list[Any]]:
    """One row per record (its columns, then the absolute address of its page), read in
    chunks so a million records never sit in memory at once."""
    base = settings.ROWAD_PUBLIC_BASE_URL.rstrip("/")
    for record in record_queryset(indicator, scope, filters).iterator(chunk_size=CHUNK):
        cells = [plain(column.value(record)) for column in indicator.columns]
        url = indicator.link(record) if indicator.link else ""
        yield [*cells, f"{base}{url}" if url else ""]


def plain(value: Any) -> Any:
    """A cell's value as a type both writers know: int, Decimal, float, date, naive local
    datetime, bool or text (a record, a lazy label: their text)."""
    if value is None or isinstance(value, bool | int | float | Decimal | str):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, Model | Promise):
        return str(value)
    return str(value)


def language_is_rtl() -> bool:
    return get_language_bidi()
