"""Campaign list, itinerary (timeline and map), stop pages and stop management."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.accounts.enums import Role
from rowad.accounts.models import User
from rowad.core.confirm import Confirmation, ask, is_confirmed
from rowad.core.errors import ConflictError
from rowad.core.history import history_rows
from rowad.core.models import Province

from .. import figures, geo, queries, services
from ..forms import CampaignForm, PhaseForm, StopForm
from ..models import Phase
from .common import campaign_for, managed_campaign, place_for, records_of, require


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    require(request, "outreach.view_campaign")
    campaigns = queries.campaigns_visible_to(request.user).annotate(stop_count=Count("stops", distinct=True))
    return render(request, "outreach/campaign_list.html", {"campaigns": campaigns})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    require(request, "outreach.manage_campaign")
    form = _campaign_form(request)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("organizations", "version")}
        try:
            campaign = services.create_campaign(
                data=data, actor=request.user, organizations=form.cleaned_data["organizations"]
            )
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The campaign was created."))
            return redirect("outreach:campaign_detail", pk=campaign.pk)
    return render(request, "outreach/simple_form.html", {"form": form, "title": _("New campaign")})


def _campaign_form(request: HttpRequest, **kwargs) -> CampaignForm:
    from rowad.partners import queries as partner_queries

    return CampaignForm(
        request.POST or None,
        organizations=partner_queries.organizations_visible_to(request.user),
        agreements=partner_queries.agreements_visible_to(request.user),
        programmes=partner_queries.programmes_visible_to(request.user),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = managed_campaign(request, pk)
    form = _campaign_form(request, instance=campaign)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("organizations", "version")}
        try:
            services.update_campaign(
                campaign,
                data=data,
                actor=request.user,
                version=form.cleaned_data.get("version") or None,
                organizations=form.cleaned_data["organizations"],
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("outreach:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "outreach/simple_form.html",
        {
            "form": form,
            "title": _("Edit the campaign"),
            "subtitle": campaign.name,
            "history": history_rows(campaign, limit=10),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "outreach.manage_campaign")
    phase = get_object_or_404(Phase.objects.select_related("campaign"), pk=pk)
    campaign = managed_campaign(request, phase.campaign_id)
    form = PhaseForm(request.POST or None, instance=phase, campaign=campaign)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("provinces", "version")}
        try:
            services.update_phase(
                phase,
                data=data,
                actor=request.user,
                version=form.cleaned_data.get("version") or None,
                provinces=form.cleaned_data["provinces"],
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("outreach:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "outreach/simple_form.html",
        {
            "form": form,
            "title": _("Edit the phase"),
            "subtitle": campaign.name,
            "history": history_rows(phase, limit=10),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_create(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(request, campaign_pk, "outreach.manage_campaign")
    form = PhaseForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("provinces", "version")}
        try:
            services.create_phase(
                campaign, data=data, actor=request.user, provinces=form.cleaned_data["provinces"]
            )
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The phase was added."))
            return redirect("outreach:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "outreach/simple_form.html",
        {"form": form, "title": _("New phase"), "subtitle": campaign.name},
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "outreach.view_campaign")
    campaign = get_object_or_404(queries.campaigns_visible_to(request.user), pk=pk)
    stops = list(
        queries.stops_of_campaign_visible_to(request.user, campaign)
        .annotate(registration_count=Count("registrations", distinct=True))
        .order_by("starts_on")
    )
    visitors = dict(
        queries.stops_of_campaign_visible_to(request.user, campaign)
        .annotate(v=Sum("tallies__count"))
        .values_list("pk", "v")
    )
    for stop in stops:
        stop.visitor_count = visitors.get(stop.pk) or 0
        stop.current_status = stop.status()
    phases = []
    for phase in campaign.phases.prefetch_related("provinces"):
        phases.append({"phase": phase, "stops": [s for s in stops if s.phase_id == phase.pk]})
    statuses = _province_statuses(stops, phases)
    provinces = list(Province.objects.filter(country_id=campaign.country))
    tiles, width, height = geo.map_tiles(campaign.country, provinces, statuses)
    registrations, tallies = records_of(request.user, "campaign", campaign)
    return render(
        request,
        "outreach/campaign_detail.html",
        {
            "campaign": campaign,
            "phases": phases,
            "tiles": tiles,
            "map_width": width,
            "map_height": height,
            "figures": figures.compute(registrations, tallies),
            "can_manage": request.user.has_perm("outreach.manage_campaign", campaign),
            "history": history_rows(campaign, limit=10),
        },
    )


STATUS_RANK = {"current": 3, "visited": 2, "planned": 1, "cancelled": 0}


def _province_statuses(stops, phases) -> dict[int, str]:
    statuses: dict[int, str] = {}
    for entry in phases:
        for province in entry["phase"].provinces.all():
            statuses.setdefault(province.pk, "planned")
    for stop in stops:
        status = stop.current_status
        if status == "cancelled":
            continue
        if STATUS_RANK[status] >= STATUS_RANK.get(statuses.get(stop.province_id, ""), -1):
            statuses[stop.province_id] = status
    return statuses


@login_required
def stop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stop = place_for(request, "stop", pk)
    registrations, tallies = records_of(request.user, "stop", stop)
    return render(
        request,
        "outreach/stop_detail.html",
        {
            "stop": stop,
            "place": stop,
            "kind": "stop",
            "figures": figures.compute(registrations, tallies),
            "recent": queries.registrations_visible_to(request.user).filter(stop=stop)[:10],
            "can_capture": request.user.has_perm("outreach.capture", stop),
            "can_manage": request.user.has_perm("outreach.manage_campaign", stop),
            "can_read": request.user.has_perm("outreach.view_registration", stop),
            "history": history_rows(stop, limit=10),
        },
    )


def _agents():
    return User.objects.filter(memberships__role=Role.FIELD_AGENT, memberships__is_active=True).distinct()


@login_required
@require_http_methods(["GET", "POST"])
def stop_create(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(request, campaign_pk, "outreach.manage_campaign")
    form = StopForm(request.POST or None, campaign=campaign, agents=_agents())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("phase", "field_agents", "version")}
        try:
            stop = services.create_stop(
                form.cleaned_data["phase"],
                data=data,
                actor=request.user,
                field_agents=form.cleaned_data["field_agents"],
            )
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The stop was added to the itinerary."))
            return redirect("outreach:stop_detail", pk=stop.pk)
    return render(request, "outreach/stop_form.html", {"form": form, "campaign": campaign})


@login_required
@require_http_methods(["GET", "POST"])
def stop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stop = place_for(request, "stop", pk, "outreach.manage_campaign")
    form = StopForm(request.POST or None, instance=stop, campaign=stop.campaign, agents=_agents())
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("field_agents", "version")}
        try:
            services.update_stop(
                stop,
                data=data,
                actor=request.user,
                version=form.cleaned_data.get("version") or None,
                field_agents=form.cleaned_data["field_agents"],
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("outreach:stop_detail", pk=stop.pk)
    return render(
        request,
        "outreach/stop_form.html",
        {"form": form, "campaign": stop.campaign, "stop": stop},
        status=status,
    )


def _stop_named(stop) -> str:
    """«Oran — Place du 1er Novembre, 12 March 2027»: the stop as its confirmation names it."""
    return f"«{stop}, {date_format(stop.starts_on, 'DATE_FORMAT')}»"


@require_http_methods(["GET", "POST"])
@login_required
def stop_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    stop = place_for(request, "stop", pk, "outreach.manage_campaign")
    if not is_confirmed(request):
        return ask(
            request,
            Confirmation(
                title=_("Cancel the stop"),
                question=_("Cancel the stop %(stop)s?") % {"stop": _stop_named(stop)},
                detail=_("Its registrations are kept; no one can register at a cancelled stop."),
                action=reverse("outreach:stop_cancel", args=[stop.pk]),
                back=reverse("outreach:stop_detail", args=[stop.pk]),
                button=_("Cancel the stop"),
                reason_label=_("Reason (optional)"),
            ),
        )
    services.cancel_stop(stop, actor=request.user, reason=request.POST.get("reason", "")[:200])
    messages.success(request, _("The stop was cancelled."))
    return redirect("outreach:stop_detail", pk=stop.pk)


@require_http_methods(["GET", "POST"])
@login_required
def stop_delete(request: HttpRequest, pk: int) -> HttpResponse:
    stop = place_for(request, "stop", pk, "outreach.manage_campaign")
    if not is_confirmed(request):
        return ask(
            request,
            Confirmation(
                title=_("Delete the stop"),
                question=_("Delete the stop %(stop)s?") % {"stop": _stop_named(stop)},
                detail=_("Only a stop without registrations can be deleted."),
                action=reverse("outreach:stop_delete", args=[stop.pk]),
                back=reverse("outreach:stop_detail", args=[stop.pk]),
                button=_("Delete the stop"),
            ),
        )
    campaign_pk = stop.campaign_id
    try:
        services.delete_stop(stop, actor=request.user)
    except services.OutreachError as exc:
        messages.error(request, exc.message)
        return redirect("outreach:stop_detail", pk=stop.pk)
    messages.success(request, _("The stop was deleted."))
    return redirect("outreach:campaign_detail", pk=campaign_pk)


@require_POST
@login_required
def place_close(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    place = place_for(request, kind, pk, "outreach.manage_campaign")
    services.close_registration(place, actor=request.user)
    messages.success(request, _("Registration is closed."))
    return redirect(f"outreach:{kind}_detail", pk=place.pk)
