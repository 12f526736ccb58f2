"""The one guard before any uploaded ZIP container (XLSX, DOCX, ODS…) is opened.

A ZIP's central directory declares each member's compressed and uncompressed size; it is
read without decompressing anything (milliseconds, whatever the archive holds). An
archive is refused when it declares more than `ROWAD_UPLOAD_MAX_UNZIPPED_BYTES` in all,
more than `ROWAD_UPLOAD_MAX_ZIP_MEMBERS` members, a member or a whole compressed more than
`ROWAD_UPLOAD_MAX_ZIP_RATIO` times (a spreadsheet compresses 5 to 30 times; the XLSX bomb
of issue 18 compressed 300 times), or a member path that leaves the archive. The declared
sizes are then binding: Python's `zipfile`, which openpyxl reads through, stops a member
at its declared size and checks its CRC, so an archive cannot lie its way past this check.

XML inside the members (billion laughs, external entities) is the XML parser's concern:
openpyxl parses with defusedxml when it is installed, and it is (requirements.in)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

# Below this size a member's ratio is not judged: a tiny XML part of zeros compresses
# a thousand times and holds nothing dangerous.
RATIO_FLOOR_BYTES = 1024 * 1024


class ArchiveRefused(DomainError):
    pass


@dataclass(frozen=True)
class ArchiveLimits:
    max_unzipped_bytes: int
    max_ratio: int
    max_members: int

    @classmethod
    def from_settings(cls) -> ArchiveLimits:
        return cls(
            max_unzipped_bytes=settings.ROWAD_UPLOAD_MAX_UNZIPPED_BYTES,
            max_ratio=settings.ROWAD_UPLOAD_MAX_ZIP_RATIO,
            max_members=settings.ROWAD_UPLOAD_MAX_ZIP_MEMBERS,
        )


def is_zip(file: str | Path | IO[bytes]) -> bool:
    """Whether the content starts like a ZIP archive (the file is left where it was)."""
    if isinstance(file, str | Path):
        with Path(file).open("rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    position = file.tell()
    file.seek(0)
    head = file.read(4)
    file.seek(position)
    return head in (b"PK\x03\x04", b"PK\x05\x06")


def check_archive(
    file: str | Path | IO[bytes],
    *,
    limits: ArchiveLimits | None = None,
    error: type[DomainError] = ArchiveRefused,
) -> int:
    """Refuse (`error`, ArchiveRefused by default, with a translated message) a ZIP whose declared content is too
    large, too compressed, too many members or escapes by its member names; return the
    declared uncompressed total. Reads only the central directory."""
    limits = limits or ArchiveLimits.from_settings()
    position = None if isinstance(file, str | Path) else file.tell()
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise error(
            _("This file is damaged or is not the document it claims to be."), code="bad_archive"
        ) from exc
    finally:
        if position is not None:
            file.seek(position)
    if len(members) > limits.max_members:
        raise error(
            _("This file holds %(count)d parts; at most %(limit)d are accepted."),
            code="archive_too_many_members",
            params={"count": len(members), "limit": limits.max_members},
        )
    total = compressed = 0
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or "\x00" in member.filename:
            raise error(_("This file holds a part with a forbidden name."), code="archive_bad_member_name")
        total += member.file_size
        compressed += member.compress_size
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise _too_compressed(limits, error)
    if total > limits.max_unzipped_bytes:
        raise error(
            _("Once unpacked this file would take %(size)d MB; at most %(limit)d MB are accepted."),
            code="archive_too_large",
            params={"size": total // 2**20, "limit": limits.max_unzipped_bytes // 2**20},
        )
    if total > RATIO_FLOOR_BYTES and total > limits.max_ratio * max(compressed, 1):
        raise _too_compressed(limits, error)
    return total


def _too_compressed(limits: ArchiveLimits, error: type[DomainError]) -> DomainError:
    return error(
        _(
            "This file is compressed more than %(ratio)d times, as only a file built to "
            "exhaust the server is. Save it again from your spreadsheet and retry."
        ),
        code="archive_too_compressed",
        params={"ratio": limits.max_ratio},
    )
