"""Upload checks for dossier documents: size limit and content sniffed by
rowad.core.uploads (never trust the name or the browser's content type)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from rowad.core.uploads import extension_of, sniffed_type

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# extension -> sniffed MIME type that the content must have
ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def max_bytes() -> int:
    # settings.ROWAD_DOCUMENT_MAX_BYTES may lower or raise the 10 MB default.
    return int(getattr(settings, "ROWAD_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


class UploadRejected(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def check_upload(file) -> tuple[str, int, str]:
    """Return (content type, size, sha256) or raise UploadRejected with a translated message."""
    name = getattr(file, "name", "") or ""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size == 0:
        raise UploadRejected(_("The file is empty."), "empty_file")
    if size > max_bytes():
        raise UploadRejected(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            "file_too_large",
        )
    extension = extension_of(name)
    if extension not in ALLOWED:
        raise UploadRejected(
            _("This type of file is not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(sorted({e.upper() for e in ALLOWED if e != "jpeg"}))},
            "file_type_refused",
        )
    sniffed = sniffed_type(file)
    if sniffed != ALLOWED[extension]:
        raise UploadRejected(
            _("The content of this file does not match its name (.%(ext)s). Save it again in that format.")
            % {"ext": extension},
            "content_mismatch",
        )
    digest = hashlib.sha256()
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return sniffed, size, digest.hexdigest()
