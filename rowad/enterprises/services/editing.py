"""Correcting an enterprise after it was recorded: its names, activity, address, specialty
and registration identifiers (update_enterprise), its owners (set_members: who leaves
gets a `left_on`, never deleted), and its creation steps (complete_step with a date, a
reference and an optional document; reopen_step). Each write locks the enterprise, checks
the officer's scope and, where a form carries it, the version; each is audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.dossiers.uploads import UploadRejected, check_upload
from rowad.partners.models import Specialty

from ..definitions import dated_state
from ..enums import ErrorCode, StepState
from ..identifiers import IDENTIFIER_FIELDS, clean_identifiers
from ..models import CreationStep, Enterprise, EnterpriseMember
from .common import _check_version, _date, _error, _lock, _require_manager, _save, today
from .enterprises import clean_members, snapshot_manager

# A step's document: a scan or a photo of the certificate.
STEP_DOCUMENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
TEXT_FIELDS = {"name_ar": 200, "name_latin": 200, "activity": 300, "address": 300}


def step_state(step: CreationStep, on: datetime.date | None = None) -> StepState:
    """Done, late (its due date passed, not done) or due."""
    return dated_state(step.done_on, step.due_on, on or today())


def _specialty(value: Any) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, Specialty):
        return value
    try:
        return Specialty.objects.get(pk=int(value))
    except (TypeError, ValueError, Specialty.DoesNotExist) as exc:
        raise _error(_("Choose a specialty from the list."), ErrorCode.INVALID, "specialty") from exc


def update_enterprise(
    enterprise: Enterprise,
    *,
    actor: Any,
    expected_version: int | str | None = None,
    name_ar: str | None = None,
    name_latin: str | None = None,
    activity: str | None = None,
    address: str | None = None,
    specialty: Any = None,
    identifiers: dict[str, str] | None = None,
) -> Enterprise:
    """Correct what an officer may correct (None: unchanged; `specialty=""` clears it).
    Identifiers given are re-checked against the country and legal form; those not given
    keep their value."""
    given = {"name_ar": name_ar, "name_latin": name_latin, "activity": activity, "address": address}
    texts = {k: (v or "").strip()[: TEXT_FIELDS[k]] for k, v in given.items() if v is not None}
    if "activity" in texts and not texts["activity"]:
        raise _error(_("Describe the activity."), ErrorCode.INVALID, "activity")
    with transaction.atomic():
        locked = _lock(enterprise)
        _require_manager(actor, locked)
        _check_version(locked, expected_version)
        names = {"name_ar": locked.name_ar, "name_latin": locked.name_latin} | {
            k: v for k, v in texts.items() if k.startswith("name_")
        }
        if not names["name_ar"] and not names["name_latin"]:
            raise _error(
                _("Give the enterprise's name in Arabic or Latin script."), ErrorCode.INVALID, "name_ar"
            )
        changes: dict[str, Any] = {k: v for k, v in texts.items() if getattr(locked, k) != v}
        if specialty is not None:
            chosen = _specialty(specialty)
            if getattr(chosen, "pk", None) != locked.specialty_id:
                changes["specialty"] = chosen
        if identifiers is not None:
            current = {field: getattr(locked, field) for field in IDENTIFIER_FIELDS}
            wanted = {k: v for k, v in identifiers.items() if k in IDENTIFIER_FIELDS and v is not None}
            values, errors = clean_identifiers(locked.country, locked.legal_form, current | wanted)
            if errors:
                field, message = next(iter(errors.items()))
                raise _error(message, ErrorCode.INVALID_IDENTIFIER, field)
            changes |= {k: v for k, v in values.items() if getattr(locked, k) != v}
        if not changes:
            return locked
        for name, value in changes.items():
            setattr(locked, name, value)
        _save(locked, actor, list(changes))
        record_action(
            "enterprises.enterprise.updated",
            locked,
            actor=actor,
            fields=sorted(changes),
            version=locked.version,
        )
    return locked


def set_members(
    enterprise: Enterprise, members: list[dict], *, actor: Any, expected_version: int | str | None = None
) -> Enterprise:
    """Replace the owners by `members` ([{"person", "role", "share"}], checked as when the
    enterprise was recorded). Owners who are not listed any more leave today (`left_on`);
    new ones join today; those staying get their new role and share."""
    with transaction.atomic():
        locked = _lock(enterprise)
        _require_manager(actor, locked)
        _check_version(locked, expected_version)
        owners = clean_members(locked.dossier, locked.country, locked.legal_form, members)
        day = today()
        current = {m.person_id: m for m in locked.members.select_for_update().filter(left_on__isnull=True)}
        wanted = {owner["person_id"]: owner for owner in owners}
        left = [m for person_id, m in current.items() if person_id not in wanted]
        for member in left:
            member.left_on = day
            member._history_user = acting_user(actor)
            member.save(update_fields=["left_on"])
        joined = []
        for person_id, owner in wanted.items():
            member = current.get(person_id)
            if member is None:
                member = EnterpriseMember(enterprise=locked, joined_on=max(day, locked.created_on), **owner)
                joined.append(person_id)
            elif (member.role, member.share) == (owner["role"], owner["share"]):
                continue
            else:
                member.role, member.share = owner["role"], owner["share"]
            member._history_user = acting_user(actor)
            member.save()
        snapshot_manager(locked)
        _save(locked, actor, ["manager_sex", "manager_age_band"])
        record_action(
            "enterprises.enterprise.members_set",
            locked,
            actor=actor,
            joined=joined,
            left=[m.person_id for m in left],
            owners=len(wanted),
        )
    return locked


def _check_document(document: Any) -> str:
    try:
        content_type, _size, _digest = check_upload(document)
    except UploadRejected as exc:
        raise _error(exc.message, exc.code, "document") from exc
    if content_type not in STEP_DOCUMENT_TYPES:
        raise _error(
            _("This type of file is not accepted. Accepted: %(types)s.") % {"types": "PDF, JPG, PNG"},
            "file_type_refused",
            "document",
        )
    return (getattr(document, "name", "") or "document").rsplit("/", 1)[-1][-200:]


def _lock_step(step: CreationStep, actor: Any) -> CreationStep:
    locked_enterprise = _lock(step.enterprise)
    _require_manager(actor, locked_enterprise)
    locked = CreationStep.objects.select_for_update().get(pk=step.pk)
    locked.enterprise = locked_enterprise
    return locked


def complete_step(
    step: CreationStep,
    *,
    actor: Any,
    done_on: datetime.date | str,
    reference: str = "",
    document: Any = None,
    note: str = "",
) -> CreationStep:
    """Mark a creation step done on `done_on` (not in the future), with the reference of
    its document and optionally the document (PDF, JPEG or PNG within the size limit)."""
    done = _date(done_on, "done_on", _("Date done"))
    document_name = _check_document(document) if document else ""
    stored = ""
    try:
        with transaction.atomic():
            locked = _lock_step(step, actor)
            if locked.done_on:
                raise _error(_("This step is already done; reopen it to change it."), ErrorCode.STEP_DONE)
            locked.done_on = done
            locked.reference = (reference or "").strip()[:100]
            locked.note = (note or "").strip()
            locked.done_by = acting_user(actor)
            if document:
                locked.document.save(document_name, document, save=False)
                locked.document_name = document_name
                stored = locked.document.name
            locked._history_user = acting_user(actor)
            locked.save()
            record_action(
                "enterprises.step.completed",
                locked.enterprise,
                actor=actor,
                step=locked.code,
                done_on=done.isoformat(),
                document=bool(document),
            )
    except Exception:
        if stored:  # the row was not written: the file goes too
            CreationStep._meta.get_field("document").storage.delete(stored)
        raise
    return locked


def reopen_step(step: CreationStep, *, actor: Any) -> CreationStep:
    """Undo "done" (a step marked by mistake): its date, reference and document go."""
    with transaction.atomic():
        locked = _lock_step(step, actor)
        if not locked.done_on:
            raise _error(_("This step is not done."), ErrorCode.INVALID)
        old_document = locked.document.name if locked.document else ""
        record_action(
            "enterprises.step.reopened",
            locked.enterprise,
            actor=actor,
            step=locked.code,
            done_on=locked.done_on.isoformat(),
            document=locked.document_name,
        )
        locked.done_on = None
        locked.done_by = None
        locked.reference = ""
        locked.document = ""
        locked.document_name = ""
        locked._history_user = acting_user(actor)
        locked.save()
        if old_document:
            storage = CreationStep._meta.get_field("document").storage
            transaction.on_commit(lambda: storage.delete(old_document))
    return locked


__all__ = ["complete_step", "reopen_step", "set_members", "step_state", "update_enterprise"]
