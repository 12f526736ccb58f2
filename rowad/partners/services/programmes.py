"""Writes to programmes and their eligibility rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.enums import EducationLevel

from .. import queries
from ..enums import Benefit
from ..models import Organization, Programme
from .common import (
    MAX_AGE,
    MIN_AGE,
    NAME_FIELDS,
    PROGRAMME_FIELDS,
    PROGRAMME_RELATIONS,
    _add,
    _check_version,
    _dates_ordered,
    _history_user,
    _merged,
    _out_of_scope,
    _set_quietly,
)


def clean_programme_data(
    data: dict[str, Any],
    *,
    relations: dict[str, Iterable[Any]] | None = None,
    instance: Programme | None = None,
) -> dict[str, Any]:
    cleaned = {k: v for k, v in data.items() if k in PROGRAMME_FIELDS}
    current = _merged(cleaned, instance, PROGRAMME_FIELDS)
    relations = relations or {}
    errors: dict[str, list[str]] = {}
    if not any((current.get(f) or "").strip() for f in NAME_FIELDS):
        _add(errors, "name_ar", _("Give the programme's name in at least one language."))
    code = (current.get("code") or "").strip()
    if not code:
        _add(errors, "code", _("Give the programme a code."))
    else:
        clash = Programme.objects.filter(code=code)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            _add(errors, "code", _("Another programme already uses this code."))
    if current.get("operator") is None:
        _add(errors, "operator", _("Choose the organization that runs the programme."))
    min_age, max_age = current.get("min_age"), current.get("max_age")
    for field, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None and not MIN_AGE <= value <= MAX_AGE:
            _add(
                errors,
                field,
                _("An age limit is between %(low)d and %(high)d.") % {"low": MIN_AGE, "high": MAX_AGE},
            )
    if min_age is not None and max_age is not None and max_age < min_age:
        _add(errors, "max_age", _("The maximum age must be at least the minimum age."))
    _dates_ordered(current, errors)
    min_members, max_members = current.get("min_members") or 0, current.get("max_members") or 0
    if min_members < 1:
        _add(errors, "min_members", _("A project has at least one holder."))
    if max_members < min_members:
        _add(errors, "max_members", _("The maximum number of holders must be at least the minimum."))
    education = current.get("min_education") or ""
    if education and education not in EducationLevel.values:
        _add(errors, "min_education", _("Unknown education level."))
    benefits = current.get("benefits") or []
    if not isinstance(benefits, list) or any(b not in Benefit.values for b in benefits):
        _add(errors, "benefits", _("Unknown benefit."))
    else:
        cleaned["benefits"] = (
            [b for b in Benefit.values if b in benefits] if "benefits" in cleaned else benefits
        )
    operator = current.get("operator")
    provinces = relations.get("provinces")
    if (
        operator is not None
        and provinces is not None
        and any(p.country_id != operator.country for p in provinces)
    ):
        _add(errors, "provinces", _("Eligible provinces must be in the operator's country."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_operator_scope(actor: Any, operator: Organization | None) -> None:
    if operator is None or queries.scope_for(actor).is_platform_admin:
        return
    if not queries.writer_organizations(actor).filter(pk=operator.pk).exists():
        raise ValidationError({"operator": [_("The operator must be your own organization.")]})


def _check_relations_scope(
    actor: Any, relations: dict[str, Iterable[Any]], instance: Programme | None = None
) -> None:
    """Sponsors and agreements an officer adds must be ones they can see (those the
    programme already has may stay)."""
    if queries.scope_for(actor).is_platform_admin:
        return
    sponsors = list(relations.get("sponsors") or [])
    agreements = list(relations.get("agreements") or [])
    if instance is not None:
        held_sponsors = set(instance.sponsors.values_list("pk", flat=True))
        held_agreements = set(instance.agreements.values_list("pk", flat=True))
        sponsors = [s for s in sponsors if s.pk not in held_sponsors]
        agreements = [a for a in agreements if a.pk not in held_agreements]
    if sponsors:
        visible = queries.organizations_visible_to(actor).filter(pk__in=[s.pk for s in sponsors]).count()
        if visible != len({s.pk for s in sponsors}):
            raise ValidationError({"sponsors": [_("Choose sponsors among the organizations you can see.")]})
    if agreements:
        visible = queries.agreements_visible_to(actor).filter(pk__in=[a.pk for a in agreements]).count()
        if visible != len({a.pk for a in agreements}):
            raise ValidationError({"agreements": [_("Choose agreements among those you can see.")]})


def create_programme(
    *, data: dict[str, Any], actor: Any, relations: dict[str, Iterable[Any]] | None = None
) -> Programme:
    """`relations`: lists for agreements, sponsors, provinces, target_categories,
    specialties, required_documents."""
    relations = {k: list(v) for k, v in (relations or {}).items() if k in PROGRAMME_RELATIONS}
    cleaned = clean_programme_data(data, relations=relations)
    _check_operator_scope(actor, cleaned.get("operator"))
    _check_relations_scope(actor, relations)
    with transaction.atomic():
        programme = Programme(**cleaned)
        programme._history_user = _history_user(actor)
        programme.save()
        filled = {name: values for name, values in relations.items() if values}
        for name, values in filled.items():
            _set_quietly(programme, name, values)
        if filled:
            # A second history row carries the lists (provinces, specialties…).
            programme.save()
        record_action("partners.programme.created", programme, actor=actor)
    return programme


def update_programme(
    programme: Programme,
    *,
    data: dict[str, Any],
    actor: Any,
    version: int | str | None = None,
    relations: dict[str, Iterable[Any]] | None = None,
) -> Programme:
    relations = {k: list(v) for k, v in (relations or {}).items() if k in PROGRAMME_RELATIONS}
    cleaned = clean_programme_data(data, relations=relations, instance=programme)
    if "operator" in cleaned and cleaned["operator"] != programme.operator:
        _check_operator_scope(actor, cleaned["operator"])
    _check_relations_scope(actor, relations, programme)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if not queries.programmes_editable_by(actor).filter(pk=locked.pk).exists():
            raise _out_of_scope(_("You cannot change this programme."))
        _check_version(
            locked,
            version,
            _(
                "Someone else changed this programme while you were editing. Review their changes and try again."
            ),
        )
        changed = [f for f in PROGRAMME_FIELDS if f in cleaned and getattr(locked, f) != cleaned[f]]
        for field in changed:
            setattr(locked, field, cleaned[field])
        for name, values in relations.items():
            if set(getattr(locked, name).values_list("pk", flat=True)) != {v.pk for v in values}:
                _set_quietly(locked, name, values)
                changed.append(name)
        if changed:
            locked.version += 1
            locked._history_user = _history_user(actor)
            locked.save()
            record_action("partners.programme.updated", locked, actor=actor, fields=changed)
    return locked
