"""Writes to agreements, their parties, covered programmes and signed document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action

from .. import queries
from ..enums import PartyRole
from ..models import Agreement, AgreementParty, Programme
from ..validators import validate_agreement_document
from .common import (
    AGREEMENT_FIELDS,
    PartyData,
    _add,
    _check_version,
    _dates_ordered,
    _history_user,
    _merged,
    _out_of_scope,
)


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
