"""Outreach's home queues: the field agent's stops and events (in progress first), the
officer's ideas without an outcome, the association's next events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.outreach.enums import IdeaOutcome
from rowad.outreach.models import Idea
from tests.factories import OrganizationFactory
from tests.queue_helpers import home_queue, labels

from .factories import EventFactory, IdeaFactory, RegistrationFactory, StopFactory

pytestmark = pytest.mark.django_db


def _day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def test_field_agent_sees_todays_and_next_places_in_progress_first(world):
    agent = world.users[Role.FIELD_AGENT]
    StopFactory(venue="Next", starts_on=_day(3), ends_on=_day(4), field_agents=[agent])
    StopFactory(venue="Now", starts_on=_day(-1), ends_on=_day(1), field_agents=[agent])
    StopFactory(venue="Past", starts_on=_day(-5), ends_on=_day(-1), field_agents=[agent])
    StopFactory(venue="Cancelled", starts_on=_day(0), ends_on=_day(1), field_agents=[agent],
                cancelled_at=timezone.now())  # fmt: skip
    StopFactory(
        venue="Closed", starts_on=_day(0), ends_on=_day(1), field_agents=[agent], closed_at=timezone.now()
    )
    StopFactory(venue="Someone else's", starts_on=_day(0), ends_on=_day(1))
    EventFactory(title="Meeting today", starts_on=_day(0), field_agents=[agent])
    queue = home_queue(agent, Role.FIELD_AGENT, "outreach.field_stops")
    assert queue.count == 3
    stops = queue.extra["stops"]
    assert [s.label.split(" — ")[-1] for s in stops] == ["Now", "Meeting today", "Next"]
    assert [s.in_progress for s in stops] == [True, True, False]
    assert stops[0].register_url.endswith("/register/") and stops[0].counter_url.endswith("/counter/")


def test_field_home_links_each_stop_to_its_registration_form(client, world):
    agent = world.users[Role.FIELD_AGENT]
    stop = StopFactory(venue="Now", field_agents=[agent])
    client.force_login(agent)
    body = client.get("/").content.decode()
    assert f'href="/outreach/stop/{stop.pk}/register/"' in body
    assert f'href="/outreach/stop/{stop.pk}/counter/"' in body
    assert "<div data-field-queue-count></div>" in body


def test_an_agent_without_stops_is_told_so(world):
    queue = home_queue(world.users[Role.FIELD_AGENT], Role.FIELD_AGENT, "outreach.field_stops")
    assert queue.count == 0 and queue.extra["stops"] == []


def test_ideas_without_outcome_oldest_first_in_scope(world, caravan):
    for days, summary in [(1, "Second"), (5, "First")]:
        idea = IdeaFactory(registration=RegistrationFactory(stop=caravan), summary=summary)
        Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    IdeaFactory(registration=RegistrationFactory(stop=caravan), outcome=IdeaOutcome.READY)
    queue = home_queue(
        world.users[Role.AGENCY_OFFICER], Role.AGENCY_OFFICER, "outreach.ideas_without_outcome"
    )
    assert queue.count == 2
    assert [label.split(" — ")[1] for label in labels(queue)] == ["First", "Second"]
    assert queue.items[0].url.endswith("/outcome/")
    outsider = home_queue(world.outsider, Role.AGENCY_OFFICER, "outreach.ideas_without_outcome")
    assert outsider.count == 0


def test_association_sees_its_next_events_with_their_registrations(world):
    rep = world.users[Role.ASSOCIATION_REP]
    event = EventFactory(
        title="Journée portes ouvertes", starts_on=_day(2), host_organization=world.oran_agency
    )
    RegistrationFactory(stop=None, event=event)
    EventFactory(title="Past", starts_on=_day(-3), host_organization=world.oran_agency)
    EventFactory(title="Elsewhere", starts_on=_day(2), host_organization=OrganizationFactory())
    queue = home_queue(rep, Role.ASSOCIATION_REP, "outreach.association_events")
    assert queue.count == 1
    assert labels(queue) == ["Journée portes ouvertes"]
    assert "1" in queue.items[0].detail
