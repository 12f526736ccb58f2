"""The sponsor's professional specifications (cahier des charges / دفتر الشروط) written in
the application: who may write them, and the versioned writes.

Writers: a sponsor officer whose membership is in a sponsor organization of the
programme, or an agency officer whose membership is in the programme's operator — role
and organization from the same membership. A specification no study has used is edited
in place (history keeps the old values); one a study used gets a new version, and the
studies keep the version they were studied against."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.inputs import is_ascii_integer

from .enums import ErrorCode, SpecificationKind
from .models import Specification, SpecificationItem, Study
from .rules import SPECIFICATION_READERS
from .services import DossierConflict, DossierError

SPEC_FIELDS = ("name_ar", "name_fr", "name_en", "specialty", "sponsor")
ITEM_FIELDS = ("kind", "label_ar", "label_fr", "label_en", "is_mandatory", "position")


# --- Who --------------------------------------------------------------------------------


def writer_organization_ids(user: Any, programme: Any) -> set[int]:
    """The organizations through which `user` writes this programme's specifications."""
    scope = scope_for(user)
    sponsors = set(programme.sponsors.values_list("pk", flat=True))
    if scope.is_platform_admin:
        return sponsors | {programme.operator_id}
    ids = {org for org in sponsors if scope.reaches(Role.SPONSOR_OFFICER, organization_id=org)}
    if scope.reaches(Role.AGENCY_OFFICER, organization_id=programme.operator_id):
        ids.add(programme.operator_id)
    return ids


def may_write(user: Any, programme: Any, specification: Specification | None = None) -> bool:
    """A sponsor officer writes their own organization's specifications (or a programme
    specification with no sponsor named); the operator's agency officer writes all."""
    ids = writer_organization_ids(user, programme)
    if not ids:
        return False
    if specification is None or specification.sponsor_id is None or programme.operator_id in ids:
        return True
    return specification.sponsor_id in ids


def programmes_writable_by(user: Any) -> QuerySet:
    from rowad.partners import queries as partner_queries

    scope = scope_for(user)
    programmes = partner_queries.programmes_visible_to(user)
    if scope.is_platform_admin:
        return programmes
    condition = scope.reach_q(Role.AGENCY_OFFICER, organization="operator_id") | scope.reach_q(
        Role.SPONSOR_OFFICER, organization="sponsors"
    )
    return programmes.filter(pk__in=programmes.model.objects.filter(condition).values("pk"))


def specifications_visible_to(user: Any, *, programme: Any = None, history: bool = False) -> QuerySet:
    """Specifications of the programmes the user sees (current versions unless `history`)."""
    from rowad.partners import queries as partner_queries

    programmes = partner_queries.programmes_visible_to(user)
    scope = scope_for(user)
    if not scope.is_platform_admin:
        # Read through a membership that holds a reading role in the programme's operator
        # or one of its sponsors: never a reading role held elsewhere plus a partner's view.
        reached = scope.reach_q(*SPECIFICATION_READERS, organization="operator_id") | scope.reach_q(
            *SPECIFICATION_READERS, organization="sponsors"
        )
        programmes = programmes.filter(pk__in=programmes.model.objects.filter(reached).values("pk"))
    specs = Specification.objects.filter(programme__in=programmes.values("pk")).select_related(
        "programme", "specialty", "sponsor"
    )
    if programme is not None:
        specs = specs.filter(programme=programme)
    if not history:
        specs = specs.filter(is_current=True)
    return specs


def is_in_use(specification: Specification) -> bool:
    return Study.objects.filter(specification=specification).exists()


# --- Writes -------------------------------------------------------------------------------


def _clean_items(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for index, raw in enumerate(items):
        label_ar = (raw.get("label_ar") or "").strip()
        label_fr = (raw.get("label_fr") or "").strip()
        label_en = (raw.get("label_en") or "").strip()
        if not (label_ar or label_fr or label_en):
            continue
        kind = raw.get("kind") or SpecificationKind.OTHER
        if kind not in SpecificationKind.values:
            raise DossierError(
                _("Choose the kind of each requirement."), code=ErrorCode.INVALID_KIND, field="items"
            )
        position = raw.get("position")
        cleaned.append(
            {
                "id": raw.get("id") or None,
                "kind": kind,
                "label_ar": label_ar,
                "label_fr": label_fr,
                "label_en": label_en,
                "is_mandatory": bool(raw.get("is_mandatory")),
                "position": int(position) if position not in (None, "") else index + 1,
            }
        )
    if not cleaned:
        raise DossierError(
            _("Write at least one requirement (in Arabic or French)."), code=ErrorCode.NO_ITEMS, field="items"
        )
    cleaned.sort(key=lambda item: item["position"])
    return cleaned


def _check_data(programme: Any, data: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    if not (data.get("name_ar", "").strip() or data.get("name_fr", "").strip()):
        raise DossierError(
            _("Name the specifications in Arabic or French."), code=ErrorCode.NAME_REQUIRED, field="name_fr"
        )
    specialty = data.get("specialty")
    if specialty is not None and not programme.specialties.filter(pk=specialty.pk).exists():
        raise DossierError(
            _("This specialty is not one of the programme's specialties."),
            code=ErrorCode.SPECIALTY_NOT_IN_PROGRAMME,
            field="specialty",
        )
    sponsor = data.get("sponsor")
    if sponsor is not None and not programme.sponsors.filter(pk=sponsor.pk).exists():
        raise DossierError(
            _("This organization does not sponsor the programme."),
            code=ErrorCode.NOT_A_SPONSOR,
            field="sponsor",
        )
    taken = Specification.objects.filter(programme=programme, specialty=specialty, is_current=True)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DossierError(
            _("The programme already has specifications for this specialty: edit them instead."),
            code=ErrorCode.SPECIFICATION_EXISTS,
            field="specialty",
        )


def _check_writer(actor: Any, programme: Any, specification: Specification | None, sponsor: Any) -> None:
    if not may_write(actor, programme, specification):
        raise DossierError(
            _(
                "Only a sponsor officer of the programme or an agency officer of its operator writes its specifications."
            ),
            code=ErrorCode.NOT_ALLOWED,
            status_code=403,
        )
    ids = writer_organization_ids(actor, programme)
    if sponsor is not None and programme.operator_id not in ids and sponsor.pk not in ids:
        raise DossierError(
            _("You write the specifications of your own organization only."),
            code=ErrorCode.NOT_ALLOWED,
            field="sponsor",
        )


def _write_items(
    specification: Specification, items: list[dict[str, Any]], *, actor: Any, copy: bool
) -> None:
    """Create, update and delete items so the specification holds `items`; for a new
    version (`copy`) every item is a new row."""
    kept: set[int] = set()
    existing = {item.pk: item for item in specification.items.all()} if not copy else {}
    for data in items:
        fields = {k: data[k] for k in ITEM_FIELDS}
        item = existing.get(int(data["id"])) if data["id"] and is_ascii_integer(str(data["id"])) else None
        if item is None:
            item = SpecificationItem(specification=specification, **fields)
        else:
            if all(getattr(item, k) == v for k, v in fields.items()):
                kept.add(item.pk)
                continue
            for name, value in fields.items():
                setattr(item, name, value)
        item._history_user = acting_user(actor)
        item.save()
        kept.add(item.pk)
    for pk, item in existing.items():
        if pk not in kept:
            item._history_user = acting_user(actor)
            item.delete()


def _items_snapshot(specification: Specification) -> list[tuple]:
    return [tuple(getattr(i, k) for k in ITEM_FIELDS) for i in specification.items.all()]


def create_specification(
    programme: Any, *, data: dict[str, Any], items: Sequence[dict[str, Any]], actor: Any
) -> Specification:
    """A programme's specifications for one specialty (or for all), version 1."""
    cleaned = _clean_items(items)
    with transaction.atomic():
        _check_writer(actor, programme, None, data.get("sponsor"))
        _check_data(programme, data)
        spec = Specification(programme=programme, **{k: data.get(k) for k in SPEC_FIELDS})
        for name in ("name_ar", "name_fr", "name_en"):
            setattr(spec, name, (getattr(spec, name) or "").strip())
        spec._history_user = acting_user(actor)
        spec.save()
        _write_items(spec, cleaned, actor=actor, copy=True)
        record_action(
            "dossiers.specification.created", spec, actor=actor, programme=programme.pk, items=len(cleaned)
        )
    return spec


def update_specification(
    specification: Specification,
    *,
    data: dict[str, Any],
    items: Sequence[dict[str, Any]],
    actor: Any,
    version: str | None = None,
) -> Specification:
    """Change a specification; returns the specification now current (a new version when
    a study already used this one). `version` is the `updated_at` the form loaded."""
    cleaned = _clean_items(items)
    with transaction.atomic():
        locked = (
            Specification.objects.select_for_update().select_related("programme").get(pk=specification.pk)
        )
        programme = locked.programme
        if not locked.is_current:
            raise DossierConflict(
                _("A newer version of these specifications exists: edit that one."), code=ErrorCode.STALE_EDIT
            )
        if version and locked.updated_at and version != locked.updated_at.isoformat():
            raise DossierConflict(
                _(
                    "Someone else changed these specifications while you were editing. Review their changes and try again."
                ),
                code=ErrorCode.STALE_EDIT,
            )
        merged = {k: data.get(k, getattr(locked, k)) for k in SPEC_FIELDS}
        _check_writer(actor, programme, locked, merged["sponsor"])
        _check_data(programme, merged, exclude_pk=locked.pk)
        before = [(getattr(locked, k) or "") for k in SPEC_FIELDS], _items_snapshot(locked)
        user = acting_user(actor)
        if is_in_use(locked):
            locked.is_current = False
            locked._history_user = user
            locked.save()
            new = Specification(programme=programme, version=locked.version + 1, previous=locked, **merged)
            new._history_user = user
            new.save()
            _write_items(new, cleaned, actor=actor, copy=True)
            record_action(
                "dossiers.specification.versioned",
                new,
                actor=actor,
                previous=locked.pk,
                version=new.version,
                items=len(cleaned),
            )
            return new
        for name, value in merged.items():
            setattr(locked, name, value)
        locked._history_user = user
        locked.save()
        _write_items(locked, cleaned, actor=actor, copy=False)
        after = [(getattr(locked, k) or "") for k in SPEC_FIELDS], _items_snapshot(locked)
        record_action(
            "dossiers.specification.updated",
            locked,
            actor=actor,
            changed=before != after,
            items=len(cleaned),
        )
    return locked
