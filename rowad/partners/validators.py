"""Upload checks for agreement documents: size and type, with translated messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
# extension -> magic bytes the file must start with
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_agreement_document(upload) -> None:
    """A signed agreement: PDF, JPEG or PNG, at most 10 MB, content matching its extension."""
    name = (getattr(upload, "name", "") or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(_("Upload the agreement as a PDF, JPEG or PNG file."), code="document_type")
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_DOCUMENT_SIZE)},
            code="document_size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="document_empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content does not match its type (%(extension)s).") % {"extension": extension},
            code="document_content",
        )
