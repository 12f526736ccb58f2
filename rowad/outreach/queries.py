"""Scoped reads of outreach: every list and lookup starts from scope_for(user)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for

from .models import Campaign, Event, Idea, Registration, Stop, VisitorTally

R = Role
# Roles that see a whole campaign when one of their organizations is a partner of it.
PARTNER_ROLES = (R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP, R.SPONSOR_OFFICER)
# Roles that see the stops and events held in their provinces.
PROVINCE_ROLES = (R.AGENCY_OFFICER, R.DIRECTOR)
# Roles that read the people registered (personal data); field agents only at their stops.
REGISTRATION_READERS = (R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP, R.FIELD_AGENT)


def _place_condition(
    user: Any, *, organization_field: str, extra_org_fields: tuple[str, ...] = ()
) -> Q | None:
    """The Q that selects the stops (or events) a user sees; None when unrestricted."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    condition = Q(pk__in=[])
    orgs = scope.organization_ids_for(*PARTNER_ROLES) or frozenset()
    if orgs:
        for name in (organization_field, *extra_org_fields):
            condition |= Q(**{f"{name}__in": orgs})
    provinces = scope.province_ids(*PROVINCE_ROLES) or frozenset()
    if provinces:
        condition |= Q(province_id__in=provinces)
    if scope.has_role(R.FIELD_AGENT) and scope.user_id:
        condition |= Q(field_agents=scope.user_id)
    return condition


def stops_visible_to(user: Any, *, include_cancelled: bool = True) -> QuerySet[Stop]:
    qs = Stop.objects.select_related("province", "campaign", "phase", "host_organization")
    if not include_cancelled:
        qs = qs.filter(cancelled_at__isnull=True)
    condition = _place_condition(
        user,
        organization_field="campaign__organizations",
        extra_org_fields=("campaign__lead_organization", "host_organization"),
    )
    if condition is None:
        return qs
    return qs.filter(pk__in=Stop.objects.filter(condition).values("pk"))


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Campaigns a partner organization of the user runs, or with a stop the user sees."""
    qs = Campaign.objects.select_related("lead_organization")
    scope = scope_for(user)
    if scope.is_platform_admin:
        return qs
    orgs = scope.organization_ids_for(*PARTNER_ROLES) or frozenset()
    condition = Q(pk__in=stops_visible_to(user).values("campaign_id"))
    if orgs:
        condition |= Q(organizations__in=orgs) | Q(lead_organization_id__in=orgs)
    return qs.filter(pk__in=Campaign.objects.filter(condition).values("pk"))


def stops_of_campaign_visible_to(user: Any, campaign: Campaign) -> QuerySet[Stop]:
    """The whole itinerary for the campaign's partners; only their own stops otherwise."""
    scope = scope_for(user)
    orgs = scope.organization_ids_for(*PARTNER_ROLES)
    stops = Stop.objects.filter(campaign=campaign).select_related("province", "phase", "host_organization")
    if orgs is None:
        return stops
    partner_ids = set(campaign.organizations.values_list("pk", flat=True)) | {campaign.lead_organization_id}
    if orgs & partner_ids:
        return stops
    return stops.filter(pk__in=stops_visible_to(user).values("pk"))


def events_visible_to(user: Any) -> QuerySet[Event]:
    qs = Event.objects.select_related("province", "host_organization", "campaign", "stop")
    condition = _place_condition(
        user, organization_field="host_organization", extra_org_fields=("partners", "campaign__organizations")
    )
    if condition is None:
        return qs
    return qs.filter(pk__in=Event.objects.filter(condition).values("pk"))


def can_read_registrations(user: Any) -> bool:
    return scope_for(user).has_role(*REGISTRATION_READERS)


def registrations_visible_to(user: Any) -> QuerySet[Registration]:
    """Registrations at the stops and events the user sees, for roles that read personal
    data (sponsors read the figures only)."""
    qs = Registration.objects.select_related(
        "person", "stop__province", "event", "specialty", "residence_province"
    )
    if not can_read_registrations(user):
        return qs.none()
    scope = scope_for(user)
    if scope.is_platform_admin:
        return qs
    if not scope.has_role(R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP):
        # Field agents read what was registered at the stops and events they work at.
        stops = Stop.objects.filter(field_agents=user).values("pk")
        events = Event.objects.filter(field_agents=user).values("pk")
    else:
        stops = stops_visible_to(user).values("pk")
        events = events_visible_to(user).values("pk")
    return qs.filter(Q(stop_id__in=stops) | Q(event_id__in=events))


def ideas_visible_to(user: Any) -> QuerySet[Idea]:
    return Idea.objects.filter(registration__in=registrations_visible_to(user).values("pk")).select_related(
        "registration__person", "specialty"
    )


def tallies_for(place: Stop | Event) -> QuerySet[VisitorTally]:
    field = "stop" if isinstance(place, Stop) else "event"
    return VisitorTally.objects.filter(**{field: place})


def registration_by_uuid(client_uuid) -> Registration | None:
    """Unscoped: the idempotency check of a submission (never shown to a user as is)."""
    return Registration.objects.filter(client_uuid=client_uuid).select_related("person").first()


def stop_by_public_code(code: str) -> Stop | None:
    return (
        Stop.objects.select_related("province__country", "campaign", "host_organization")
        .filter(public_code=code)
        .first()
    )


def event_by_public_code(code: str) -> Event | None:
    return (
        Event.objects.select_related("province__country", "host_organization")
        .filter(public_code=code)
        .first()
    )
