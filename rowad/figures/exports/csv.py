"""The figures as CSV: UTF-8 with a byte order mark (so a spreadsheet opens Arabic
correctly), machine-readable cells (ISO dates, unformatted numbers), labels in the active
language, and every text cell neutralised against formula injection
(rowad.core.spreadsheets.neutralise, the one rule for every file Rowad writes)."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from typing import IO, Any

from rowad.accounts.scope import Scope
from rowad.core.spreadsheets import neutralise

from ..engine import Filters
from ..indicators import Indicator
from .rows import (
    PROGRESS_EVERY,
    Progress,
    filter_lines,
    record_headers,
    record_rows,
    summary_headers,
    summary_rows,
)

BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def text(value: Any) -> str:
    """A cell's text: ISO dates, numbers as Python writes them (no grouping, a dot)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | Decimal | float):
        return str(value)
    return neutralise(str(value))


def write_summary_csv(
    stream: IO[str], scope: Scope, filters: Filters, indicator_codes: list[str], breakdown: str | None
) -> None:
    """The same content as write_summary_xlsx: filters, a blank row, then the figures.
    `stream` is a text stream opened with newline=""."""
    stream.write(BOM)
    writer = csv.writer(stream)
    writer.writerows([text(label), text(value)] for label, value in filter_lines(filters))
    writer.writerow([])
    writer.writerow([text(h) for h in summary_headers(breakdown)])
    for row in summary_rows(scope, filters, indicator_codes, breakdown):
        cells = [row.indicator, *([row.part] if breakdown else []), row.value, row.unit]
        writer.writerow([text(value) for value in cells])


def write_records_csv(
    stream: IO[str],
    scope: Scope,
    filters: Filters,
    indicator: Indicator,
    progress: Progress | None = None,
) -> int:
    """The records behind the number, one row each, like write_records_xlsx."""
    stream.write(BOM)
    writer = csv.writer(stream)
    writer.writerow([text(h) for h in record_headers(indicator)])
    done = 0
    for row in record_rows(indicator, scope, filters):
        writer.writerow([text(value) for value in row])
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(done)
    return done
