"""Access helpers shared by the outreach views: permission first, then scope (404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for

from .. import queries
from ..models import Campaign, Event, Phase, Registration, Stop, VisitorTally

PLACE_KINDS = ("stop", "event")
FIGURE_KINDS = ("campaign", "phase", "stop", "event")


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def require_on(request: HttpRequest, permission: str, obj):
    """403 unless one membership holding a role allowed `permission` reaches `obj`."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied
    return obj


def place_for(
    request: HttpRequest, kind: str, pk: int, permission: str = "outreach.view_campaign"
) -> Stop | Event:
    """The permission, then the scope (404 outside), then the permission on this place."""
    require(request, permission)
    if kind == "stop":
        place = get_object_or_404(queries.stops_visible_to(request.user), pk=pk)
    elif kind == "event":
        place = get_object_or_404(queries.events_visible_to(request.user), pk=pk)
    else:
        raise Http404
    return require_on(request, permission, place)


def campaign_for(request: HttpRequest, pk: int, permission: str = "outreach.view_campaign") -> Campaign:
    require(request, permission)
    campaign = get_object_or_404(queries.campaigns_visible_to(request.user), pk=pk)
    return require_on(request, permission, campaign)


def managed_campaign(request: HttpRequest, pk: int) -> Campaign:
    """A campaign the user may change: an agency officer's membership in one of its
    organizations (the lead or a partner) — role and scope from the same membership."""
    require(request, "outreach.manage_campaign")
    campaign = get_object_or_404(queries.campaigns_visible_to(request.user), pk=pk)
    organization_ids = {campaign.lead_organization_id, *campaign.organizations.values_list("pk", flat=True)}
    scope = scope_for(request.user)
    if not any(scope.reaches(Role.AGENCY_OFFICER, organization_id=org) for org in organization_ids):
        raise PermissionDenied
    return campaign


def managed_event(request: HttpRequest, pk: int) -> Event:
    """An event the user may change: an agency officer's membership reaching its province
    or its host organization."""
    event = place_for(request, "event", pk, "outreach.manage_campaign")
    if not scope_for(request.user).reaches(
        Role.AGENCY_OFFICER, province_id=event.province_id, organization_id=event.host_organization_id
    ):
        raise PermissionDenied
    return event


def subject_for(request: HttpRequest, kind: str, pk: int, permission: str = "outreach.view_figures"):
    """A campaign, phase, stop or event the user sees."""
    if kind in PLACE_KINDS:
        return place_for(request, kind, pk, permission)
    require(request, permission)
    if kind == "campaign":
        return campaign_for(request, pk, permission)
    if kind == "phase":
        campaigns = queries.campaigns_visible_to(request.user).values("pk")
        phase = get_object_or_404(
            Phase.objects.select_related("campaign").filter(campaign__in=campaigns), pk=pk
        )
        return require_on(request, permission, phase)
    raise Http404


def records_of(user, kind: str, subject) -> tuple[QuerySet[Registration], QuerySet[VisitorTally]]:
    """Registrations and tallies counted for a subject, limited to the stops the user sees
    (a field agent's campaign figures cover their own stops)."""
    if kind == "event":
        return Registration.objects.filter(event=subject), VisitorTally.objects.filter(event=subject)
    if kind == "stop":
        return Registration.objects.filter(stop=subject), VisitorTally.objects.filter(stop=subject)
    campaign: Campaign = subject if kind == "campaign" else subject.campaign
    stops = queries.stops_of_campaign_visible_to(user, campaign)
    if kind == "phase":
        stops = stops.filter(phase=subject)
    stop_ids = stops.values("pk")
    return Registration.objects.filter(stop__in=stop_ids), VisitorTally.objects.filter(stop__in=stop_ids)


def compute_figures(user, kind: str, subject):
    from .. import figures

    registrations, tallies = records_of(user, kind, subject)
    attendance = subject.attendance if kind == "event" else None
    return figures.compute(registrations, tallies, attendance=attendance)


def subject_title(kind: str, subject) -> str:
    if kind == "phase":
        return f"{subject.campaign.name} · {subject.name}"
    if kind == "campaign":
        return subject.name
    return str(subject)
