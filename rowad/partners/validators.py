"""Upload checks for agreement documents: size and type, with translated messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from rowad.core.uploads import extension_of, sniffed_type

from .enums import ErrorCode

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
# extension -> MIME type the content must show (rowad.core.uploads sniffs it)
DOCUMENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


def validate_agreement_document(upload) -> None:
    """A signed agreement: PDF, JPEG or PNG, at most 10 MB, content matching its extension."""
    extension = extension_of(getattr(upload, "name", ""))
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Upload the agreement as a PDF, JPEG or PNG file."), code=ErrorCode.DOCUMENT_TYPE
        )
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_DOCUMENT_SIZE)},
            code=ErrorCode.DOCUMENT_SIZE,
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code=ErrorCode.DOCUMENT_EMPTY)
    if sniffed_type(upload) != DOCUMENT_TYPES[extension]:
        raise ValidationError(
            _("The file's content does not match its type (%(extension)s).") % {"extension": f".{extension}"},
            code=ErrorCode.DOCUMENT_CONTENT,
        )
