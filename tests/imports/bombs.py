"""Hostile files built in code (no binary blobs): ZIP and XML bombs dressed as workbooks."""

from __future__ import annotations

import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def small_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Prénom"])
    sheet.append(["Benali", "Mohamed"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_parts(workbook: bytes, parts: dict[str, bytes]) -> bytes:
    """The workbook with some of its parts replaced or added (deflated)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item, source.read(item.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _sheet_xml(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )


def rows_bomb(megabytes: int = 40) -> bytes:
    """A sheet of identical rows: a few hundred KB that unpack to `megabytes` MB."""
    row = (
        b'<row><c t="inlineStr"><is><t>Benali</t></is></c><c t="inlineStr"><is><t>Mohamed</t></is></c></row>'
    )
    count = megabytes * 2**20 // len(row)
    return with_parts(small_workbook(), {SHEET: _sheet_xml(row * count)})


def shared_strings_bomb(megabytes: int = 40) -> bytes:
    """One shared string of `megabytes` MB, which openpyxl loads whole when the workbook opens."""
    strings = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>" + b"A" * (megabytes * 2**20) + b"</t></si></sst>"
    )
    sheet = _sheet_xml(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return with_parts(small_workbook(), {STRINGS: strings, SHEET: sheet})


def billion_laughs() -> bytes:
    """A workbook whose sheet XML defines nested entities (10 levels of 10: 1e10 "lol")."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10))) for i in range(1, 10)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [' + entities + b"]>"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return with_parts(small_workbook(), {SHEET: sheet})
