"""Alerts on hand-made dates: no visit for N months (from creation when never visited),
difficulties or not operating at the last visit; alive enterprises only; a whole page in
a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest

from rowad.accounts.enums import Role
from rowad.enterprises.alerts import alerts_count_for, enterprise_alerts
from rowad.enterprises.enums import AlertKind, EnterpriseStatus
from rowad.enterprises.models import Enterprise
from tests.enterprises.accompaniment_factories import accompanied, mentor, oran_enterprise
from tests.enterprises.factories import VisitFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _six_months(settings):
    settings.ROWAD_VISIT_ALERT_MONTHS = 6


def _kinds(enterprise, on=ON):
    alerts = enterprise_alerts(Enterprise.objects.filter(pk=enterprise.pk), on=on)
    return [a.kind for a in alerts.get(enterprise.pk, [])]


def test_never_visited_counts_from_the_creation(world):
    young = oran_enterprise(world, created_on=datetime.date(2026, 1, 1))
    old = oran_enterprise(world, created_on=datetime.date(2025, 12, 30))
    assert _kinds(young) == []  # due on 2026-07-01
    assert _kinds(old) == [AlertKind.NO_VISIT]
    alert = enterprise_alerts(Enterprise.objects.filter(pk=old.pk), on=ON)[old.pk][0]
    assert alert.since == datetime.date(2026, 6, 30) and alert.detail is None


def test_no_visit_for_six_months(world):
    enterprise = oran_enterprise(world, created_on=datetime.date(2024, 1, 1))
    VisitFactory(enterprise=enterprise, visited_on=datetime.date(2025, 12, 31))
    assert _kinds(enterprise) == [AlertKind.NO_VISIT]
    VisitFactory(enterprise=enterprise, visited_on=datetime.date(2026, 1, 1))
    assert _kinds(enterprise) == []
    # A visit after `on` does not count for that day.
    later = oran_enterprise(world, created_on=datetime.date(2024, 1, 1))
    VisitFactory(enterprise=later, visited_on=datetime.date(2026, 7, 15))
    assert _kinds(later) == [AlertKind.NO_VISIT]


def test_the_months_come_from_the_settings(world, settings):
    enterprise = oran_enterprise(world, created_on=datetime.date(2024, 1, 1))
    VisitFactory(enterprise=enterprise, visited_on=datetime.date(2026, 3, 1))
    assert _kinds(enterprise) == []
    settings.ROWAD_VISIT_ALERT_MONTHS = 3
    assert _kinds(enterprise) == [AlertKind.NO_VISIT]


def test_difficulties_or_not_operating_at_the_last_visit(world):
    enterprise = oran_enterprise(world, created_on=datetime.date(2024, 1, 1))
    VisitFactory(enterprise=enterprise, visited_on=datetime.date(2026, 5, 1), difficulties=["cash"])
    assert _kinds(enterprise) == [AlertKind.DIFFICULTIES]
    alert = enterprise_alerts(Enterprise.objects.filter(pk=enterprise.pk), on=ON)[enterprise.pk][0]
    assert alert.since == datetime.date(2026, 5, 1) and alert.difficulties == ("cash",)
    # A later visit without difficulties clears the alert.
    VisitFactory(enterprise=enterprise, visited_on=datetime.date(2026, 6, 1))
    assert _kinds(enterprise) == []
    VisitFactory(enterprise=enterprise, visited_on=datetime.date(2026, 6, 20), operating=False)
    assert _kinds(enterprise) == [AlertKind.DIFFICULTIES]
    # The same day, the later recorded visit wins.
    VisitFactory(enterprise=enterprise, visited_on=datetime.date(2026, 6, 20), operating=True)
    assert _kinds(enterprise) == []


def test_both_alerts_at_once(world):
    enterprise = oran_enterprise(world, created_on=datetime.date(2024, 1, 1))
    VisitFactory(enterprise=enterprise, visited_on=datetime.date(2025, 10, 1), difficulties=["orders"])
    assert _kinds(enterprise) == [AlertKind.NO_VISIT, AlertKind.DIFFICULTIES]


def test_closed_transferred_and_future_enterprises_have_no_alert(world):
    closed = oran_enterprise(
        world,
        created_on=datetime.date(2024, 1, 1),
        status=EnterpriseStatus.CLOSED,
        ended_on=datetime.date(2025, 1, 1),
    )
    transferred = oran_enterprise(
        world,
        created_on=datetime.date(2024, 1, 1),
        status=EnterpriseStatus.TRANSFERRED,
        ended_on=datetime.date(2025, 1, 1),
    )
    suspended = oran_enterprise(
        world, created_on=datetime.date(2024, 1, 1), status=EnterpriseStatus.SUSPENDED
    )
    not_yet = oran_enterprise(world, created_on=datetime.date(2026, 8, 1))
    assert _kinds(closed) == [] and _kinds(transferred) == [] and _kinds(not_yet) == []
    assert _kinds(suspended) == [AlertKind.NO_VISIT]


def test_a_page_of_enterprises_costs_two_queries(world, django_assert_num_queries):
    for i in range(12):
        enterprise = oran_enterprise(world, created_on=datetime.date(2024, 1, 1))
        VisitFactory(
            enterprise=enterprise,
            visited_on=datetime.date(2025, 7 + i % 6, 1),
            difficulties=["cash"] * (i % 2),
        )
    with django_assert_num_queries(2):
        alerts = enterprise_alerts(Enterprise.objects.all(), on=ON)
    assert len(alerts) == 12
    assert sum(AlertKind.DIFFICULTIES in [a.kind for a in found] for found in alerts.values()) == 6


def test_alerts_count_for_a_mentor_is_their_caseload(world):
    mine = accompanied(world, created_on=datetime.date(2020, 1, 1))
    theirs = accompanied(world, by=mentor(world, "mentor-two"), created_on=datetime.date(2020, 1, 1))
    assert {mine.pk, theirs.pk} <= set(enterprise_alerts(Enterprise.objects.all()))
    assert alerts_count_for(world.users[Role.MENTOR]) == 1
    assert alerts_count_for(world.users[Role.AGENCY_OFFICER]) == 2
    assert alerts_count_for(world.outsider) == 0
