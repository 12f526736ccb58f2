"""An order's documents (specifications, plans): PDF, JPEG, PNG or DOCX, checked by their
content (never by their name or the browser's type), kept in private storage and served
by the order's page after the scope check."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.uploads import extension_of, sniffed_type

from ..enums import ErrorCode, OrderStatus
from ..models import OrderDocument, WorkOrder
from .common import error, lock_order, require_order_manager

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ACCEPTED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def max_document_bytes() -> int:
    return int(getattr(settings, "ROWAD_ORDER_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_order_document(file: Any) -> tuple[str, int, str]:
    """(content type, size, sha256) of an acceptable file; a translated MarketError otherwise."""
    name = getattr(file, "name", "") or ""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if not size:
        raise error(_("The file is empty."), ErrorCode.FILE_REFUSED, "file")
    if size > max_document_bytes():
        raise error(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_document_bytes())},
            ErrorCode.FILE_REFUSED,
            "file",
        )
    extension = extension_of(name)
    if extension not in ACCEPTED:
        raise error(
            _("This type of file is not accepted. Accepted: PDF, JPEG, PNG, DOCX."),
            ErrorCode.FILE_REFUSED,
            "file",
        )
    if sniffed_type(file) != ACCEPTED[extension]:
        raise error(
            _("The content of this file does not match its name (.%(ext)s). Save it again in that format.")
            % {"ext": extension},
            ErrorCode.FILE_REFUSED,
            "file",
        )
    digest = hashlib.sha256()
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return ACCEPTED[extension], size, digest.hexdigest()


def add_order_document(order: WorkOrder, *, file: Any, actor: Any) -> OrderDocument:
    """Attach a document to an order not cancelled."""
    require_order_manager(actor, order)
    content_type, size, sha256 = check_order_document(file)
    name = os.path.basename(getattr(file, "name", "") or "document")[:200]
    with transaction.atomic():
        locked = lock_order(order)
        if locked.status == OrderStatus.CANCELLED:
            raise error(_("This order is cancelled."), ErrorCode.WRONG_STATE, status_code=409)
        document = OrderDocument(
            order=locked,
            name=name,
            content_type=content_type,
            size=size,
            sha256=sha256,
            uploaded_by=acting_user(actor),
        )
        document.file.save(name, file, save=False)
        document.save()
        record_action("market.order.document_added", locked, actor=actor, document=document.pk, name=name)
        return document
