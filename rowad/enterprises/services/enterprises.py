"""Recording the enterprise of a dossier: the one place a dossier reaches "company
created" (create_enterprise checks, writes the enterprise, its owners, its creation
steps and its follow-up calendar, then takes the dossier's transition, in one
transaction)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier, DossierHolder
from rowad.dossiers.services import set_dossier_state

from .. import checklists
from ..enums import SHARED_FORMS, ErrorCode, LegalForm, MemberRole, age_band
from ..identifiers import clean_identifiers
from ..models import CreationStep, Enterprise, EnterpriseMember, Obligation
from ..queries import MANAGERS
from .common import _date, _error, _not_allowed, today

HUNDRED = Decimal("100")


def _reference(dossier: Dossier) -> str:
    return f"ENT-{dossier.reference}"[:30]


def _default_members(dossier: Dossier, legal_form: str) -> list[dict[str, Any]]:
    """The dossier's holders: the lead manages; the others are associates or members."""
    links = list(DossierHolder.objects.filter(dossier=dossier).order_by("-is_lead", "id"))
    other = MemberRole.COOPERATIVE_MEMBER if legal_form == LegalForm.COOPERATIVE else MemberRole.ASSOCIATE
    share = (HUNDRED / len(links)).quantize(Decimal("0.01")) if links else None
    rows = [
        {"person": link.person_id, "role": MemberRole.MANAGER if i == 0 else other, "share": share}
        for i, link in enumerate(links)
    ]
    if rows and legal_form in SHARED_FORMS:
        # The rounding remainder goes to the manager, so the shares make 100 %.
        rows[0]["share"] = HUNDRED - share * (len(rows) - 1)
    return rows


def _share(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        share = Decimal(str(value).replace(",", ".").replace("%", "").strip())
    except InvalidOperation as exc:
        raise _error(_("A share is a percentage between 0 and 100."), ErrorCode.SHARES, "members") from exc
    if not (Decimal("0") < share <= HUNDRED):
        raise _error(_("A share is a percentage between 0 and 100."), ErrorCode.SHARES, "members")
    return share.quantize(Decimal("0.01"))


def clean_members(dossier: Dossier, country: str, legal_form: str, members: list[dict] | None) -> list[dict]:
    """Check the owners against the legal form: one manager; a one-person form has one
    owner; a company's associates and a cooperative's members hold shares making 100 %;
    a cooperative has at least its legal minimum of members. Owners are the dossier's
    holders."""
    rows = members if members else _default_members(dossier, legal_form)
    holder_ids = set(DossierHolder.objects.filter(dossier=dossier).values_list("person_id", flat=True))
    cleaned: list[dict] = []
    seen: set[int] = set()
    for row in rows:
        person_id = getattr(row.get("person"), "pk", row.get("person"))
        try:
            person_id = int(person_id)
        except (TypeError, ValueError):
            person_id = None
        if person_id not in holder_ids:
            raise _error(_("Every owner must be one of the dossier's holders."), ErrorCode.MEMBERS, "members")
        if person_id in seen:
            raise _error(_("A person is listed twice among the owners."), ErrorCode.MEMBERS, "members")
        seen.add(person_id)
        role = row.get("role") or MemberRole.ASSOCIATE
        if role not in MemberRole.values:
            raise _error(_("Choose each owner's role."), ErrorCode.MEMBERS, "members")
        cleaned.append({"person_id": person_id, "role": role, "share": _share(row.get("share"))})
    managers = [row for row in cleaned if row["role"] == MemberRole.MANAGER]
    if len(managers) != 1:
        raise _error(_("Name exactly one manager among the owners."), ErrorCode.MEMBERS, "members")
    if legal_form in checklists.SINGLE_OWNER_FORMS and len(cleaned) != 1:
        raise _error(
            _("%(form)s has a single owner.") % {"form": LegalForm(legal_form).label},
            ErrorCode.MEMBERS,
            "members",
        )
    if legal_form == LegalForm.COOPERATIVE:
        minimum = checklists.COOPERATIVE_MIN_MEMBERS.get(country, 0)
        if len(cleaned) < minimum:
            raise _error(
                _("A cooperative needs at least %(minimum)s members; %(count)s are listed.")
                % {"minimum": minimum, "count": len(cleaned)},
                ErrorCode.TOO_FEW_MEMBERS,
                "members",
            )
    if legal_form in SHARED_FORMS:
        shares = [row["share"] for row in cleaned]
        if any(share is None for share in shares) or sum(shares) != HUNDRED:
            raise _error(
                _("The owners' shares must add up to 100 %% (they make %(total)s %%).")
                % {"total": sum(s for s in shares if s is not None)},
                ErrorCode.SHARES,
                "members",
            )
    return cleaned


def snapshot_manager(enterprise: Enterprise) -> None:
    """Copy the manager's sex and age at creation onto the enterprise (figures by sex and
    age band read these). Call after the owners change."""
    manager = (
        EnterpriseMember.objects.filter(enterprise=enterprise, role=MemberRole.MANAGER, left_on__isnull=True)
        .select_related("person")
        .first()
    )
    person = manager.person if manager else None
    age = None
    if person is not None and person.birth_date:
        born, day = person.birth_date, enterprise.created_on
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    enterprise.manager_sex = (person.sex if person else "") or ""
    enterprise.manager_age_band = age_band(age)
    Enterprise.objects.filter(pk=enterprise.pk).update(
        manager_sex=enterprise.manager_sex, manager_age_band=enterprise.manager_age_band
    )


def _check_dossier(dossier: Dossier, actor: Any) -> None:
    from rowad.dossiers.queries import dossiers_visible_to

    if not dossiers_visible_to(actor, roles=MANAGERS).filter(pk=dossier.pk).exists():
        raise _not_allowed(_("Only an agency officer of this dossier records its enterprise."))
    if Enterprise.objects.filter(dossier_id=dossier.pk).exists():
        raise _error(
            _("This dossier already has its enterprise."), ErrorCode.ENTERPRISE_EXISTS, status_code=409
        )
    if dossier.state != DossierState.FINANCED:
        raise _error(
            _("An enterprise is recorded for a financed dossier (this one is “%(state)s”).")
            % {"state": DossierState(dossier.state).label},
            ErrorCode.DOSSIER_NOT_FINANCED,
        )


def _write_calendar(enterprise: Enterprise) -> None:
    base = enterprise.created_on
    CreationStep.objects.bulk_create(
        CreationStep(
            enterprise=enterprise,
            code=step.code,
            position=position,
            due_on=base + datetime.timedelta(days=step.days),
        )
        for position, step in enumerate(checklists.creation_steps(enterprise.country, enterprise.legal_form))
    )
    Obligation.objects.bulk_create(
        Obligation(enterprise=enterprise, kind=kind, due_on=due_on)
        for kind, due_on in checklists.obligation_dates(
            enterprise.country, enterprise.legal_form, base, until=today()
        )
    )


def create_enterprise(
    dossier: Dossier,
    *,
    actor: Any,
    legal_form: str,
    activity: str,
    created_on: datetime.date | str,
    name_ar: str = "",
    name_latin: str = "",
    address: str = "",
    specialty: Any = None,
    identifiers: dict[str, str] | None = None,
    members: list[dict] | None = None,
    note: str = "",
    expected_version: int | str | None = None,
) -> Enterprise:
    """Record the enterprise of a financed dossier and move the dossier to "company
    created" (the only way there). `members`: [{"person": id, "role", "share"}], default
    the dossier's holders; `identifiers`: {field: value} of identifiers.IDENTIFIER_FIELDS.
    `expected_version` is the dossier's version the officer's page loaded."""
    if legal_form not in LegalForm.values:
        raise _error(_("Choose the legal form."), ErrorCode.INVALID, "legal_form")
    activity = (activity or "").strip()
    if not activity:
        raise _error(_("Describe the activity."), ErrorCode.INVALID, "activity")
    name_ar, name_latin = (name_ar or "").strip(), (name_latin or "").strip()
    if not name_ar and not name_latin:
        raise _error(_("Give the enterprise's name in Arabic or Latin script."), ErrorCode.INVALID, "name_ar")
    created = _date(created_on, "created_on", _("Creation date"))
    country = dossier.province.country_id
    values, errors = clean_identifiers(country, legal_form, identifiers or {})
    if errors:
        field, message = next(iter(errors.items()))
        raise _error(message, ErrorCode.INVALID_IDENTIFIER, field)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("province").get(pk=dossier.pk)
        _check_dossier(locked, actor)
        if expected_version not in (None, "") and str(expected_version) != str(locked.version):
            from ..errors import EnterpriseConflict

            raise EnterpriseConflict(
                _("Someone else changed this dossier while you were looking at it. Review it and try again."),
                code=ErrorCode.STALE_EDIT,
            )
        owners = clean_members(locked, country, legal_form, members)
        enterprise = Enterprise(
            dossier=locked,
            reference=_reference(locked),
            legal_form=legal_form,
            country=country,
            name_ar=name_ar,
            name_latin=name_latin,
            activity=activity,
            programme_id=locked.programme_id,
            organization_id=locked.organization_id,
            specialty_id=getattr(specialty, "pk", specialty) or locked.specialty_id,
            province_id=locked.province_id,
            address=(address or "").strip(),
            created_on=created,
            created_by=acting_user(actor),
            **values,
        )
        enterprise._history_user = acting_user(actor)
        try:
            with transaction.atomic():
                enterprise.save()
        except IntegrityError as exc:  # a second submit won the race to the dossier
            raise _error(
                _("This dossier already has its enterprise."), ErrorCode.ENTERPRISE_EXISTS, status_code=409
            ) from exc
        EnterpriseMember.objects.bulk_create(
            EnterpriseMember(enterprise=enterprise, joined_on=created, **owner) for owner in owners
        )
        snapshot_manager(enterprise)
        _write_calendar(enterprise)
        record_action(
            "enterprises.enterprise.created",
            enterprise,
            actor=actor,
            dossier=locked.reference,
            legal_form=legal_form,
            created_on=created.isoformat(),
        )
        set_dossier_state(locked, DossierState.COMPANY_CREATED, actor=actor, note=note or activity)
    return enterprise


__all__ = ["clean_members", "create_enterprise", "snapshot_manager", "today"]
