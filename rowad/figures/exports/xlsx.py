"""The figures as XLSX: typed cells (numbers as numbers with a format, dates as dates),
headers in the active language, right to left in Arabic.

openpyxl (already a dependency, see requirements.in: the imports read XLSX with it) is
the one pure-Python library that both writes styled cells and streams: in write-only
mode (`Workbook(write_only=True)`) each row goes to a temporary XML file as it is
appended, so the records behind a number — up to a million rows — are written in
bounded memory (benchmarks/figures_export.py measures it). XlsxWriter would also
stream, but would be a second library for the same format.
"""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from rowad.accounts.scope import Scope
from rowad.core.spreadsheets import neutralise

from ..engine import Filters
from ..indicators import Indicator
from .rows import (
    PROGRESS_EVERY,
    Progress,
    filter_lines,
    language_is_rtl,
    record_headers,
    record_rows,
    summary_headers,
    summary_rows,
)

INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
BOLD = Font(bold=True)
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, bold: bool = False) -> Any:
    """A typed cell: the value itself, with the number format of its type. Text and
    empty cells go as plain values (no cell object: a million rows stay fast)."""
    if isinstance(value, str):
        value = neutralise(value)
    number_format = _format(value)
    if not bold and number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = BOLD
    return cell


def _format(value: Any) -> str | None:
    if value is None or isinstance(value, bool | str):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, Decimal | float):
        return DECIMAL_FORMAT
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return None


def _sheet(workbook: Workbook, title: str) -> WriteOnlyWorksheet:
    sheet = workbook.create_sheet(title=title)
    sheet.sheet_view.rightToLeft = language_is_rtl()
    return sheet


def write_summary_xlsx(
    stream: IO[bytes], scope: Scope, filters: Filters, indicator_codes: list[str], breakdown: str | None
) -> None:
    """One sheet "Figures": the filters in force, a blank row, then each indicator's
    total (and its rows per value of `breakdown`). A value that does not apply is empty."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, "Figures")
    for label, value in filter_lines(filters):
        sheet.append([_cell(sheet, label, bold=True), _cell(sheet, value)])
    sheet.append([])
    sheet.append([_cell(sheet, header, bold=True) for header in summary_headers(breakdown)])
    for row in summary_rows(scope, filters, indicator_codes, breakdown):
        cells = [row.indicator, *([row.part] if breakdown else []), row.value, row.unit]
        sheet.append([_cell(sheet, value, bold=not row.part) for value in cells])
    workbook.save(stream)


def write_records_xlsx(
    stream: IO[bytes],
    scope: Scope,
    filters: Filters,
    indicator: Indicator,
    progress: Progress | None = None,
) -> int:
    """The records behind the indicator's number, one row each (its columns and the
    address of its page), streamed. `progress(done)` is called every PROGRESS_EVERY rows
    and at the end (it may raise to stop the export). Returns the rows written."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, "Records")
    return write_rows_xlsx(
        workbook, sheet, stream, record_headers(indicator), record_rows(indicator, scope, filters), progress
    )


def write_rows_xlsx(
    workbook: Workbook,
    sheet: WriteOnlyWorksheet,
    stream: IO[bytes],
    headers: list[str],
    rows: Any,
    progress: Progress | None = None,
) -> int:
    """The writer of write_records_xlsx, on any rows (the benchmark feeds it synthetic ones)."""
    try:
        sheet.append([_cell(sheet, header, bold=True) for header in headers])
        done = 0
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(done)
        if progress:
            progress(done)
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(stream)
    return done


def _discard(sheet: WriteOnlyWorksheet) -> None:
    """Delete the temporary file openpyxl streams the rows to (an export stopped midway
    leaves nothing behind)."""
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    for close in (getattr(sheet, "_rows", None), writer.xf):
        with contextlib.suppress(Exception):
            if close is not None:
                close.close()
    with contextlib.suppress(Exception):
        writer.cleanup()
