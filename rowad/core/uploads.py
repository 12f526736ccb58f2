"""What an uploaded file really is: its type sniffed from its first bytes, never taken
from its name or from the browser's content type.

A ZIP container (DOCX) passes the one ZIP guard (`rowad.core.archives.check_archive`)
while it is sniffed: a bomb shows no type, so every area refuses it with its own
"content does not match" message, though none of them unpacks what it stores.

Sniffing uses `filetype` (pure Python, reads the first bytes' signatures, no libmagic):
the machines and CI may lack libmagic, and the formats Rowad accepts (PDF, JPEG, PNG,
WebP, DOCX) all have unambiguous signatures. Each area keeps its own list of accepted
types and its own messages; this module is the one place that reads the bytes."""

from __future__ import annotations

import filetype

from .archives import ArchiveRefused, check_archive, is_zip

SNIFF_BYTES = 8192  # enough for the ZIP directory entry that tells a DOCX


def extension_of(name: str | None) -> str:
    """The lower-case extension without its dot ("" when there is none)."""
    name = name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniffed_type(file) -> str:
    """The MIME type the file's content shows ("" when unknown); the file is left at 0."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    kind = filetype.guess(head)
    if kind and is_zip(file):
        try:
            check_archive(file)
        except ArchiveRefused:
            return ""
    return kind.mime if kind else ""
