"""Every write to organizations, agreements and programmes: validate, check the writer's
scope, lock, refuse stale edits, save (django-simple-history records the change) and
write the audit entry in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.enums import EducationLevel
from rowad.core.errors import ConflictError, DomainError
from rowad.core.validators import normalize_phone

from . import queries
from .enums import Benefit, PartyRole
from .models import Agreement, AgreementParty, Organization, Programme
from .validators import validate_agreement_document

ORGANIZATION_FIELDS = (
    "kind",
    "country",
    "acronym",
    "name_ar",
    "name_fr",
    "name_en",
    "parent",
    "address",
    "phone",
    "email",
    "website",
    "is_active",
)
AGREEMENT_FIELDS = ("title", "reference", "signed_on", "starts_on", "ends_on", "summary")
PROGRAMME_FIELDS = (
    "code",
    "name_ar",
    "name_fr",
    "name_en",
    "operator",
    "description",
    "starts_on",
    "ends_on",
    "min_age",
    "max_age",
    "min_education",
    "requires_unemployed",
    "excludes_prior_aid",
    "benefits",
    "min_members",
    "max_members",
    "is_active",
)
PROGRAMME_RELATIONS = (
    "agreements",
    "sponsors",
    "provinces",
    "target_categories",
    "specialties",
    "required_documents",
)
NAME_FIELDS = ("name_ar", "name_fr", "name_en")
MIN_AGE, MAX_AGE = 14, 99


class PartnerError(DomainError):
    pass


@dataclass(frozen=True)
class PartyData:
    organization: Organization
    role: str
    commitments: str = ""


def _history_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _set_quietly(instance: Model, name: str, values: Iterable[Any]) -> None:
    """Set an m2m without django-simple-history's per-signal rows; the caller's save()
    then records one history row holding every change of the edit."""
    instance.skip_history_when_saving = True
    try:
        getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_version(locked: Model, version: int | str | None, message: str) -> None:
    if version in (None, ""):
        return
    try:
        expected = int(version)
    except (TypeError, ValueError):
        expected = -1
    if expected != locked.version:
        raise ConflictError(message, code="stale_edit")


def _dates_ordered(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        _add(errors, "ends_on", _("The end date must be on or after the start date."))


def _merged(data: dict[str, Any], instance: Model | None, fields: Iterable[str]) -> dict[str, Any]:
    current = {f: getattr(instance, f) for f in fields} if instance else {}
    current.update(data)
    return current


def _out_of_scope(message: str) -> PartnerError:
    return PartnerError(message, code="out_of_scope", status_code=403)


# --- Organizations ---------------------------------------------------------------------


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


# --- Agreements ------------------------------------------------------------------------


def clean_agreement_data(
    data: dict[str, Any], *, parties: Iterable[PartyData] | None = None, instance: Agreement | None = None
) -> dict[str, Any]:
    cleaned = {k: v for k, v in data.items() if k in AGREEMENT_FIELDS}
    if isinstance(cleaned.get("title"), str):
        cleaned["title"] = cleaned["title"].strip()
    current = _merged(cleaned, instance, AGREEMENT_FIELDS)
    errors: dict[str, list[str]] = {}
    if not current.get("title"):
        _add(errors, "title", _("Give the agreement a title."))
    _dates_ordered(current, errors)
    signed = current.get("signed_on")
    if signed and signed > timezone.localdate():
        _add(errors, "signed_on", _("The signature date cannot be in the future."))
    if parties is not None:
        try:
            check_parties(list(parties))
        except ValidationError as exc:
            errors.setdefault("parties", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_parties(parties: list[PartyData]) -> None:
    if len({p.organization.pk for p in parties}) < 2:
        raise ValidationError(_("An agreement needs at least two different organizations as parties."))
    seen = set()
    for party in parties:
        if party.role not in PartyRole.values:
            raise ValidationError(_("Unknown party role: %(role)s.") % {"role": party.role})
        key = (party.organization.pk, party.role)
        if key in seen:
            raise ValidationError(
                _("%(organization)s is listed twice with the same role.")
                % {"organization": party.organization}
            )
        seen.add(key)


def _check_agreement_scope(actor: Any, parties: list[PartyData]) -> None:
    if queries.scope_for(actor).is_platform_admin:
        return
    mine = set(queries.writer_organizations(actor).values_list("pk", flat=True))
    if not any(p.organization.pk in mine for p in parties):
        raise ValidationError({"parties": [_("One of the parties must be your own organization.")]})
    visible = set(
        queries.organizations_visible_to(actor)
        .filter(pk__in=[p.organization.pk for p in parties])
        .values_list("pk", flat=True)
    )
    if any(p.organization.pk not in visible for p in parties):
        raise ValidationError({"parties": [_("Choose parties among the organizations you can see.")]})


def _check_programmes_scope(actor: Any, programmes: list[Programme]) -> None:
    if queries.scope_for(actor).is_platform_admin or not programmes:
        return
    allowed = set(
        queries.programmes_editable_by(actor)
        .filter(pk__in=[p.pk for p in programmes])
        .values_list("pk", flat=True)
    )
    if any(p.pk not in allowed for p in programmes):
        raise ValidationError({"programmes": [_("You can only link programmes your organization operates.")]})


def _sync_parties(agreement: Agreement, parties: list[PartyData], actor: Any) -> bool:
    """Add, update and remove parties; True when anything changed. Each party row has its
    own history (shown on the agreement's page)."""
    existing = {(p.organization_id, p.role): p for p in agreement.parties.all()}
    wanted = {(p.organization.pk, p.role): p for p in parties}
    changed = False
    for key, party in existing.items():
        if key not in wanted:
            party._history_user = _history_user(actor)
            party.delete()
            changed = True
    for key, data in wanted.items():
        party = existing.get(key)
        if party is None:
            party = AgreementParty(
                agreement=agreement,
                organization=data.organization,
                role=data.role,
                commitments=data.commitments,
            )
        elif party.commitments == data.commitments:
            continue
        else:
            party.commitments = data.commitments
        party._history_user = _history_user(actor)
        party.save()
        changed = True
    return changed


def _store_document(agreement: Agreement, document: Any) -> None:
    if document is None:
        return
    if document is False:
        if agreement.document:
            agreement.document.delete(save=False)
        agreement.document = ""
        return
    try:
        validate_agreement_document(document)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from exc
    old = agreement.document.name if agreement.document else ""
    agreement.document.save(document.name, document, save=False)
    if old:
        # Remove the replaced file once the new one is committed.
        storage = agreement.document.storage
        transaction.on_commit(lambda: storage.delete(old))


def create_agreement(
    *,
    data: dict[str, Any],
    parties: Iterable[PartyData],
    actor: Any,
    programmes: Iterable[Programme] = (),
    document: Any = None,
) -> Agreement:
    parties, programmes = list(parties), list(programmes)
    cleaned = clean_agreement_data(data, parties=parties)
    _check_agreement_scope(actor, parties)
    _check_programmes_scope(actor, programmes)
    with transaction.atomic():
        agreement = Agreement(**cleaned)
        _store_document(agreement, document)
        agreement._history_user = _history_user(actor)
        agreement.save()
        _sync_parties(agreement, parties, actor)
        agreement.programmes.set(programmes)
        record_action(
            "partners.agreement.created",
            agreement,
            actor=actor,
            parties=[[p.organization.pk, p.role] for p in parties],
        )
    return agreement


def update_agreement(
    agreement: Agreement,
    *,
    data: dict[str, Any],
    actor: Any,
    version: int | str | None = None,
    parties: Iterable[PartyData] | None = None,
    programmes: Iterable[Programme] | None = None,
    document: Any = None,
) -> Agreement:
    """`document`: an uploaded file to store, False to remove the current one, None to
    keep it."""
    parties = list(parties) if parties is not None else None
    programmes = list(programmes) if programmes is not None else None
    cleaned = clean_agreement_data(data, parties=parties, instance=agreement)
    if parties is not None:
        _check_agreement_scope(actor, parties)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if not queries.agreements_editable_by(actor).filter(pk=locked.pk).exists():
            raise _out_of_scope(_("You cannot change this agreement."))
        _check_version(
            locked,
            version,
            _(
                "Someone else changed this agreement while you were editing. Review their changes and try again."
            ),
        )
        changed = [f for f in AGREEMENT_FIELDS if f in cleaned and getattr(locked, f) != cleaned[f]]
        for field in changed:
            setattr(locked, field, cleaned[field])
        if document is not None and (document is not False or locked.document):
            _store_document(locked, document)
            changed.append("document")
        if parties is not None and _sync_parties(locked, parties, actor):
            changed.append("parties")
        if programmes is not None:
            before = set(locked.programmes.values_list("pk", flat=True))
            after = {p.pk for p in programmes}
            if before != after:
                # An officer may only add or remove programmes their organization operates.
                touched = Programme.objects.filter(pk__in=before ^ after)
                _check_programmes_scope(actor, list(touched))
                locked.programmes.set(programmes)
                changed.append("programmes")
        if changed:
            locked.version += 1
            locked._history_user = _history_user(actor)
            locked.save()
            record_action("partners.agreement.updated", locked, actor=actor, fields=changed)
    return locked


# --- Programmes ------------------------------------------------------------------------


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
