"""A dossier's financing plan: the list, the plan page (lines explained, their decisions,
the form to edit them, submission, the decision form per line for whoever may decide,
the decisions' history), and "propose the plan" from a dossier."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rowad.core.errors import ConflictError, DomainError
from rowad.core.pagination import CappedPaginator
from rowad.dossiers.queries import dossiers_visible_to
from rowad.partners.models import Organization, Programme
from rowad.partners.queries import organizations_visible_to

from .. import queries
from ..enums import GRANTED, LineDecision, PlanState, ScheduleState
from ..forms.plans import (
    DecisionForm,
    PlanFilterForm,
    PlanLineFormSet,
    PlanVersionForm,
    SubmitPlanForm,
    line_initial,
)
from ..models import FinancingPlan, FunderDecision
from ..services import decisions
from ..services import plans as services
from .common import DECIDE, MANAGE, VIEW, require

PAGE_SIZE = 25
# Staff who read the tranches (as the disbursements pages do).
TRANCHE_READERS = queries.READERS + queries.FUNDERS


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    plans = queries.plans_visible_to(request.user)
    programmes = Programme.objects.filter(pk__in=plans.values("dossier__programme_id")).order_by("code")
    form = PlanFilterForm(request.GET or None, programmes=programmes)
    if form.is_valid():
        if form.cleaned_data.get("state"):
            plans = plans.filter(state=form.cleaned_data["state"])
        if form.cleaned_data.get("programme"):
            plans = plans.filter(dossier__programme=form.cleaned_data["programme"])
    page = CappedPaginator(plans.order_by("-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "financing/plan_list.html", {"page": page, "filter_form": form})


def _can_manage(request: HttpRequest, plan: FinancingPlan) -> bool:
    return (
        request.user.has_perm(MANAGE) and queries.plans_managed_by(request.user).filter(pk=plan.pk).exists()
    )


def _funders(request: HttpRequest, plan: FinancingPlan):
    used = plan.lines.exclude(funder=None).values("funder_id")
    parts = plan.formula.parts.exclude(funder=None).values("funder_id")
    return (
        (
            (organizations_visible_to(request.user) | Organization.objects.filter(pk__in=used))
            | Organization.objects.filter(pk__in=parts)
        )
        .distinct()
        .order_by("name_fr")
    )


def _lines_formset(request: HttpRequest, plan: FinancingPlan, data: Any = None) -> Any:
    return PlanLineFormSet(
        data,
        prefix="lines",
        initial=[line_initial(line) for line in plan.lines.order_by("position", "id")],
        form_kwargs={"parts": list(plan.formula.parts.all()), "funders": _funders(request, plan)},
    )


def _line_links(user: Any, plan: FinancingPlan) -> dict[int, dict[str, Any]]:
    """Per line, where the officer goes next: its tranches (for whoever reads them), what
    is approved, disbursed and left, and for a granted repaid line its active schedule or,
    for whoever may generate one, "generate the schedule"."""
    tranche_ids = (
        set(
            queries.lines_visible_to(user, roles=TRANCHE_READERS)
            .filter(plan=plan)
            .values_list("pk", flat=True)
        )
        if user.has_perm(VIEW)
        else set()
    )
    managed_ids = (
        set(queries.lines_managed_by(user).filter(plan=plan).values_list("pk", flat=True))
        if user.has_perm(MANAGE)
        else set()
    )
    schedules = {
        schedule.line_id: schedule
        for schedule in queries.schedules_visible_to(user).filter(line__plan=plan, state=ScheduleState.ACTIVE)
    }
    links = {}
    for line in plan.lines.all():
        approved = line.approved_amount
        schedulable = line.repaid and line.decision in GRANTED
        schedule = schedules.get(line.pk) if schedulable else None
        links[line.pk] = {
            "tranches": line.pk in tranche_ids,
            "approved": approved,
            "disbursed": line.disbursed_amount,
            "remaining": max(approved - line.disbursed_amount, Decimal("0"))
            if approved is not None
            else None,
            "schedule": schedule,
            "can_generate": schedulable and schedule is None and line.pk in managed_ids,
        }
    return links


def _plan_context(
    request: HttpRequest,
    plan: FinancingPlan,
    *,
    formset: Any = None,
    bound_decision: tuple[int, DecisionForm] | None = None,
    conflict: str | None = None,
) -> dict[str, Any]:
    user = request.user
    visible_ids = set(queries.lines_visible_to(user).filter(plan=plan).values_list("pk", flat=True))
    decidable = (
        set(queries.lines_decided_by(user).filter(plan=plan).values_list("pk", flat=True))
        if user.has_perm(DECIDE)
        else set()
    )
    rows = []
    links = _line_links(user, plan)
    for row in services.explain_plan(plan):
        line = row["line"]
        if line.pk not in visible_ids:
            continue
        form = None
        if line.pk in decidable and line.decision == LineDecision.SUBMITTED:
            if bound_decision and bound_decision[0] == line.pk:
                form = bound_decision[1]
            else:
                form = DecisionForm(prefix=f"line-{line.pk}", initial={"version": line.version})
        rows.append(row | {"decision_form": form} | links[line.pk])
    can_manage = _can_manage(request, plan)
    editable = can_manage and plan.state in services.EDITABLE_PLAN_STATES
    return {
        "plan": plan,
        "dossier": plan.dossier,
        "rows": rows,
        "all_lines": len(rows) == plan.lines.count(),
        "can_manage": can_manage,
        "editable": editable,
        "formset": formset if formset is not None else (_lines_formset(request, plan) if editable else None),
        "submit_form": SubmitPlanForm() if editable else None,
        "decisions": FunderDecision.objects.filter(line_id__in=visible_ids)
        .select_related("line__funder", "recorded_by")
        .order_by("-recorded_at", "-id"),
        "conflict": conflict,
        "can_see_tranches": user.has_perm(VIEW)
        and queries.plans_visible_to(user, roles=TRANCHE_READERS).filter(pk=plan.pk).exists(),
    }


def plan_for(request: HttpRequest, pk: int, *, manage: bool = False) -> FinancingPlan:
    require(request, MANAGE if manage else VIEW)
    queryset = queries.plans_managed_by if manage else queries.plans_visible_to
    return get_object_or_404(queryset(request.user).select_related("formula"), pk=pk)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk)
    return render(request, "financing/plan_detail.html", _plan_context(request, plan))


@require_POST
@login_required
def plan_lines(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, manage=True)
    formset = _lines_formset(request, plan, request.POST)
    version = PlanVersionForm(request.POST)
    conflict = None
    if formset.is_valid() and version.is_valid():
        lines = [
            f.line_data()
            for f in formset.forms
            if f.cleaned_data.get("kind") and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.set_plan_lines(
                plan, lines=lines, actor=request.user, expected_version=version.cleaned_data.get("version")
            )
        except ConflictError as exc:
            conflict = exc.message
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.message) from exc
            formset._non_form_errors = formset.error_class([exc.message])
        else:
            messages.success(request, _("The plan's lines were saved."))
            return redirect("financing:plan_detail", pk=plan.pk)
    plan.refresh_from_db()
    context = _plan_context(request, plan, formset=formset, conflict=conflict)
    return render(request, "financing/plan_detail.html", context, status=409 if conflict else 200)


@require_POST
@login_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, manage=True)
    form = SubmitPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the plan was submitted to the funders."))
        return redirect("financing:plan_detail", pk=plan.pk)
    try:
        services.submit_plan(plan, submitted_on=form.cleaned_data["submitted_on"], actor=request.user)
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The plan was submitted to its funders."))
    return redirect("financing:plan_detail", pk=plan.pk)


@require_POST
@login_required
def line_decision(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, DECIDE)
    line = get_object_or_404(queries.lines_decided_by(request.user).select_related("plan"), pk=pk)
    form = DecisionForm(request.POST, prefix=f"line-{line.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            decisions.record_decision(
                line,
                decision=data["decision"],
                decided_on=data["decided_on"],
                actor=request.user,
                amount=data.get("amount"),
                conditions=data.get("conditions") or "",
                reason=data.get("reason") or "",
                reference=data.get("reference") or "",
                expected_version=data.get("version"),
            )
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("financing:plan_detail", pk=line.plan_id)
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.message) from exc
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The funder's decision was recorded."))
            return redirect("financing:plan_detail", pk=line.plan_id)
    plan = FinancingPlan.objects.select_related("dossier", "formula").get(pk=line.plan_id)
    if not queries.plans_visible_to(request.user).filter(pk=plan.pk).exists():
        raise PermissionDenied
    return render(
        request, "financing/plan_detail.html", _plan_context(request, plan, bound_decision=(line.pk, form))
    )


@require_POST
@login_required
def plan_propose(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    require(request, MANAGE)
    dossier = get_object_or_404(dossiers_visible_to(request.user, roles=queries.MANAGERS), pk=dossier_pk)
    try:
        plan = services.propose_plan(dossier, actor=request.user)
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        existing = FinancingPlan.objects.filter(dossier=dossier).first()
        if existing is not None:
            return redirect("financing:plan_detail", pk=existing.pk)
        return redirect("dossiers:dossier_detail", pk=dossier.pk)
    messages.success(request, _("The financing plan was proposed from the programme's formula."))
    return redirect("financing:plan_detail", pk=plan.pk)


def dossier_section(user: Any, dossier: Any) -> dict[str, Any] | None:
    """The plan's summary on the dossier page, for whoever reads financing; "propose the
    plan" for an agency officer reaching the dossier."""
    if not (user.has_perm(VIEW)):
        return None
    plan = queries.plans_visible_to(user).filter(dossier=dossier).first()
    lines = list(queries.lines_visible_to(user).filter(plan=plan).order_by("position", "id")) if plan else []
    can_propose = (
        user.has_perm(MANAGE)
        and (plan is None or plan.state in services.EDITABLE_PLAN_STATES)
        and dossiers_visible_to(user, roles=queries.MANAGERS).filter(pk=dossier.pk).exists()
    )
    if plan is None and not can_propose:
        return None
    return {
        "template": "financing/_dossier_section.html",
        "plan": plan,
        "lines": lines,
        "can_see_tranches": plan is not None
        and queries.plans_visible_to(user, roles=TRANCHE_READERS).filter(pk=plan.pk).exists(),
        "schedules": list(
            queries.schedules_visible_to(user)
            .filter(line__plan=plan, state=ScheduleState.ACTIVE)
            .select_related("line")
            .order_by("line__position", "line_id")
        )
        if plan is not None
        else [],
        "can_propose": can_propose,
        "approved": plan is not None and plan.state == PlanState.APPROVED,
    }
