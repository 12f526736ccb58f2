"""Outreach's work queues on the homes (rowad.core.queues): the field agent's stops and
events of today and the coming days, the officer's pitched ideas waiting for an outcome.
Each reads through this app's scoped queries, with the role's memberships only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rowad.accounts.enums import Role
from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first

from . import queries
from .enums import IdeaOutcome


@dataclass(frozen=True)
class FieldStop:
    """One line of the field agent's queue: a stop or an event, its two field pages."""

    label: str
    detail: str
    starts_on: object
    ends_on: object
    in_progress: bool
    register_url: str
    counter_url: str


def _field_place(kind: str, place, ends_on, today) -> FieldStop:
    return FieldStop(
        label=str(place),
        detail=str(place.province.name),
        starts_on=place.starts_on,
        ends_on=ends_on,
        in_progress=place.starts_on <= today <= ends_on,
        register_url=reverse("outreach:register", args=[kind, place.pk]),
        counter_url=reverse("outreach:counter", args=[kind, place.pk]),
    )


def field_stops(context: QueueContext) -> WorkQueue:
    """The stops and events the agent works at, from today on, open for registration; the
    ones in progress first, then the next by their first day. Four queries."""
    roles = (Role.FIELD_AGENT,)
    today = context.today
    open_places = Q(closed_at__isnull=True, cancelled_at__isnull=True)
    stops = queries.stops_visible_to(context.user, roles=roles).filter(open_places, ends_on__gte=today)
    events = (
        queries.events_visible_to(context.user, roles=roles)
        .filter(open_places)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
    )
    lines = [
        _field_place("stop", s, s.ends_on, today) for s in stops.order_by("starts_on", "pk")[:HOME_ITEMS]
    ]
    lines += [
        _field_place("event", e, e.last_day, today) for e in events.order_by("starts_on", "pk")[:HOME_ITEMS]
    ]
    lines.sort(key=lambda line: (not line.in_progress, line.starts_on))
    return WorkQueue(
        key="outreach.field_stops",
        title=_("Today's and next stops"),
        count=stops.count() + events.count(),
        empty=_("No stop or event is planned for you from today on."),
        order=10,
        template="outreach/_field_queue.html",
        extra={"stops": lines[:HOME_ITEMS]},
    )


def ideas_without_outcome(context: QueueContext) -> WorkQueue:
    """Pitched ideas not yet discussed, at the places the officer's memberships reach."""
    ideas = queries.ideas_visible_to(context.user, roles=(Role.AGENCY_OFFICER,)).filter(
        outcome=IdeaOutcome.PENDING
    )
    items = [
        QueueItem(
            label=f"{idea.registration.person.display_name} — {idea.summary[:80]}",
            url=reverse("outreach:idea_outcome", args=[idea.pk]),
            since=idea.created_at,
            detail=str(idea.specialty or ""),
        )
        for idea in ideas.order_by("created_at", "pk")[:HOME_ITEMS]
    ]
    return WorkQueue(
        key="outreach.ideas_without_outcome",
        title=_("Ideas without an outcome"),
        count=ideas.count(),
        items=oldest_first(items),
        action=_("Give the outcome"),
        empty=_("Every pitched idea has its outcome."),
        order=60,
    )


def association_events(context: QueueContext) -> WorkQueue:
    """The events the association's memberships reach, from today on, the nearest first,
    with the registrations taken so far."""
    today = context.today
    events = (
        queries.events_visible_to(context.user, roles=(Role.ASSOCIATION_REP,))
        .filter(cancelled_at__isnull=True)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
    )
    listed = events.annotate(registration_count=Count("registrations")).order_by("starts_on", "pk")
    items = [
        QueueItem(
            label=event.title,
            url=reverse("outreach:event_detail", args=[event.pk]),
            detail=ngettext(
                "%(date)s · %(count)d registration",
                "%(date)s · %(count)d registrations",
                event.registration_count,
            )
            % {"date": date_format(event.starts_on, "SHORT_DATE_FORMAT"), "count": event.registration_count},
        )
        for event in listed[:HOME_ITEMS]
    ]
    return WorkQueue(
        key="outreach.association_events",
        title=_("Your next events"),
        count=events.count(),
        items=items,
        more_url=reverse("outreach:event_list"),
        empty=_("No event of yours is planned from today on."),
        order=10,
    )
