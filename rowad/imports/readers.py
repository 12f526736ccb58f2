"""File readers: CSV (encoding and delimiter detected), XLSX and KoboToolbox/ODK exports.

A reader gives the header and an iterator of (line number, cells); cells are strings,
or dates/numbers from XLSX. Problems with the file as a whole raise ImportFileError."""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from openpyxl.utils.exceptions import InvalidFileException

from rowad.core.archives import check_archive, is_zip
from rowad.core.errors import DomainError

from .enums import ErrorCode

MAX_COLUMNS = 200
# What openpyxl raises on a damaged workbook, at opening or while the rows are read:
# defusedxml's refusals are ValueErrors, XML syntax errors SyntaxErrors (ParseError).
# openpyxl's InvalidFileException: a stored name without a workbook suffix.
XLSX_ERRORS = (
    zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, EOFError, InvalidFileException,
)  # fmt: skip
SAMPLE_BYTES = 64 * 1024
READ_CHUNK = 1024 * 1024
ARABIC = re.compile("[\u0600-\u06ff]")
# Group separators of submission exports: KoboToolbox's default "/" (its export settings
# offer any other, "-" and "." among them); ODK Central's and ODK Briefcase's CSV "-".
GROUP_SEPARATORS = ("/", "-", ".")
# Submission keys of KoboToolbox / ODK exports, most stable first: Kobo's meta/rootUuid
# (kept across edits), ODK Central's and Briefcase's KEY and Central's OData __id (the
# submission's own id, also kept across edits), the instance ID (a new one at each edit),
# Kobo's _uuid (the same across servers and re-exports, unlike _id, a number per server).
KOBO_KEYS = (
    *(f"meta{sep}rootUuid" for sep in GROUP_SEPARATORS), "rootUuid", "KEY", "__id",
    *(f"meta{sep}instanceID" for sep in GROUP_SEPARATORS), "instanceID", "_uuid",
)  # fmt: skip
# Columns only a submission export has (KoboToolbox metadata, ODK Central's and Briefcase's).
KOBO_MARKERS = set(KOBO_KEYS) | {
    "_id", "_index", "_submission_time", "_validation_status", "_submitted_by", "_status", "_notes", "_tags",
    "__version__", "formhub/uuid", "start", "end", "today", "deviceid", "SubmissionDate", "SubmitterID",
    "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "ReviewState", "DeviceID", "Edits",
    "FormVersion", "isValidated",
}  # fmt: skip
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
    # The group separator of a submission export ("/", "-" or "."), "" for other files.
    group_separator: str = ""
    # Things the reader should know about the file: (untranslated message, params).
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes; otherwise Windows-1256 when the
    non-ASCII characters it yields are mostly Arabic letters, else Latin-1."""
    return _detect_encoding(lambda: iter((data,)))


def _detect_encoding(chunks) -> str:
    """detect_encoding over a file read in chunks (`chunks()` starts a new read), so a
    file of any size is never held in memory."""
    first = next(chunks(), b"")
    if first.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if _decodes(chunks(), "utf-8"):
        return "utf-8"
    high = arabic = 0
    decoder = codecs.getincrementaldecoder("cp1256")(errors="replace")
    for chunk in chunks():
        for ch in decoder.decode(chunk):
            if ord(ch) > 127:
                high += 1
                arabic += bool(ARABIC.match(ch))
    if high and arabic / high > 0.5:
        return "cp1256"
    return "latin-1"


def _decodes(chunks, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _file_chunks(path: Path):
    def chunks():
        with path.open("rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                yield chunk

    return chunks


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


def max_rows() -> int:
    return settings.ROWAD_IMPORT_MAX_ROWS


def check_file(path: Path, *, file_name: str = "") -> str:
    """What can be said of a file without parsing it (its first bytes, a ZIP's central
    directory): "xlsx" or "csv", or ImportFileError. Milliseconds whatever the file holds,
    so the upload request calls it; the rows are read in the background."""
    name = (file_name or path.name).lower()
    if is_zip(path):
        if not name.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(
                _("This file is a spreadsheet or an archive, not a CSV file."), code=ErrorCode.NOT_CSV
            )
        _check_workbook(path)
        return "xlsx"
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise _bad_xlsx()
    with path.open("rb") as handle:
        if looks_binary(handle.read(SAMPLE_BYTES)):
            raise ImportFileError(
                _("This file is not a text (CSV) file. Export the spreadsheet as CSV or XLSX."),
                code=ErrorCode.BINARY,
            )
    return "csv"


def _bad_xlsx() -> ImportFileError:
    return ImportFileError(
        _("This file is not a valid Excel (XLSX) workbook. Save it as .xlsx or CSV and try again."),
        code=ErrorCode.BAD_XLSX,
    )


def _check_workbook(path: Path) -> None:
    """The ZIP guard of rowad.core.archives, before openpyxl opens anything."""
    try:
        check_archive(path, error=ImportFileError)
    except ImportFileError as exc:
        if exc.code == "bad_archive":
            raise _bad_xlsx() from exc
        raise


def read_file(path: Path, *, encoding: str = "", delimiter: str = "", file_name: str = "") -> Table:
    """The file's table; every path that reads an uploaded file comes here, so the ZIP
    guard (`check_file`) and the row and column caps hold for all of them."""
    if check_file(path, file_name=file_name) == "xlsx":
        return read_xlsx(path)
    return read_csv(path, encoding=encoding, delimiter=delimiter)


@dataclass
class Summary:
    """What the background reading of a new batch learns of its file."""

    table: Table
    rows_total: int


def summarise(path: Path, *, encoding: str = "", file_name: str = "") -> Summary:
    """Read the whole file once (rows capped): its header, format and row count."""
    table = read_file(path, encoding=encoding, file_name=file_name)
    total = sum(1 for _row in table.rows)
    return Summary(table=table, rows_total=total)


def _capped(rows: Iterator[tuple[int, list[Any]]], on_stop=None) -> Iterator[tuple[int, list[Any]]]:
    """Rows with their cells cut at MAX_COLUMNS; past `max_rows()` rows, ImportFileError."""
    limit = max_rows()
    try:
        for count, (line, cells) in enumerate(rows, start=1):
            if count > limit:
                raise ImportFileError(
                    _("This file has more than %(limit)d rows. Split it and import each part."),
                    code=ErrorCode.TOO_MANY_ROWS,
                    params={"limit": limit},
                )
            yield line, cells[:MAX_COLUMNS]
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()


def read_csv(path: Path, *, encoding: str = "", delimiter: str = "") -> Table:
    """Streams the file: it is decoded as it is read (checked first in chunks), never
    held whole in memory, so the command line reads files of any size."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if looks_binary(sample):
        raise ImportFileError(
            _("This file is not a text (CSV) file. Export the spreadsheet as CSV or XLSX."),
            code=ErrorCode.BINARY,
        )
    chunks = _file_chunks(path)
    chosen = ENCODINGS.get(encoding)
    encoding = chosen or _detect_encoding(chunks)
    if chosen and not _decodes(chunks(), encoding):
        raise ImportFileError(
            _("This file cannot be read as %(encoding)s. Choose another encoding."),
            code=ErrorCode.BAD_ENCODING,
            params={"encoding": encoding},
        )
    text_sample = sample.decode(encoding, errors="ignore").lstrip("\ufeff")
    delimiter = delimiter if delimiter in (",", ";", "\t") else sniff_delimiter(text_sample)
    handle = path.open("r", encoding=encoding, newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        handle.close()
        raise ImportFileError(_("This file is empty."), code=ErrorCode.EMPTY) from None
    headers = _clean_headers(headers, on_error=handle.close)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # Physical line numbers (a quoted cell may span several lines).
        with handle:
            for cells in reader:
                line = reader.line_num
                if any(c.strip() for c in cells):
                    yield line, cells

    table = Table(
        headers=headers, rows=_capped(rows()), file_format="csv", encoding=encoding, delimiter=delimiter
    )
    _detect_kobo(table)
    return table


def read_xlsx(path: Path) -> Table:
    import openpyxl

    _check_workbook(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except XLSX_ERRORS as exc:
        raise _bad_xlsx() from exc
    notes = []
    sheet = next((ws for ws in workbook.worksheets if (ws.max_row or 0) > 1), workbook.worksheets[0])
    if len(workbook.worksheets) > 1:
        notes.append(
            (
                gettext_noop("The workbook has %(count)d sheets; the sheet “%(sheet)s” is read."),
                {"count": len(workbook.worksheets), "sheet": sheet.title},
            )
        )
    # One column past the limit, so a header that is too wide is still refused.
    iterator = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
    try:
        first = next(iterator)
    except StopIteration:
        workbook.close()
        raise ImportFileError(_("This file is empty."), code=ErrorCode.EMPTY) from None
    except XLSX_ERRORS as exc:  # the sheet's XML is read lazily: refused entities, bad XML
        workbook.close()
        raise _bad_xlsx() from exc
    first = list(first)
    while first and first[-1] in (None, ""):  # the row is padded to the columns asked for
        first.pop()
    headers = _clean_headers(["" if v is None else str(v) for v in first])
    while headers and not headers[-1]:
        headers.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for line, values in enumerate(iterator, start=2):
                cells = list(values)
                while cells and cells[-1] is None:
                    cells.pop()
                if any(v not in (None, "") for v in cells):
                    yield line, cells
        except XLSX_ERRORS as exc:
            raise _bad_xlsx() from exc
        finally:  # also when the reader stops early (samples, a few lines)
            workbook.close()

    table = Table(headers=headers, rows=_capped(rows()), file_format="xlsx", notes=notes)
    _detect_kobo(table)
    return table


def _clean_headers(headers: list[str], *, on_error=None) -> list[str]:
    cleaned = [str(h or "").strip().lstrip("\ufeff") for h in headers]
    if on_error is not None and (not any(cleaned) or len(cleaned) > MAX_COLUMNS):
        on_error()
    if not any(cleaned):
        raise ImportFileError(_("The first line must hold the column names."), code=ErrorCode.NO_HEADER)
    if len(cleaned) > MAX_COLUMNS:
        raise ImportFileError(
            _("This file has %(count)d columns; at most %(limit)d are read."),
            code=ErrorCode.TOO_MANY_COLUMNS,
            params={"count": len(cleaned), "limit": MAX_COLUMNS},
        )
    return cleaned


def _detect_kobo(table: Table) -> None:
    """A KoboToolbox or ODK export (XML names or labels, any group separator): its key
    column and its group separator."""
    present = set(table.headers)
    separator = group_separator(table.headers)
    if (present & KOBO_MARKERS and separator) or present & set(KOBO_KEYS):
        if table.file_format == "csv":
            table.file_format = "kobo"
        table.key_column = next((k for k in KOBO_KEYS if k in present), None)
        table.group_separator = separator


def group_separator(headers: list[str]) -> str:
    """The separator between group and field names: the one in the export's meta columns
    (meta/instanceID, meta-instanceID, meta.instanceID), else the one that joins the most
    columns to a group prefix shared by at least two columns; "" when none does."""
    for header in headers:
        for sep in GROUP_SEPARATORS:
            if header.startswith(f"meta{sep}"):
                return sep
    best, best_count = "", 1
    for sep in GROUP_SEPARATORS:
        prefixes: dict[str, int] = {}
        for header in headers:
            if sep in header.strip(sep):
                prefix = header.split(sep, 1)[0]
                prefixes[prefix] = prefixes.get(prefix, 0) + 1
        count = sum(n for n in prefixes.values() if n >= 2)
        if count > best_count:
            best, best_count = sep, count
    return best


def short_name(header: str, separator: str = "/") -> str:
    """A Kobo/ODK column without its group prefixes: group_x/group_y/field -> field
    (identite-prenom -> prenom with ODK's "-")."""
    return header.rsplit(separator or "/", 1)[-1]


SAMPLES_PER_COLUMN = 3
SAMPLE_ROWS = 500


def sample_values(
    table: Table, *, per_column: int = SAMPLES_PER_COLUMN, rows: int = SAMPLE_ROWS
) -> dict[str, list[str]]:
    """The first non-empty values of each column (at most `per_column`, read from the
    first `rows` rows), so whoever maps the columns sees what each one holds."""
    samples: dict[str, list[str]] = {header: [] for header in table.headers if header}
    wanted = len(samples) * per_column
    found = 0
    for count, (_line, cells) in enumerate(table.rows, start=1):
        for header, value in zip(table.headers, cells, strict=False):
            if header not in samples or len(samples[header]) >= per_column:
                continue
            text = _sample_text(value)
            if text:
                samples[header].append(text)
                found += 1
        if found >= wanted or count >= rows:
            break
    close = getattr(table.rows, "close", None)
    if close:
        close()
    return samples


def _sample_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:40]
