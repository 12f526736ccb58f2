"""The director's home: this week's figures beside the same days of last week, in the
director's scope, and the query bound of whole homes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.shell.week import Week
from tests.committees.factories import DossierFactory, reached
from tests.factories import MembershipFactory, UserFactory
from tests.outreach.factories import RegistrationFactory, StopFactory
from tests.queue_helpers import home_queue

pytestmark = pytest.mark.django_db


def test_week_runs_from_monday_and_compares_the_same_days():
    week = Week.of(dt.date(2026, 12, 10))  # a Thursday
    assert (week.start, week.end) == (dt.date(2026, 12, 7), dt.date(2026, 12, 11))
    assert (week.before().start, week.before().end) == (dt.date(2026, 11, 30), dt.date(2026, 12, 4))


def test_director_sees_the_figures_of_the_week_in_scope(world):
    today = timezone.localdate()
    now = timezone.now()
    last_week = now - dt.timedelta(days=7)
    stop = StopFactory(province=world.oran, host_organization=world.oran_agency)
    RegistrationFactory(stop=stop, captured_at=now)
    RegistrationFactory(stop=stop, captured_at=now)
    RegistrationFactory(stop=stop, captured_at=last_week)
    oran = {"organization": world.oran_agency, "province": world.oran}
    reached(DossierFactory(**oran, state=DossierState.SUBMITTED), (DossierState.SUBMITTED, now))
    approved = DossierFactory(**oran, state=DossierState.APPROVED)
    reached(approved, (DossierState.SUBMITTED, last_week), (DossierState.APPROVED, now))
    hoceima = DossierFactory(
        organization=world.hoceima_agency, province=world.hoceima, state=DossierState.SUBMITTED
    )
    reached(hoceima, (DossierState.SUBMITTED, now))
    queue = home_queue(world.users[Role.DIRECTOR], Role.DIRECTOR, "shell.week_figures")
    figures = {f.key: (f.this_week, f.last_week) for f in queue.extra["figures"]}
    assert figures == {
        "registrations": (2, 1),
        "submitted": (1, 1),
        "approved": (1, 0),
        "enterprises": (0, 0),
    }
    assert queue.extra["since"] == Week.of(today).start


def test_each_week_figure_links_to_the_records_it_counts(client, world):
    stop = StopFactory(province=world.oran, host_organization=world.oran_agency)
    RegistrationFactory(stop=stop, captured_at=timezone.now())
    RegistrationFactory(stop=stop, captured_at=timezone.now() - dt.timedelta(days=7))
    director = world.users[Role.DIRECTOR]
    queue = home_queue(director, Role.DIRECTOR, "shell.week_figures")
    registrations = next(f for f in queue.extra["figures"] if f.key == "registrations")
    client.force_login(director)
    page = client.get(registrations.url)
    assert (page.status_code, page.context["page"].paginator.count) == (200, registrations.this_week)


def test_a_director_elsewhere_counts_nothing_here(world):
    stop = StopFactory(province=world.oran, host_organization=world.oran_agency)
    RegistrationFactory(stop=stop)
    director = UserFactory()
    MembershipFactory(user=director, organization=world.hoceima_agency, role=Role.DIRECTOR,
                      provinces=[world.hoceima])  # fmt: skip
    queue = home_queue(director, Role.DIRECTOR, "shell.week_figures")
    assert all(f.this_week == 0 and f.last_week == 0 for f in queue.extra["figures"])


def test_the_director_home_links_each_figure(client, world):
    client.force_login(world.users[Role.DIRECTOR])
    body = client.get("/").content.decode()
    assert 'data-week-figure="submitted"' in body and 'href="/figures/records/submitted/?' in body
