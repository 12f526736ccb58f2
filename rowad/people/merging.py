"""Merging two people into one, and undoing it.

The re-pointing is generic: every relation to Person that another model declares (a
ForeignKey, a OneToOneField, or the hidden FK of a ManyToMany through table — dossiers'
holders, outreach registrations, consents, imported records, target categories…) is found
by walking Person's reverse relations, so apps written later are covered without a change
here. Each moved row is recorded on the PersonMerge, so undo puts back exactly those rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.errors import ConflictError, DomainError

from .enums import ErrorCode
from .models import DuplicateCandidate, Person, PersonMerge, PersonNameKey
from .services import refresh_search_fields

# Relations that are not "the person's records": recomputed or bookkeeping of merging.
SKIPPED_MODELS = {PersonNameKey, DuplicateCandidate, PersonMerge}
# Survivor fields filled from the merged person when blank on the survivor.
FILLABLE = (
    "given_name_ar",
    "family_name_ar",
    "given_name_latin",
    "family_name_latin",
    "national_id",
    "birth_date",
    "sex",
    "phone",
    "phone_alt",
    "email",
    "province",
    "address",
    "education_level",
    "diploma",
    "employment_status",
    "first_met",
)


class MergeError(DomainError):
    pass


def fields_taken_from_merged(survivor: Person, merged: Person) -> dict[str, Any]:
    """The merge's one rule for values: the kept record keeps every value it has, and a
    field it leaves blank takes the other record's value. Used by the merge and by its
    preview, so the page shows exactly what the merge does."""
    taken = {}
    for field_name in FILLABLE:
        mine, theirs = getattr(survivor, field_name), getattr(merged, field_name)
        if theirs not in (None, "") and mine in (None, ""):
            taken[field_name] = theirs
    return taken


@dataclass(frozen=True)
class MergedField:
    name: str
    label: str
    value: Any
    from_merged: bool  # taken from the other record (blank on the kept one)


def merge_preview(survivor: Person, merged: Person) -> list[MergedField]:
    """The merged person, field by field, when `survivor` is kept (fields blank on both
    records left out)."""
    taken = fields_taken_from_merged(survivor, merged)
    out = []
    for field_name in FILLABLE:
        value = taken.get(field_name, getattr(survivor, field_name))
        if value in (None, ""):
            continue
        label = str(Person._meta.get_field(field_name).verbose_name)
        out.append(MergedField(field_name, label, value, field_name in taken))
    return out


def person_relations():
    """(model, field name) of every concrete FK/one-to-one pointing at Person from
    another table, including ManyToMany through tables; historical (simple-history)
    tables are left alone: each person's history stays theirs."""
    out = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        model = rel.related_model
        if model in SKIPPED_MODELS or getattr(model, "_meta", None) is None:
            continue
        if model.__name__.startswith("Historical") and hasattr(model, "history_id"):
            continue
        out.append((model, rel.field.name))
    return out


def _move_rows(model, field_name: str, source: Person, target: Person) -> tuple[list, list]:
    """Re-point rows of `model` from source to target; rows that would break a unique
    constraint on the target (the survivor already has that consent, that category) stay
    where they are. Returns (moved pks, kept pks)."""
    rows = model._base_manager.filter(**{field_name: source})
    pks = list(rows.values_list("pk", flat=True))
    if not pks:
        return [], []
    try:
        with transaction.atomic():
            model._base_manager.filter(pk__in=pks).update(**{field_name: target})
        return pks, []
    except IntegrityError:
        moved, kept = [], []
        for pk in pks:
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{field_name: target})
                moved.append(pk)
            except IntegrityError:
                kept.append(pk)
        return moved, kept


def merge_people(
    survivor: Person,
    merged: Person,
    *,
    actor: Any,
    candidate: DuplicateCandidate | None = None,
    automatic: bool = False,
) -> PersonMerge:
    """Fold `merged` into `survivor`: re-point every related row, fill the survivor's blank
    fields, mark `merged` as merged_into the survivor (it leaves every list and search),
    close the candidate pair, write history and audit, all in one transaction."""
    if survivor.pk == merged.pk:
        raise MergeError(_("A person cannot be merged with themself."), code=ErrorCode.SAME_PERSON)
    with transaction.atomic():
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])}
        survivor, merged = locked[survivor.pk], locked[merged.pk]
        if survivor.merged_into_id or merged.merged_into_id:
            raise ConflictError(_("One of these people was already merged."), code=ErrorCode.ALREADY_MERGED)
        if survivor.erased_at or merged.erased_at:
            raise MergeError(_("An erased person cannot be merged."), code=ErrorCode.ERASED)
        moves = []
        for model, field_name in person_relations():
            moved, kept = _move_rows(model, field_name, merged, survivor)
            if moved or kept:
                moves.append({"model": model._meta.label, "field": field_name, "pks": moved, "kept": kept})
        filled = {}
        for field_name, theirs in fields_taken_from_merged(survivor, merged).items():
            filled[field_name] = _jsonable(theirs)
            setattr(survivor, field_name, theirs)
        if "national_id" in filled:
            # The ID is unique per country: it moves, it is not copied.
            Person.objects.filter(pk=merged.pk).update(national_id="")
            merged.national_id = ""
        actor_user = acting_user(actor)
        merged.merged_into = survivor
        merged._history_user = actor_user
        merged._change_reason = f"merged into #{survivor.pk}"
        merged.save()
        if filled:
            survivor._history_user = actor_user
            survivor._change_reason = f"merged #{merged.pk}"
            survivor.save()
            refresh_search_fields(survivor)
        merge = PersonMerge.objects.create(
            survivor=survivor,
            merged=merged,
            candidate=candidate,
            automatic=automatic,
            moves=moves,
            filled=filled,
            merged_by=actor_user,
        )
        status = DuplicateCandidate.Status.AUTO_MERGED if automatic else DuplicateCandidate.Status.MERGED
        if candidate is not None:
            DuplicateCandidate.objects.filter(pk=candidate.pk).update(
                status=status, decided_at=timezone.now(), decided_by=actor_user
            )
        # Other open pairs of the merged person are moot now.
        DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).filter(
            models_q_person(merged.pk)
        ).update(status=DuplicateCandidate.Status.OBSOLETE)
        record_action(
            "people.person.merged",
            survivor,
            actor=actor,
            merged=merged.pk,
            automatic=automatic,
            moved=sum(len(m["pks"]) for m in moves),
            filled=sorted(filled),
        )
    return merge


def undo_merge(merge: PersonMerge, *, actor: Any) -> PersonMerge:
    """Put back every row the merge moved and the survivor's filled fields; the merged
    person is active again and the pair goes back to the review queue."""
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at:
            raise ConflictError(_("This merge was already undone."), code=ErrorCode.ALREADY_UNDONE)
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update().filter(pk__in=[merge.survivor_id, merge.merged_id])
        }
        survivor, merged = locked[merge.survivor_id], locked[merge.merged_id]
        if merged.merged_into_id != survivor.pk:
            raise ConflictError(_("This merge can no longer be undone."), code=ErrorCode.NOT_UNDOABLE)
        for move in merge.moves:
            model = apps.get_model(move["model"])
            model._base_manager.filter(pk__in=move["pks"]).update(**{move["field"]: merged})
        actor_user = acting_user(actor)
        national_id = None
        for field_name in merge.filled:
            if field_name == "national_id":
                national_id = survivor.national_id
                survivor.national_id = ""
                continue
            field = Person._meta.get_field(field_name)
            setattr(survivor, field.attname, None if field.null else "")
        survivor._history_user = actor_user
        survivor._change_reason = f"merge of #{merged.pk} undone"
        survivor.save()
        merged.merged_into = None
        if national_id:
            merged.national_id = national_id
        merged._history_user = actor_user
        merged._change_reason = "merge undone"
        merged.save()
        refresh_search_fields(survivor)
        refresh_search_fields(merged)
        merge.undone_at = timezone.now()
        merge.undone_by = actor_user
        merge.save(update_fields=["undone_at", "undone_by"])
        if merge.candidate_id:
            DuplicateCandidate.objects.filter(pk=merge.candidate_id).update(
                status=DuplicateCandidate.Status.OPEN, decided_at=None, decided_by=None
            )
        record_action("people.person.merge_undone", survivor, actor=actor, merged=merged.pk, merge=merge.pk)
    return merge


def models_q_person(pk: int):
    from django.db.models import Q

    return Q(person_a_id=pk) | Q(person_b_id=pk)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value
