"""The holder's enterprise: what the agency follows of it (identity, status, creation
steps, legal obligations), their mentor and next session, and their declarations of jobs
and turnover, which an officer then confirms. Reads go through rowad.enterprises.queries,
limited to the enterprises the holder owns or whose dossier they hold."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.inputs import is_ascii_integer
from rowad.enterprises import queries
from rowad.enterprises.checklists import step_label
from rowad.enterprises.definitions import dated_state
from rowad.enterprises.errors import EnterpriseError
from rowad.enterprises.services.declarations import declaration_awaited, declare_jobs

from .forms import JobsDeclarationForm, declaration_prefix
from .views import holder_required

HOLDER = (Role.PROJECT_HOLDER,)
FORM_FIELDS = (
    "declared_on",
    "permanent_men",
    "permanent_women",
    "seasonal_men",
    "seasonal_women",
    "turnover_band",
)


COUNTS = ("permanent_men", "permanent_women", "seasonal_men", "seasonal_women", "turnover_band")


def own_enterprises(user: Any) -> QuerySet:
    """The enterprises the holder owns or whose dossier they hold. The query limits a
    holder to theirs; a platform admin reads everything there, so here they too see only
    the ones they hold (none without a person)."""
    qs = queries.enterprises_visible_to(user, roles=HOLDER).order_by("-created_on", "pk")
    scope = scope_for(user)
    if not scope.is_platform_admin:
        return qs
    if scope.person_id is None:
        return qs.none()
    mine = Q(dossier__holders=scope.person_id) | Q(
        members__person_id=scope.person_id, members__left_on__isnull=True
    )
    return qs.filter(pk__in=qs.model.objects.filter(mine).values("pk"))


def state_of(done_on: datetime.date | None, due_on: datetime.date, today: datetime.date) -> str:
    return dated_state(done_on, due_on, today)


def _steps(user: Any, enterprise: Any, today: datetime.date) -> list[dict[str, Any]]:
    return [
        {
            "label": step_label(step.code),
            "due_on": step.due_on,
            "done_on": step.done_on,
            "state": state_of(step.done_on, step.due_on, today),
        }
        for step in queries.steps_visible_to(user).filter(enterprise=enterprise).order_by("position", "pk")
    ]


def _obligations(user: Any, enterprise: Any, today: datetime.date) -> list[dict[str, Any]]:
    return [
        {
            "label": obligation.label or obligation.get_kind_display(),
            "due_on": obligation.due_on,
            "done_on": obligation.done_on,
            "state": state_of(obligation.done_on, obligation.due_on, today),
        }
        for obligation in queries.obligations_visible_to(user)
        .filter(enterprise=enterprise)
        .order_by("due_on", "pk")
    ]


def _mentor_name(enterprise: Any) -> str:
    assignment = queries.current_assignment(enterprise.dossier)
    if assignment is None:
        return ""
    mentor = assignment.mentor
    return mentor.get_full_name() or mentor.username


def _next_session(user: Any, enterprise: Any) -> datetime.date | None:
    latest = (
        queries.sessions_visible_to(user)
        .filter(dossier_id=enterprise.dossier_id)
        .order_by("-held_on", "-id")
        .first()
    )
    return latest.next_session_on if latest is not None else None


def _card(user: Any, enterprise: Any, today: datetime.date, form: JobsDeclarationForm | None) -> dict:
    declarations = list(
        queries.declarations_visible_to(user).filter(enterprise=enterprise).order_by("-declared_on", "-id")
    )
    if form is None:
        # From the holder's last declaration (confirmed or not), else what was observed.
        last = declarations[0] if declarations else enterprise
        form = JobsDeclarationForm(
            initial={"declared_on": today, **{field: getattr(last, field) for field in COUNTS}},
            prefix=declaration_prefix(enterprise.pk),
        )
    return {
        "enterprise": enterprise,
        "steps": _steps(user, enterprise, today),
        "obligations": _obligations(user, enterprise, today),
        "mentor": _mentor_name(enterprise),
        "next_session": _next_session(user, enterprise),
        "declarations": declarations,
        # The agency asked for a declaration and the holders have not answered yet.
        "asked": declaration_awaited(enterprise),
        "form": form,
    }


def _declare(request: HttpRequest, enterprises: QuerySet) -> tuple[int | None, Any]:
    """Record the posted declaration: (enterprise pk, the bound form with its errors) or
    (pk, None) once recorded."""
    pk = request.POST.get("enterprise") or ""
    enterprise = get_object_or_404(enterprises, pk=pk if is_ascii_integer(pk) else 0)
    form = JobsDeclarationForm(request.POST, prefix=declaration_prefix(enterprise.pk))
    if not form.is_valid():
        return enterprise.pk, form
    data = form.cleaned_data
    try:
        declare_jobs(
            enterprise,
            actor=request.user,
            declared_on=data["declared_on"],
            permanent_men=data["permanent_men"],
            permanent_women=data["permanent_women"],
            seasonal_men=data["seasonal_men"],
            seasonal_women=data["seasonal_women"],
            turnover_band=data["turnover_band"],
            client_uuid=data["client_uuid"],
        )
    except EnterpriseError as exc:
        form.add_error(exc.field if exc.field in FORM_FIELDS else None, exc.message)
        return enterprise.pk, form
    return enterprise.pk, None


@holder_required
@require_http_methods(["GET", "POST"])
def enterprise(request: HttpRequest) -> HttpResponse:
    enterprises = own_enterprises(request.user)
    bound: dict[int, JobsDeclarationForm] = {}
    if request.method == "POST":
        pk, form = _declare(request, enterprises)
        if form is None:
            messages.success(
                request,
                _("Thank you: your declaration is recorded. The agency's officer will check and confirm it."),
            )
            return redirect("portal:enterprise")
        bound[pk] = form
    today = timezone.localdate()
    cards = [_card(request.user, e, today, bound.get(e.pk)) for e in enterprises]
    return render(
        request,
        "portal/enterprise.html",
        {"cards": cards, "today": today},
        status=400 if bound else 200,
    )
