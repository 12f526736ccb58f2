"""Scoped reads of financing. Views, the API, the portal and other apps read through these.

Who reaches what, one membership at a time:
- agency officers, directors and mentors: the plans of the dossiers they reach in that role
  (`dossiers_visible_to(user, roles=…)`), every line of them;
- a funder's officer: only the lines their organization finances, in that membership's
  provinces (and the plans that hold such a line, showing only those lines);
- a project holder: the plans of the dossiers they hold.
Only agency officers write plans, disbursements, payments and reschedulings of the dossiers
they reach; a funder's officer records the decisions (and may post disbursements and
payments) on their own organization's lines."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.dossiers.queries import dossiers_visible_to

from .enums import GRANTED, ErrorCode, LineDecision, PlanState, ScheduleState
from .models import (
    Disbursement,
    FinancingFormula,
    FinancingPlan,
    Instalment,
    Payment,
    PlanLine,
    RepaymentSchedule,
)

# Staff who read the financing of the dossiers they reach.
READERS = (Role.AGENCY_OFFICER, Role.DIRECTOR, Role.MENTOR)
# Staff who write plans, tranches, payments and reschedulings.
MANAGERS = (Role.AGENCY_OFFICER,)
FUNDERS = (Role.FUNDER_OFFICER,)


def _dossier_ids(user: Any, roles: tuple[str, ...]) -> QuerySet:
    return dossiers_visible_to(user, roles=roles).order_by().values("pk")


def _funder_condition(user: Any, prefix: str) -> Q:
    """Lines (under `prefix`) financed by one funder-officer membership's organization and
    lying in that same membership's provinces."""
    condition = Q(pk__in=[])
    for grant in scope_for(user).grants_for(*FUNDERS):
        condition |= Q(
            **{
                f"{prefix}funder_id": grant.organization_id,
                f"{prefix}plan__dossier__province_id__in": sorted(grant.province_ids),
            }
        )
    return condition


def lines_visible_to(user: Any, *, roles: tuple[str, ...] | None = None) -> QuerySet[PlanLine]:
    """Plan lines `user` may read (with `roles`: only through memberships of those roles)."""
    base = PlanLine.objects.select_related("plan__dossier", "funder", "part")
    scope = scope_for(user)
    if scope.is_platform_admin:
        return base
    wanted = READERS + FUNDERS + (Role.PROJECT_HOLDER,) if roles is None else tuple(roles)
    condition = Q(pk__in=[])
    staff = tuple(r for r in wanted if r in READERS)
    if staff and scope.grants_for(*staff):
        condition |= Q(plan__dossier__in=_dossier_ids(user, staff))
    if Role.FUNDER_OFFICER in wanted:
        condition |= _funder_condition(user, "")
    if Role.PROJECT_HOLDER in wanted and scope.person_id:
        condition |= Q(plan__dossier__holders=scope.person_id)
    return base.filter(pk__in=PlanLine.objects.filter(condition).values("pk"))


def lines_managed_by(user: Any) -> QuerySet[PlanLine]:
    """Lines an agency officer writes (plans, tranches, payments, reschedulings)."""
    return lines_visible_to(user, roles=MANAGERS)


def lines_decided_by(user: Any) -> QuerySet[PlanLine]:
    """Lines whose funder's decisions `user` records: their own organization's lines as a
    funder's officer; an agency officer records them too, from the funder's letter."""
    return lines_visible_to(user, roles=MANAGERS + FUNDERS)


def plans_visible_to(user: Any, *, roles: tuple[str, ...] | None = None) -> QuerySet[FinancingPlan]:
    lines = lines_visible_to(user, roles=roles)
    scope = scope_for(user)
    base = FinancingPlan.objects.select_related("dossier__programme", "dossier__province", "formula")
    if scope.is_platform_admin:
        return base
    wanted = (
        (*READERS, Role.PROJECT_HOLDER)
        if roles is None
        else tuple(r for r in roles if r != Role.FUNDER_OFFICER)
    )
    condition = Q(pk__in=lines.values("plan_id"))
    staff = tuple(r for r in wanted if r in READERS)
    if staff and scope.grants_for(*staff):
        # A plan of a reached dossier is visible even before it has a line.
        condition |= Q(dossier__in=_dossier_ids(user, staff))
    return base.filter(condition)


def plans_managed_by(user: Any) -> QuerySet[FinancingPlan]:
    return plans_visible_to(user, roles=MANAGERS)


def _programme_condition(organization_ids: list[int], prefix: str = "programme__") -> Q:
    """Programmes operated by one of these organizations (or by their parent, for a
    wilaya office) or to whose agreements they are a party (a funder, a bank)."""
    return (
        Q(**{f"{prefix}operator_id__in": organization_ids})
        | Q(**{f"{prefix}operator__branches__in": organization_ids})
        | Q(**{f"{prefix}agreements__parties__organization_id__in": organization_ids})
    )


def formulas_visible_to(user: Any) -> QuerySet[FinancingFormula]:
    """Formulas of the programmes the user works in (formulas hold no personal data)."""
    scope = scope_for(user)
    base = FinancingFormula.objects.select_related("programme").prefetch_related("parts__funder")
    if scope.is_platform_admin:
        return base
    orgs = sorted({g.organization_id for g in scope.grants_for(*READERS, *FUNDERS)})
    if not orgs:
        return base.none()
    return base.filter(pk__in=FinancingFormula.objects.filter(_programme_condition(orgs)).values("pk"))


def formulas_managed_by(user: Any) -> QuerySet[FinancingFormula]:
    """Formulas an agency officer of the programme's operator (or a wilaya office of it)
    maintains."""
    scope = scope_for(user)
    base = FinancingFormula.objects.select_related("programme")
    if scope.is_platform_admin:
        return base
    orgs = sorted({g.organization_id for g in scope.grants_for(*MANAGERS)})
    condition = Q(programme__operator_id__in=orgs) | Q(programme__operator__branches__in=orgs)
    return base.filter(pk__in=FinancingFormula.objects.filter(condition).values("pk"))


def schedules_visible_to(user: Any, *, roles: tuple[str, ...] | None = None) -> QuerySet[RepaymentSchedule]:
    return RepaymentSchedule.objects.select_related("line__plan__dossier", "line__funder").filter(
        line__in=lines_visible_to(user, roles=roles)
    )


def instalments_visible_to(user: Any, *, roles: tuple[str, ...] | None = None) -> QuerySet[Instalment]:
    return Instalment.objects.select_related("schedule__line__funder").filter(
        schedule__line__in=lines_visible_to(user, roles=roles)
    )


def disbursements_visible_to(user: Any, *, roles: tuple[str, ...] | None = None) -> QuerySet[Disbursement]:
    return Disbursement.objects.select_related("line__plan__dossier", "paid_by").filter(
        line__in=lines_visible_to(user, roles=roles)
    )


def payments_visible_to(user: Any, *, roles: tuple[str, ...] | None = None) -> QuerySet[Payment]:
    return Payment.objects.select_related("schedule__line__plan__dossier").filter(
        schedule__line__in=lines_visible_to(user, roles=roles)
    )


def active_schedules() -> QuerySet[RepaymentSchedule]:
    return RepaymentSchedule.objects.filter(state=ScheduleState.ACTIVE)


def funding_problem(dossier: Any) -> tuple[str, Any] | None:
    """Why the dossier may not pass "financed" yet (None: every line of its plan approved).
    Handed to the dossiers app's transition guard (apps.py)."""
    plan = FinancingPlan.objects.filter(dossier=dossier).first()
    if plan is None:
        return ErrorCode.FUNDING_INCOMPLETE, _("The dossier has no financing plan yet.")
    lines = list(plan.lines.all())
    waiting = [line for line in lines if line.decision not in GRANTED]
    if not lines or waiting or plan.state != PlanState.APPROVED:
        refused = [line for line in waiting if line.decision == LineDecision.REFUSED]
        if refused:
            return ErrorCode.FUNDING_INCOMPLETE, _("A funder refused a line: revise the financing plan.")
        return ErrorCode.FUNDING_INCOMPLETE, _(
            "Every line of the financing plan must be approved by its funder."
        )
    return None
