"""Writes to organizations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.validators import normalize_phone

from .. import queries
from ..models import Organization
from .common import (
    NAME_FIELDS,
    ORGANIZATION_FIELDS,
    _add,
    _check_version,
    _history_user,
    _merged,
    _out_of_scope,
    _set_quietly,
)


def clean_organization_data(
    data: dict[str, Any], *, provinces: Iterable[Any] | None = None, instance: Organization | None = None
) -> dict[str, Any]:
    """Normalize the phone and check the cross-field rules; ValidationError keyed by field."""
    cleaned = {k: v for k, v in data.items() if k in ORGANIZATION_FIELDS}
    current = _merged(cleaned, instance, ORGANIZATION_FIELDS)
    country = current.get("country") or ""
    errors: dict[str, list[str]] = {}
    if not any((current.get(f) or "").strip() for f in NAME_FIELDS):
        _add(errors, "name_ar", _("Give the organization's name in at least one language."))
    if cleaned.get("phone"):
        try:
            cleaned["phone"] = normalize_phone(cleaned["phone"], country)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    parent = current.get("parent")
    if parent is not None:
        if instance is not None and parent.pk == instance.pk:
            _add(errors, "parent", _("An organization cannot be its own parent."))
        elif instance is not None and _is_descendant(parent, instance):
            _add(errors, "parent", _("This parent is one of the organization's own branches."))
        elif country and parent.country != country:
            _add(errors, "parent", _("The parent organization is in another country."))
    if provinces is not None and country:
        foreign = [p for p in provinces if p.country_id != country]
        if foreign:
            _add(errors, "provinces", _("Some provinces are not in the organization's country."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _is_descendant(candidate: Organization, ancestor: Organization) -> bool:
    seen = set()
    node = candidate
    while node is not None and node.pk not in seen:
        if node.parent_id == ancestor.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def _check_organization_scope(actor: Any, provinces: list[Any] | None, parent: Organization | None) -> None:
    """A new organization recorded by an agency officer serves provinces of their scope
    (or is a branch of their organization), so it stays in their scope."""
    writable = queries.writer_provinces(actor)
    if parent is not None and queries.writer_organizations(actor).filter(pk=parent.pk).exists():
        return
    if not provinces:
        raise ValidationError(
            {"provinces": [_("Choose the provinces this organization serves (within your own provinces).")]}
        )
    allowed = set(writable.values_list("pk", flat=True))
    if any(p.pk not in allowed for p in provinces):
        raise ValidationError(
            {"provinces": [_("You can only record organizations serving your own provinces.")]}
        )


def create_organization(*, data: dict[str, Any], actor: Any, provinces: Iterable[Any] = ()) -> Organization:
    provinces = list(provinces)
    cleaned = clean_organization_data(data, provinces=provinces)
    if not queries.scope_for(actor).is_platform_admin:
        _check_organization_scope(actor, provinces, cleaned.get("parent"))
    with transaction.atomic():
        organization = Organization(**cleaned)
        organization._history_user = _history_user(actor)
        organization.save()
        if provinces:
            _set_quietly(organization, "provinces", provinces)
            organization.save()  # a second history row carries the provinces served
        record_action("partners.organization.created", organization, actor=actor)
    return organization


def update_organization(
    organization: Organization,
    *,
    data: dict[str, Any],
    actor: Any,
    version: int | str | None = None,
    provinces: Iterable[Any] | None = None,
) -> Organization:
    """Save changed fields. `version` is the version the editor loaded: if someone saved
    in between, nothing is written and ConflictError says so."""
    provinces = list(provinces) if provinces is not None else None
    cleaned = clean_organization_data(data, provinces=provinces, instance=organization)
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        if not queries.organizations_editable_by(actor).filter(pk=locked.pk).exists():
            raise _out_of_scope(_("You cannot change this organization."))
        _check_version(
            locked,
            version,
            _(
                "Someone else changed this organization while you were editing. Review their changes and try again."
            ),
        )
        changed = [f for f in ORGANIZATION_FIELDS if f in cleaned and getattr(locked, f) != cleaned[f]]
        for field in changed:
            setattr(locked, field, cleaned[field])
        provinces_changed = False
        if provinces is not None:
            before = set(locked.provinces.values_list("pk", flat=True))
            provinces_changed = before != {p.pk for p in provinces}
            if provinces_changed and not queries.scope_for(actor).is_platform_admin:
                _check_organization_scope(actor, provinces, locked.parent)
        if provinces_changed:
            _set_quietly(locked, "provinces", provinces)
            changed.append("provinces")
        if changed:
            locked.version += 1
            locked._history_user = _history_user(actor)
            locked.save()
            record_action("partners.organization.updated", locked, actor=actor, fields=changed)
    return locked
