"""Dossier documents: uploads checked and versioned, the checklist of required ones."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rowad.core.audit import record_action

from .. import workflow
from ..enums import ErrorCode
from ..models import (
    DocumentVersion,
    Dossier,
    DossierDocument,
)
from ..uploads import UploadRejected, check_upload
from .common import DossierError, _lock, _save, _user
from .editing import _check_holder

# --- Documents ---------------------------------------------------------------------------


def upload_document(dossier: Dossier, *, document_type: Any, file: Any, actor: Any) -> DocumentVersion:
    """Store a new version of one of the dossier's documents (earlier versions are kept).
    Refused with a translated DossierError when too large, of a refused type, or when the
    content does not match the file name."""
    try:
        content_type, size, sha256 = check_upload(file)
    except UploadRejected as exc:
        raise DossierError(exc.message, code=exc.code, field="file") from exc
    with transaction.atomic():
        locked = _lock(dossier)
        _check_holder(locked, actor)
        if locked.state in workflow.FINAL_STATES:
            raise DossierError(_("This dossier is closed."), code=ErrorCode.NOT_EDITABLE)
        document, _created = DossierDocument.objects.get_or_create(
            dossier=locked, document_type=document_type
        )
        last = document.versions.aggregate(n=Max("number"))["n"] or 0
        if last and document.versions.filter(number=last, sha256=sha256).exists():
            # The same file sent twice (double submit): nothing new.
            return document.versions.get(number=last)
        version = DocumentVersion(
            document=document,
            number=last + 1,
            original_name=(getattr(file, "name", "") or "file")[-200:],
            content_type=content_type,
            size=size,
            sha256=sha256,
            uploaded_by=_user(actor),
        )
        version.file.save(version.original_name, file, save=False)
        try:
            version.save()
        except Exception:
            version.file.delete(save=False)
            raise
        _save(locked, actor, reason="document")
        record_action(
            "dossiers.document.uploaded",
            locked,
            actor=actor,
            document_type=getattr(document_type, "code", str(document_type)),
            version=version.number,
        )
    return version


def document_checklist(dossier: Dossier) -> list[dict[str, Any]]:
    """One row per required document (then any extra), with its versions."""
    documents = {
        d.document_type_id: d
        for d in DossierDocument.objects.filter(dossier=dossier)
        .select_related("document_type")
        .prefetch_related("versions__uploaded_by")
    }
    rows = []
    for doc_type in dossier.programme.required_documents.all():
        document = documents.pop(doc_type.pk, None)
        versions = list(document.versions.all()) if document else []
        rows.append({"type": doc_type, "required": True, "versions": versions, "present": bool(versions)})
    for document in documents.values():
        versions = list(document.versions.all())
        rows.append(
            {
                "type": document.document_type,
                "required": False,
                "versions": versions,
                "present": bool(versions),
            }
        )
    return rows
