"""The legal follow-up calendar and the life events of an enterprise (a section of the
enterprise page, with its forms), and the cross-enterprise calendar: the obligations late
or falling due soon in the enterprises the reader reaches."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rowad.accounts.rules import has_role
from rowad.core.errors import DomainError
from rowad.core.models import Province

from .. import queries
from ..definitions import dated_state
from ..enums import EnterpriseStatus, StepState
from ..forms.calendar import AddObligationForm, CalendarFilterForm, CompleteObligationForm, LifeEventForm
from ..models import Enterprise, Obligation
from ..services.calendar import add_obligation, complete_obligation, reopen_obligation
from ..services.life import ENDED, record_life_event

VIEW, MANAGE = "enterprises.view_enterprises", "enterprises.manage_enterprises"
# How far ahead the cross-enterprise calendar looks.
AHEAD_DAYS = 30
PAGE_SIZE = 50
can_read_calendar = has_role(*queries.READERS)
STATUS_BADGES = {
    EnterpriseStatus.OPERATING: "text-bg-success",
    EnterpriseStatus.SUSPENDED: "text-bg-warning",
    EnterpriseStatus.CLOSED: "text-bg-secondary",
    EnterpriseStatus.TRANSFERRED: "text-bg-info",
}
STATE_BADGES = {
    StepState.DONE: "text-bg-success",
    StepState.LATE: "text-bg-danger",
    StepState.DUE: "text-bg-light",
}


def obligation_state(obligation: Obligation, on: datetime.date) -> StepState:
    return dated_state(obligation.done_on, obligation.due_on, on)


def _rows(obligations, on: datetime.date) -> list[dict[str, Any]]:
    rows = []
    for obligation in obligations:
        state = obligation_state(obligation, on)
        rows.append({"obligation": obligation, "state": state, "badge": STATE_BADGES[state]})
    return rows


def enterprise_url(enterprise_id: int, anchor: str = "") -> str:
    """The enterprise's page (at `anchor`): where every form of its sections goes back to."""
    return reverse("enterprises:detail", args=[enterprise_id]) + anchor


def _managed(request: HttpRequest) -> QuerySet[Enterprise]:
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    return queries.enterprises_managed_by(request.user)


def _managed_obligation(request: HttpRequest, pk: int) -> Obligation:
    managed = _managed(request).order_by().values("pk")
    obligation = queries.obligations_visible_to(request.user).filter(pk=pk, enterprise__in=managed).first()
    if obligation is None:
        raise Http404
    return obligation


def _managed_enterprise(request: HttpRequest, pk: int) -> Enterprise:
    enterprise = _managed(request).filter(pk=pk).first()
    if enterprise is None:
        raise Http404
    return enterprise


def _done(request: HttpRequest, enterprise_id: int, anchor: str, write, success: str) -> HttpResponse:
    try:
        write()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(enterprise_url(enterprise_id, anchor))


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@login_required
@require_POST
def obligation_complete(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _managed_obligation(request, pk)
    form = CompleteObligationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(enterprise_url(obligation.enterprise_id, "#enterprise-calendar"))
    return _done(
        request,
        obligation.enterprise_id,
        "#enterprise-calendar",
        lambda: complete_obligation(
            obligation,
            actor=request.user,
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
        ),
        _("The obligation is marked done."),
    )


@login_required
@require_POST
def obligation_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _managed_obligation(request, pk)
    return _done(
        request,
        obligation.enterprise_id,
        "#enterprise-calendar",
        lambda: reopen_obligation(obligation, actor=request.user),
        _("The obligation is to do again."),
    )


@login_required
@require_POST
def obligation_add(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _managed_enterprise(request, pk)
    form = AddObligationForm(request.POST, prefix="add")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(enterprise_url(enterprise.pk, "#enterprise-calendar"))
    data = form.cleaned_data
    return _done(
        request,
        enterprise.pk,
        "#enterprise-calendar",
        lambda: add_obligation(
            enterprise,
            actor=request.user,
            kind=data["kind"],
            due_on=data["due_on"],
            label=data["label"],
            note=data["note"],
        ),
        _("The obligation is added to the calendar."),
    )


@login_required
@require_POST
def life_event_record(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _managed_enterprise(request, pk)
    form = LifeEventForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(enterprise_url(enterprise.pk, "#enterprise-life"))
    data = form.cleaned_data
    return _done(
        request,
        enterprise.pk,
        "#enterprise-life",
        lambda: record_life_event(
            enterprise,
            actor=request.user,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            reason=data["reason"],
            note=data["note"],
            transferred_to=data["transferred_to"],
            expected_version=data["version"],
        ),
        _("The event is recorded."),
    )


def enterprise_section(user: Any, enterprise: Enterprise) -> dict[str, Any] | None:
    """The legal follow-up calendar and the life events on the enterprise page, for whoever
    reads the enterprise; the forms for an officer managing it."""
    if not user.has_perm(VIEW) or not queries.enterprises_visible_to(user).filter(pk=enterprise.pk).exists():
        return None
    can_manage = (
        user.has_perm(MANAGE) and queries.enterprises_managed_by(user).filter(pk=enterprise.pk).exists()
    )
    on = timezone.localdate()
    obligations = queries.obligations_visible_to(user).filter(enterprise=enterprise).order_by("due_on", "id")
    events = list(enterprise.life_events.select_related("recorded_by").order_by("occurred_on", "id"))
    rows = _rows(obligations, on)
    is_open = enterprise.status not in ENDED
    return {
        "template": "enterprises/_calendar_section.html",
        "enterprise": enterprise,
        "rows": rows,
        "late_count": sum(1 for row in rows if row["state"] == StepState.LATE),
        "events": events,
        "status_badge": STATUS_BADGES.get(enterprise.status, "text-bg-light"),
        "can_manage": can_manage,
        "is_open": is_open,
        "today": on.isoformat(),
        "complete_form": CompleteObligationForm(initial={"done_on": on}) if can_manage else None,
        "add_form": AddObligationForm(prefix="add") if can_manage and is_open else None,
        "event_form": LifeEventForm(initial={"occurred_on": on, "version": enterprise.version})
        if can_manage and is_open
        else None,
    }


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """Obligations late, or falling due in the next AHEAD_DAYS days, of the enterprises the
    officer or director reaches that are still alive."""
    if not request.user.has_perm(VIEW) or not can_read_calendar(request.user):
        raise PermissionDenied
    enterprises = queries.enterprises_visible_to(request.user, roles=queries.READERS).exclude(
        status__in=sorted(ENDED)
    )
    on = timezone.localdate()
    provinces = Province.objects.filter(pk__in=enterprises.order_by().values("province_id")).order_by(
        "country_id", "code"
    )
    form = CalendarFilterForm(request.GET or None, provinces=provinces)
    if province := form.value("province"):
        enterprises = enterprises.filter(province_id=province)
    obligations = queries.obligations_visible_to(request.user).filter(
        enterprise__in=enterprises.order_by().values("pk"), done_on__isnull=True
    )
    if kind := form.value("kind"):
        obligations = obligations.filter(kind=kind)
    state = form.value("state")
    if state == StepState.LATE:
        obligations = obligations.filter(due_on__lt=on)
    elif state == StepState.DUE:
        obligations = obligations.filter(due_on__gte=on, due_on__lte=on + datetime.timedelta(days=AHEAD_DAYS))
    else:
        obligations = obligations.filter(due_on__lte=on + datetime.timedelta(days=AHEAD_DAYS))
    obligations = obligations.select_related("enterprise__province").order_by("due_on", "id")
    page = Paginator(obligations, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(page, on)
    for row in rows:
        row["url"] = enterprise_url(row["obligation"].enterprise_id, "#enterprise-calendar")
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "enterprises/calendar.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "ahead": AHEAD_DAYS,
            "query_string": params.urlencode(),
        },
    )
