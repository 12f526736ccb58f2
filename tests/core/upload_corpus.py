"""Hostile uploads built in code (issue 18, item 14): each entry is a file name and its
bytes. Every upload check of the application meets every entry in test_upload_corpus.py."""

from __future__ import annotations

import io
import zipfile

from tests.imports import bombs

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _zip(parts: dict[str, bytes], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_bomb() -> bytes:
    """A DOCX (filetype sees word/ parts) whose document part unpacks to 40 MB."""
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b"<w:document>" + b"A" * (40 * 2**20) + b"</w:document>",
        }
    )


def corpus() -> list[tuple[str, str, bytes]]:
    """(label, file name, content)."""
    return [
        ("pdf+zip polyglot", "polyglot.pdf", PDF + _zip({"evil.html": HTML})),
        ("jpeg+html polyglot", "polyglot.jpg", JPEG + HTML),
        ("svg with script", "drawing.svg", SVG),
        ("svg with script named png", "drawing.png", SVG),
        ("html renamed .pdf", "report.pdf", HTML),
        ("html renamed .jpg", "photo.jpg", HTML),
        ("zip bomb as xlsx", "bomb.xlsx", bombs.rows_bomb()),
        ("shared-strings bomb as xlsx", "strings.xlsx", bombs.shared_strings_bomb()),
        ("xml bomb inside xlsx", "laughs.xlsx", bombs.billion_laughs()),
        ("zip bomb as docx", "bomb.docx", docx_bomb()),
        ("path traversal name", "../../etc/passwd.pdf", PDF),
        ("right-to-left override name", "invoice\u202egnp.exe", JPEG),
        ("right-to-left override with pdf", "cv\u202efdp.exe.pdf", HTML),
        ("null byte name", "report.pdf\x00.html", HTML),
        ("overlong name", "a" * 300 + ".pdf", HTML),
        ("html as csv", "people.csv", HTML),
        ("exe renamed csv", "people.csv", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
    ]
