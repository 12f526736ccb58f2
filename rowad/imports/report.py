"""What an import gives back to fix: the error report (XLSX: line, the person's name,
column, reason, value, status, then the row as the file had it; the rejected rows and the
rows to review on one sheet, the warnings on another; right to left for an Arabic
reader), and the rejected rows alone in the file's own format (CSV with its delimiter
and encoding, or XLSX) with an error column, to correct and import again. Every cell,
the file's own column names included, is neutralised against formula injection."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from rowad.core.spreadsheets import neutralise, neutralise_row

from .enums import FileFormat, ProblemKind
from .models import ImportBatch, ImportProblem
from .readers import ImportFileError, read_file
from .services import batch_path

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAME_FIELDS = ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin")


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    file_name: str


def original_rows(batch: ImportBatch, lines: set[int]) -> tuple[list[str], dict[int, list[Any]]]:
    """The header and the cells of the given lines, read again from the stored file (the
    same reader, so the same line numbers as the problems). Empty when it is gone."""
    if not lines:
        return list(batch.headers), {}
    try:
        table = read_file(batch_path(batch), encoding=batch.encoding, file_name=batch.file_name)
    except (ImportFileError, OSError):
        return list(batch.headers), {}
    found: dict[int, list[Any]] = {}
    for line, cells in table.rows:
        if line in lines:
            found[line] = cells
            if len(found) == len(lines):
                table.rows.close()
                break
    return table.headers, found


def person_name(batch: ImportBatch, headers: list[str], cells: list[Any]) -> str:
    """The person's name as the row gives it (the mapped name columns, Arabic then Latin)."""
    index = {header: i for i, header in enumerate(headers)}
    parts = []
    for name in NAME_FIELDS:
        position = index.get(batch.mapping.get(name, ""))
        if position is not None and position < len(cells) and cells[position] not in (None, ""):
            parts.append(str(cells[position]).strip())
    return " ".join(parts)


def _padded(cells: list[Any], width: int) -> list[Any]:
    return [*cells[:width], *[""] * (width - len(cells))]


def _is_rtl(language: str | None) -> bool:
    return translation.get_language_bidi() if language is None else language.startswith("ar")


def error_report(batch: ImportBatch, *, language: str | None = None) -> bytes:
    """The report, right to left when the reader reads Arabic (`language`, default the
    active language)."""
    import openpyxl

    problems = list(batch.problems.all())
    headers, rows = original_rows(batch, {p.line for p in problems})
    workbook = openpyxl.Workbook(write_only=True)
    sheets = (
        (_("Problems"), _("value"), [p for p in problems if p.kind != ProblemKind.WARNING]),
        (_("Warnings"), _("value left out"), [p for p in problems if p.kind == ProblemKind.WARNING]),
    )
    for title, value_title, listed in sheets:
        sheet = workbook.create_sheet(title)
        sheet.sheet_view.rightToLeft = _is_rtl(language)
        sheet.append(
            neutralise_row(
                [_("line"), _("name"), _("column"), _("reason"), value_title, _("status"), *headers]
            )
        )
        for problem in listed:
            cells = rows.get(problem.line, [])
            sheet.append(
                [
                    neutralise(v)
                    for v in (
                        problem.line,
                        person_name(batch, headers, cells),
                        problem.column,
                        problem.reason,
                        problem.value,
                        problem.get_kind_display(),
                        *_padded(cells, len(headers)),
                    )
                ]
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _errors_by_line(problems: Iterable[ImportProblem]) -> dict[int, str]:
    """One text per rejected line: every reason, with its column."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for problem in problems:
        reasons[problem.line].append(
            f"{problem.column}: {problem.reason}" if problem.column else problem.reason
        )
    return {line: " ; ".join(texts) for line, texts in reasons.items()}


def rejected_rows(batch: ImportBatch) -> Download:
    """The rejected rows as the file had them, plus an error column, in the file's own
    format: the corrected file imports again from the same source."""
    errors = _errors_by_line(batch.problems.filter(kind=ProblemKind.ERROR))
    headers, rows = original_rows(batch, set(errors))
    header = neutralise_row([*headers, _("error")])  # the file's own column names too
    lines = [
        [neutralise(v) for v in (*_padded(rows.get(line, []), len(headers)), errors[line])]
        for line in sorted(errors)
    ]
    stem = f"import-{batch.pk}-rejected"
    if batch.file_format == FileFormat.XLSX:
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Rejected rows")[:31])
        sheet.append(header)
        for line in lines:
            sheet.append(line)
        out = io.BytesIO()
        workbook.save(out)
        return Download(out.getvalue(), XLSX_TYPE, f"{stem}.xlsx")
    text = io.StringIO()
    writer = csv.writer(text, delimiter=batch.delimiter or ",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(lines)
    encoding = batch.encoding or "utf-8"
    try:
        content = text.getvalue().encode(encoding)
    except UnicodeEncodeError:
        # The reasons in the reader's language (Arabic in a Latin-1 file): UTF-8 with a
        # BOM, which spreadsheets and the import's own detection both read.
        encoding = "utf-8-sig"
        content = text.getvalue().encode(encoding)
    charset = "utf-8" if encoding == "utf-8-sig" else encoding
    return Download(content, f"text/csv; charset={charset}", f"{stem}.csv")
