"""File readers: CSV (encoding and delimiter detected), XLSX and KoboToolbox/ODK exports.

A reader gives the header and an iterator of (line number, cells); cells are strings,
or dates/numbers from XLSX. Problems with the file as a whole raise ImportFileError."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from rowad.core.errors import DomainError

MAX_COLUMNS = 200
SAMPLE_BYTES = 64 * 1024
ARABIC = re.compile("[\u0600-\u06ff]")
# Submission keys of KoboToolbox / ODK exports, most stable first.
KOBO_KEYS = ("meta/rootUuid", "meta/instanceID", "_uuid", "__id")
KOBO_MARKERS = set(KOBO_KEYS) | {"_submission_time", "_index", "_id", "start", "end", "SubmissionDate"}
ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1256": "cp1256", "latin-1": "latin-1"}


class ImportFileError(DomainError):
    pass


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    file_format: str = "csv"
    encoding: str = ""
    delimiter: str = ""
    key_column: str | None = None
    # Things the reader should know about the file: (untranslated message, params).
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes; otherwise Windows-1256 when the
    non-ASCII characters it yields are mostly Arabic letters, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    high = [ch for ch in data.decode("cp1256", errors="replace") if ord(ch) > 127]
    if high and sum(1 for ch in high if ARABIC.match(ch)) / len(high) > 0.5:
        return "cp1256"
    return "latin-1"


def sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in ",;\t"}
        return max(counts, key=counts.get)


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:SAMPLE_BYTES] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def read_file(path: Path, *, encoding: str = "", delimiter: str = "", file_name: str = "") -> Table:
    name = (file_name or path.name).lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK"):
        if not name.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(
                _("This file is a spreadsheet or an archive, not a CSV file."), code="not_csv"
            )
        return read_xlsx(path)
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise ImportFileError(
            _("This file is not a valid Excel (XLSX) workbook. Save it as .xlsx or CSV and try again."),
            code="bad_xlsx",
        )
    return read_csv(path, encoding=encoding, delimiter=delimiter)


def read_csv(path: Path, *, encoding: str = "", delimiter: str = "") -> Table:
    data = path.read_bytes()
    if looks_binary(data):
        raise ImportFileError(
            _("This file is not a text (CSV) file. Export the spreadsheet as CSV or XLSX."), code="binary"
        )
    encoding = ENCODINGS.get(encoding) or detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("This file cannot be read as %(encoding)s. Choose another encoding."),
            code="bad_encoding",
            params={"encoding": encoding},
        ) from exc
    text = text.lstrip("\ufeff")
    delimiter = delimiter if delimiter in (",", ";", "\t") else sniff_delimiter(text[:SAMPLE_BYTES])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportFileError(_("This file is empty."), code="empty") from None
    headers = _clean_headers(headers)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # Physical line numbers (a quoted cell may span several lines).
        for cells in reader:
            line = reader.line_num
            if any(c.strip() for c in cells):
                yield line, cells

    table = Table(headers=headers, rows=rows(), file_format="csv", encoding=encoding, delimiter=delimiter)
    _detect_kobo(table)
    return table


def read_xlsx(path: Path) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            _("This file is not a valid Excel (XLSX) workbook. Save it as .xlsx or CSV and try again."),
            code="bad_xlsx",
        ) from exc
    notes = []
    sheet = next((ws for ws in workbook.worksheets if (ws.max_row or 0) > 1), workbook.worksheets[0])
    if len(workbook.worksheets) > 1:
        notes.append(
            (
                gettext_noop("The workbook has %(count)d sheets; the sheet “%(sheet)s” is read."),
                {"count": len(workbook.worksheets), "sheet": sheet.title},
            )
        )
    iterator = sheet.iter_rows(values_only=True)
    try:
        first = next(iterator)
    except StopIteration:
        raise ImportFileError(_("This file is empty."), code="empty") from None
    headers = _clean_headers(["" if v is None else str(v) for v in first])
    while headers and not headers[-1]:
        headers.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for line, values in enumerate(iterator, start=2):
            cells = list(values)
            while cells and cells[-1] is None:
                cells.pop()
            if any(v not in (None, "") for v in cells):
                yield line, cells
        workbook.close()

    table = Table(headers=headers, rows=rows(), file_format="xlsx", notes=notes)
    _detect_kobo(table)
    return table


def _clean_headers(headers: list[str]) -> list[str]:
    cleaned = [str(h or "").strip().lstrip("\ufeff") for h in headers]
    if not any(cleaned):
        raise ImportFileError(_("The first line must hold the column names."), code="no_header")
    if len(cleaned) > MAX_COLUMNS:
        raise ImportFileError(
            _("This file has %(count)d columns; at most %(limit)d are read."),
            code="too_many_columns",
            params={"count": len(cleaned), "limit": MAX_COLUMNS},
        )
    return cleaned


def _detect_kobo(table: Table) -> None:
    present = set(table.headers)
    if (present & KOBO_MARKERS and any("/" in h for h in table.headers)) or present & set(KOBO_KEYS):
        if table.file_format == "csv":
            table.file_format = "kobo"
        table.key_column = next((k for k in KOBO_KEYS if k in present), None)


def short_name(header: str) -> str:
    """A Kobo/ODK column without its group prefixes: group_x/group_y/field -> field."""
    return header.rsplit("/", 1)[-1]
