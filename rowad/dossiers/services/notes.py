"""Officers' internal notes on a dossier: written here, read on the dossier's staff page
only (the holder's portal and API never read them)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action

from ..enums import ErrorCode
from ..models import Dossier, InternalNote
from .common import DossierError, _user

MAX_LENGTH = 2000


def add_internal_note(dossier: Dossier, *, body: str, actor: Any) -> InternalNote:
    """Record an officer's note the holder never reads (the caller checked
    `dossiers.write_internal_note` on this dossier)."""
    body = (body or "").strip()
    if not body:
        raise DossierError(_("Write the note."), code=ErrorCode.NOTE_REQUIRED)
    if len(body) > MAX_LENGTH:
        raise DossierError(_("The note is too long."), code=ErrorCode.NOTE_REQUIRED)
    with transaction.atomic():
        note = InternalNote.objects.create(dossier=dossier, author=_user(actor), body=body)
        # The audit names the note, not its text (the text may name the holder).
        record_action("dossiers.dossier.internal_note_added", dossier, actor=actor, note=note.pk)
    return note
