"""Scoped reads of outreach: every list and lookup starts from scope_for(user)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.people.queries import sharing_withdrawn

from .models import Campaign, Event, Idea, Registration, Stop, VisitorTally

R = Role
# Roles that see a whole campaign when one of their organizations is a partner of it.
PARTNER_ROLES = (R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP, R.SPONSOR_OFFICER)
# Roles that see the stops and events held in their provinces.
PROVINCE_ROLES = (R.AGENCY_OFFICER, R.DIRECTOR)
# Roles that read the people registered (personal data); field agents only at their stops.
REGISTRATION_READERS = (R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP, R.FIELD_AGENT)


def _wanted(roles: Iterable[str] | None, candidates: Iterable[str]) -> tuple[str, ...]:
    return tuple(r for r in candidates if roles is None or r in roles)


def _place_condition(
    user: Any,
    *,
    organization_field: str,
    extra_org_fields: tuple[str, ...] = (),
    roles: Iterable[str] | None = None,
) -> Q | None:
    """The Q that selects the stops (or events) a user sees; None when unrestricted. Each
    condition comes from one membership; with `roles`, only memberships holding one of them."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    condition = Q(pk__in=[])
    partners = _wanted(roles, PARTNER_ROLES)
    if partners and scope.grants_for(*partners):
        for name in (organization_field, *extra_org_fields):
            condition |= scope.reach_q(*partners, organization=name)
    provincial = _wanted(roles, PROVINCE_ROLES)
    if provincial and scope.grants_for(*provincial):
        condition |= scope.reach_q(*provincial, province="province_id")
    if _wanted(roles, (R.FIELD_AGENT,)) and scope.grants_for(R.FIELD_AGENT) and scope.user_id:
        condition |= Q(field_agents=scope.user_id)
    return condition


def stops_visible_to(
    user: Any, *, include_cancelled: bool = True, roles: Iterable[str] | None = None
) -> QuerySet[Stop]:
    qs = Stop.objects.select_related("province", "campaign", "phase", "host_organization")
    if not include_cancelled:
        qs = qs.filter(cancelled_at__isnull=True)
    condition = _place_condition(
        user,
        organization_field="campaign__organizations",
        extra_org_fields=("campaign__lead_organization", "host_organization"),
        roles=roles,
    )
    if condition is None:
        return qs
    return qs.filter(pk__in=Stop.objects.filter(condition).values("pk"))


def campaigns_visible_to(user: Any, *, roles: Iterable[str] | None = None) -> QuerySet[Campaign]:
    """Campaigns a partner organization of the user runs, or with a stop the user sees
    (with `roles`: through the memberships holding one of them)."""
    qs = Campaign.objects.select_related("lead_organization")
    scope = scope_for(user)
    if scope.is_platform_admin:
        return qs
    condition = Q(pk__in=stops_visible_to(user, roles=roles).values("campaign_id"))
    partners = _wanted(roles, PARTNER_ROLES)
    if partners and scope.grants_for(*partners):
        condition |= scope.reach_q(*partners, organization="organizations") | scope.reach_q(
            *partners, organization="lead_organization_id"
        )
    return qs.filter(pk__in=Campaign.objects.filter(condition).values("pk"))


def stops_of_campaign_visible_to(user: Any, campaign: Campaign) -> QuerySet[Stop]:
    """The whole itinerary for the campaign's partners; only their own stops otherwise."""
    scope = scope_for(user)
    stops = Stop.objects.filter(campaign=campaign).select_related("province", "phase", "host_organization")
    if scope.is_platform_admin:
        return stops
    partner_ids = set(campaign.organizations.values_list("pk", flat=True)) | {campaign.lead_organization_id}
    if any(g.organization_id in partner_ids for g in scope.grants_for(*PARTNER_ROLES)):
        return stops
    return stops.filter(pk__in=stops_visible_to(user).values("pk"))


def events_visible_to(user: Any, *, roles: Iterable[str] | None = None) -> QuerySet[Event]:
    qs = Event.objects.select_related("province", "host_organization", "campaign", "stop")
    condition = _place_condition(
        user,
        organization_field="host_organization",
        extra_org_fields=("partners", "campaign__organizations"),
        roles=roles,
    )
    if condition is None:
        return qs
    return qs.filter(pk__in=Event.objects.filter(condition).values("pk"))


def can_read_registrations(user: Any) -> bool:
    return scope_for(user).has_role(*REGISTRATION_READERS)


def registrations_visible_to(user: Any, *, roles: Iterable[str] | None = None) -> QuerySet[Registration]:
    """Registrations at the stops and events the user sees, for roles that read personal
    data (sponsors read the figures only): officers, directors and association
    representatives at the places their membership reaches, field agents at the stops and
    events they work at. With `roles`, through the memberships holding one of them."""
    qs = Registration.objects.select_related(
        "person", "stop__province", "event", "specialty", "residence_province"
    )
    readers = _wanted(roles, REGISTRATION_READERS)
    scope = scope_for(user)
    if not readers or not scope.has_role(*readers):
        return qs.none()
    if scope.is_platform_admin:
        return qs
    condition = Q(pk__in=[])
    place_readers = _wanted(readers, (R.AGENCY_OFFICER, R.DIRECTOR))
    if place_readers and scope.grants_for(*place_readers):
        condition |= Q(stop_id__in=stops_visible_to(user, roles=place_readers).values("pk")) | Q(
            event_id__in=events_visible_to(user, roles=place_readers).values("pk")
        )
    associations = scope.grants_for(R.ASSOCIATION_REP) if R.ASSOCIATION_REP in readers else ()
    if associations:
        # A partner association: not the people who withdrew their consent to share with it.
        withdrawn = sharing_withdrawn({g.organization_id for g in associations}, person="person")
        condition |= (
            Q(stop_id__in=stops_visible_to(user, roles=(R.ASSOCIATION_REP,)).values("pk"))
            | Q(event_id__in=events_visible_to(user, roles=(R.ASSOCIATION_REP,)).values("pk"))
        ) & ~withdrawn
    if R.FIELD_AGENT in readers and scope.grants_for(R.FIELD_AGENT):
        condition |= Q(stop__field_agents=user) | Q(event__field_agents=user)
    return qs.filter(pk__in=Registration.objects.filter(condition).values("pk"))


def ideas_visible_to(user: Any, *, roles: Iterable[str] | None = None) -> QuerySet[Idea]:
    return Idea.objects.filter(
        registration__in=registrations_visible_to(user, roles=roles).values("pk")
    ).select_related("registration__person", "specialty")


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
