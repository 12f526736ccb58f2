"""Events (awareness meetings, open days): list, page with agenda, attendees and ideas."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.errors import ConflictError
from rowad.core.history import history_rows
from rowad.partners import queries as partner_queries
from rowad.people import queries as people_queries

from .. import queries, services
from ..forms import AgendaItemForm, EventForm, IdeaForm, IdeaOutcomeForm
from .common import compute_figures, managed_event, place_for, require, require_on


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require(request, "outreach.view_campaign")
    events = queries.events_visible_to(request.user).annotate(registration_count=Count("registrations"))
    return render(request, "outreach/event_list.html", {"events": events})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = place_for(request, "event", pk)
    can_read = request.user.has_perm("outreach.view_registration", event)
    attendees = (
        queries.registrations_visible_to(request.user)
        .filter(event=event)
        .prefetch_related("ideas__specialty")
        if can_read
        else []
    )
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "place": event,
            "kind": "event",
            "agenda": event.agenda_items.select_related("presenter_organization"),
            "attendees": attendees,
            "figures": compute_figures(request.user, "event", event),
            "can_manage": request.user.has_perm("outreach.manage_campaign", event),
            "can_capture": request.user.has_perm("outreach.capture", event),
            "can_decide": request.user.has_perm("outreach.decide_idea", event),
            "can_read": can_read,
            "agenda_form": AgendaItemForm(),
            "idea_form": IdeaForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    require(request, "outreach.manage_campaign")
    form = EventForm(
        request.POST or None,
        provinces=people_queries.provinces_for_registry(request.user),
        organizations=partner_queries.organizations_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in EVENT_M2M}
        try:
            event = services.create_event(
                data=data,
                actor=request.user,
                partners=form.cleaned_data["partners"],
                target_categories=form.cleaned_data["target_categories"],
            )
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The event was created."))
            return redirect("outreach:event_detail", pk=event.pk)
    return render(request, "outreach/event_form.html", {"form": form})


EVENT_M2M = ("partners", "target_categories", "version")


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = managed_event(request, pk)
    form = EventForm(
        request.POST or None,
        instance=event,
        provinces=people_queries.provinces_for_registry(request.user),
        organizations=partner_queries.organizations_visible_to(request.user),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in EVENT_M2M}
        try:
            services.update_event(
                event,
                data=data,
                actor=request.user,
                version=form.cleaned_data.get("version") or None,
                partners=form.cleaned_data["partners"],
                target_categories=form.cleaned_data["target_categories"],
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("outreach:event_detail", pk=event.pk)
    return render(
        request,
        "outreach/event_form.html",
        {"form": form, "event": event, "history": history_rows(event, limit=10)},
        status=status,
    )


@require_POST
@login_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = place_for(request, "event", pk, "outreach.manage_campaign")
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        services.add_agenda_item(event, data=dict(form.cleaned_data), actor=request.user)
        messages.success(request, _("The agenda item was added."))
    else:
        messages.error(request, _("Give the kind and the topic of the agenda item."))
    return redirect("outreach:event_detail", pk=event.pk)


@require_POST
@login_required
def idea_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "outreach.decide_idea")
    registration = require_on(
        request,
        "outreach.decide_idea",
        get_object_or_404(queries.registrations_visible_to(request.user), pk=pk),
    )
    form = IdeaForm(request.POST)
    if form.is_valid():
        services.add_idea(registration, data=dict(form.cleaned_data), actor=request.user)
        messages.success(request, _("The idea was recorded."))
    else:
        messages.error(request, _("Describe the idea."))
    return _back_to_place(registration)


@login_required
@require_http_methods(["GET", "POST"])
def idea_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "outreach.decide_idea")
    idea = require_on(
        request, "outreach.decide_idea", get_object_or_404(queries.ideas_visible_to(request.user), pk=pk)
    )
    form = IdeaOutcomeForm(
        request.POST or None,
        initial={"outcome": idea.outcome, "feedback": idea.feedback, "version": idea.updated_at.isoformat()},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.set_idea_outcome(
                idea,
                outcome=form.cleaned_data["outcome"],
                feedback=form.cleaned_data["feedback"],
                actor=request.user,
                version=form.cleaned_data.get("version") or None,
                notify=form.cleaned_data.get("notify", False),
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("The feedback was saved."))
            return _back_to_place(idea.registration)
    return render(request, "outreach/idea_form.html", {"form": form, "idea": idea}, status=status)


def _back_to_place(registration):
    if registration.event_id:
        return redirect("outreach:event_detail", pk=registration.event_id)
    return redirect("outreach:stop_detail", pk=registration.stop_id)
