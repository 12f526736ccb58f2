"""Creating and editing dossiers: holders, financing, placement in a province and an
organization the acting membership reaches."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action

from .. import workflow
from ..enums import DossierState, ErrorCode, FinancingKind
from ..models import (
    Dossier,
    DossierHolder,
    FinancingLine,
    StateChange,
)
from ..rules import CREATORS, EDITORS
from .common import DOSSIER_FIELDS, DossierError, _check_version, _lock, _save, _user
from .states import financing_total, refresh_eligibility, set_dossier_state

# --- Create and edit ---------------------------------------------------------------------


def _default_organization(actor: Any, programme, province):
    """The organization of the membership under which `actor` creates a dossier in
    `province`; the programme's operator for a holder (portal) or an administrator."""
    from rowad.partners.models import Organization

    grant = scope_for(actor).placing_grant(*CREATORS, province_id=getattr(province, "pk", None))
    if grant is not None:
        return Organization.objects.get(pk=grant.organization_id)
    return programme.operator


def check_placement(actor: Any, roles: Iterable[str], *, province: Any, organization: Any = None) -> None:
    """Refuse (403, code "out_of_scope") a staff write that puts a dossier in a province
    (or an organization) no membership of `actor` holding one of `roles` covers. Holders
    (portal) and system writes (no actor) are not staff: their own checks apply."""
    scope = scope_for(actor)
    if actor is None or not scope.is_staff_user:
        return
    if not scope.places(
        *roles,
        province_id=getattr(province, "pk", None),
        organization_id=getattr(organization, "pk", None),
    ):
        if organization is not None:
            message = _(
                "None of your memberships allowed to do this covers %(province)s for %(organization)s."
            )
        else:
            message = _("None of your memberships allowed to do this covers %(province)s.")
        raise DossierError(
            message % {"province": province, "organization": organization},
            code=ErrorCode.OUT_OF_SCOPE,
            status_code=403,
        )


def _normalize_holders(holders: Sequence[Any]) -> list[tuple[Any, bool]]:
    pairs = [(h, False) if not isinstance(h, tuple) else h for h in holders]
    if pairs and not any(lead for _, lead in pairs):
        pairs[0] = (pairs[0][0], True)
    seen, result = set(), []
    for person, lead in pairs:
        if person.pk not in seen:
            seen.add(person.pk)
            result.append((person, lead))
    return result


def clean_dossier_data(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            errors.setdefault("title", []).append(_("Give the project a title."))
    if "investment" in cleaned:
        try:
            cleaned["investment"] = Decimal(str(cleaned["investment"] or 0))
        except ArithmeticError:
            errors.setdefault("investment", []).append(_("Enter an amount."))
        else:
            if cleaned["investment"] < 0:
                errors.setdefault("investment", []).append(_("The amount cannot be negative."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_specialty(programme: Any, specialty: Any) -> None:
    """A dossier's specialty is one of its programme's (the eligibility rule reads it)."""
    if specialty is not None and not programme.specialties.filter(pk=specialty.pk).exists():
        raise ValidationError({"specialty": [_("This specialty is not one of the programme's specialties.")]})


def _existing_for_retry(client_uuid: Any, actor: Any) -> Dossier | None:
    """The dossier a retried request (same client UUID) created, if the same user sent
    it; another user's UUID is refused rather than answered with their dossier."""
    existing = Dossier.objects.filter(client_uuid=client_uuid).first()
    if existing is None:
        return None
    user = _user(actor)
    if existing.created_by_id not in (None, getattr(user, "pk", None)):
        raise DossierError(
            _("This request was already used by someone else."), code=ErrorCode.DUPLICATE_REQUEST
        )
    return existing


def create_dossier(
    *,
    holders: Sequence[Any],
    programme: Any,
    actor: Any,
    client_uuid: uuid.UUID | str | None = None,
    financing: Sequence[dict[str, Any]] | None = None,
    **fields: Any,
) -> Dossier:
    """Create a dossier in state `idea`. `holders`: people (the first is the lead unless
    (person, True) pairs say otherwise). Re-sending the same `client_uuid` returns the
    dossier created the first time."""
    if client_uuid:
        existing = _existing_for_retry(client_uuid, actor)
        if existing is not None:
            return existing
    pairs = _normalize_holders(holders)
    if not pairs:
        raise ValidationError({"holders": [_("A dossier needs at least one holder.")]})
    unknown = set(fields) - set(DOSSIER_FIELDS)
    if unknown:
        raise TypeError(f"unknown dossier fields: {sorted(unknown)}")
    data = clean_dossier_data({"title": fields.get("title", ""), **fields})
    check_specialty(programme, data.get("specialty"))
    lead = next(p for p, is_lead in pairs if is_lead)
    data.setdefault("province", lead.province)
    if data.get("province") is None:
        raise ValidationError({"province": [_("Choose the province of the project.")]})
    if data.get("organization") is None:
        data["organization"] = _default_organization(actor, programme, data["province"])
    check_placement(actor, CREATORS, province=data["province"], organization=data["organization"])
    try:
        with transaction.atomic():
            dossier = Dossier(
                programme=programme, client_uuid=client_uuid or None, created_by=_user(actor), **data
            )
            dossier.reference = f"TMP-{uuid.uuid4().hex[:20]}"
            dossier._history_user = _user(actor)
            dossier.save()
            country = dossier.province.country_id
            dossier.reference = f"{country}-{timezone.localdate().year}-{dossier.pk:06d}"
            Dossier.objects.filter(pk=dossier.pk).update(reference=dossier.reference)
            DossierHolder.objects.bulk_create(
                [DossierHolder(dossier=dossier, person=p, is_lead=lead_flag) for p, lead_flag in pairs]
            )
            for position, line in enumerate(financing or ()):
                FinancingLine.objects.create(dossier=dossier, position=position, **line)
            StateChange.objects.create(
                dossier=dossier, from_state="", to_state=dossier.state, actor=_user(actor)
            )
            refresh_eligibility(dossier)
            record_action("dossiers.dossier.created", dossier, actor=actor, reference=dossier.reference)
    except IntegrityError:
        # A concurrent request with the same client UUID won the race.
        if client_uuid:
            existing = _existing_for_retry(client_uuid, actor)
            if existing is not None:
                return existing
        raise
    return dossier


def _check_holder(locked: Dossier, actor: Any) -> None:
    """A non-staff actor (a project holder, through the portal) may only touch the
    dossiers they hold; staff visibility is checked by the views' scoped lookups."""
    scope = scope_for(actor)
    if scope.is_staff_user or actor is None:
        return
    if not (
        scope.person_id and DossierHolder.objects.filter(dossier=locked, person_id=scope.person_id).exists()
    ):
        raise DossierError(
            _("You are not allowed to change this dossier."), code=ErrorCode.NOT_ALLOWED, status_code=403
        )


def _check_editable(locked: Dossier, actor: Any) -> None:
    _check_holder(locked, actor)
    scope = scope_for(actor)
    is_staff = scope.is_staff_user
    if is_staff and actor is not None and not scope.is_platform_admin:
        from ..queries import may_act_on

        if not may_act_on(actor, locked, EDITORS):
            raise DossierError(
                _("You are not allowed to change this dossier."), code=ErrorCode.NOT_ALLOWED, status_code=403
            )
    states = workflow.EDITABLE_STATES if is_staff else workflow.HOLDER_EDITABLE_STATES
    if locked.state not in states:
        raise DossierError(
            _("A dossier in state “%(state)s” can no longer be edited.")
            % {"state": locked.get_state_display()},
            code=ErrorCode.NOT_EDITABLE,
        )


def update_dossier(
    dossier: Dossier,
    *,
    data: dict[str, Any],
    actor: Any,
    expected_version: int | str | None,
    holders: Sequence[Any] | None = None,
) -> tuple[Dossier, list[str]]:
    """Save the changed fields (and holders, if given); refused (DossierConflict, code
    "stale_edit") when the editor loaded an older version. Returns the dossier and the
    changed field names."""
    cleaned = clean_dossier_data({k: v for k, v in data.items() if k in DOSSIER_FIELDS})
    pairs = _normalize_holders(holders) if holders is not None else None
    if pairs is not None and not pairs:
        raise DossierError(_("A dossier needs at least one holder."), code=ErrorCode.NO_HOLDER)
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        _check_editable(locked, actor)
        changed = [f for f, v in cleaned.items() if getattr(locked, f) != v]
        if "specialty" in changed:
            check_specialty(locked.programme, cleaned["specialty"])
        if "province" in changed:
            check_placement(actor, EDITORS, province=cleaned["province"])
        for field in changed:
            setattr(locked, field, cleaned[field])
        if pairs is not None and _replace_holders(locked, pairs):
            changed.append("holders")
        if changed:
            _save(locked, actor)
            refresh_eligibility(locked)
            record_action("dossiers.dossier.updated", locked, actor=actor, fields=changed)
    return locked, changed


def _replace_holders(locked: Dossier, pairs: list[tuple[Any, bool]]) -> bool:
    before = set(locked.holder_links.values_list("person_id", "is_lead"))
    after = {(p.pk, lead) for p, lead in pairs}
    if before == after:
        return False
    locked.holder_links.all().delete()
    DossierHolder.objects.bulk_create(
        [DossierHolder(dossier=locked, person=p, is_lead=lead) for p, lead in pairs]
    )
    return True


def set_holders(
    dossier: Dossier,
    *,
    holders: Sequence[Any],
    actor: Any,
    expected_version: int | str | None = None,
) -> Dossier:
    locked, _changed = update_dossier(
        dossier, data={}, actor=actor, expected_version=expected_version, holders=holders
    )
    return locked


def set_financing(
    dossier: Dossier,
    *,
    lines: Sequence[dict[str, Any]],
    actor: Any,
    expected_version: int | str | None = None,
) -> Dossier:
    """Replace the financing plan. Lines: {"kind", "amount", "funder"}. The sum is checked
    against the investment by the guards (a plan may be incomplete while drafted)."""
    errors = []
    for index, line in enumerate(lines, start=1):
        if line.get("kind") not in FinancingKind.values:
            errors.append(_("Line %(n)s: choose the kind of financing.") % {"n": index})
        try:
            amount = Decimal(str(line.get("amount")))
        except ArithmeticError:
            amount = Decimal("-1")
        if amount < 0:
            errors.append(_("Line %(n)s: enter a positive amount.") % {"n": index})
    if errors:
        raise ValidationError({"financing": errors})
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        if locked.state in workflow.FINAL_STATES or locked.state in (
            DossierState.FINANCED,
            DossierState.COMPANY_CREATED,
        ):
            raise DossierError(
                _("The financing plan of this dossier can no longer change."), code=ErrorCode.NOT_EDITABLE
            )
        locked.financing_lines.all().delete()
        for position, line in enumerate(lines):
            FinancingLine.objects.create(
                dossier=locked,
                kind=line["kind"],
                amount=Decimal(str(line["amount"])),
                funder=line.get("funder"),
                position=position,
            )
        _save(locked, actor, reason="financing")
        record_action(
            "dossiers.dossier.financing_changed",
            locked,
            actor=actor,
            total=str(financing_total(locked)),
        )
    return locked


def submit_dossier(dossier: Dossier, *, actor: Any, expected_version: int | None = None) -> Dossier:
    return set_dossier_state(dossier, DossierState.SUBMITTED, actor=actor, expected_version=expected_version)
