"""Life events: suspended, resumed, closed (with a reason), transferred; the status and
`ended_on` follow them, survival is computed from them."""

from __future__ import annotations

import datetime

import pytest

from rowad.core.audit import entries_for
from rowad.enterprises.definitions import filter_enterprises
from rowad.enterprises.enums import ClosureReason, EnterpriseStatus, ErrorCode, LifeEventKind
from rowad.enterprises.errors import EnterpriseConflict, EnterpriseError
from rowad.enterprises.models import Enterprise, LifeEvent
from rowad.enterprises.services.life import record_life_event
from rowad.messaging.models import Message
from tests.enterprises.calendar_helpers import oran_enterprise

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = datetime.date.today()


@pytest.fixture
def officer(world):
    return world.users["agency_officer"]


@pytest.fixture
def enterprise(world):
    return oran_enterprise(world, days_old=400)


def record(enterprise, officer, kind, days_ago=1, **fields):
    return record_life_event(
        enterprise, actor=officer, kind=kind, occurred_on=TODAY - days_ago * DAY, **fields
    )


def fresh(enterprise):
    return Enterprise.objects.get(pk=enterprise.pk)


def test_suspend_then_resume_keeps_status_and_version_in_step(enterprise, officer):
    record(enterprise, officer, LifeEventKind.SUSPENDED, days_ago=20)
    row = fresh(enterprise)
    assert (row.status, row.ended_on, row.version) == (EnterpriseStatus.SUSPENDED, None, 2)
    record(enterprise, officer, LifeEventKind.RESUMED, days_ago=5, expected_version=2)
    row = fresh(enterprise)
    assert (row.status, row.ended_on, row.version) == (EnterpriseStatus.OPERATING, None, 3)
    assert [e.kind for e in LifeEvent.objects.filter(enterprise=enterprise)] == ["suspended", "resumed"]
    actions = [entry.action for entry in entries_for(enterprise)]
    assert actions.count("enterprises.life_event.recorded") == 2


def test_closing_needs_a_reason(enterprise, officer):
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, officer, LifeEventKind.CLOSED)
    assert (error.value.code, error.value.field) == (ErrorCode.INVALID_EVENT, "reason")
    with pytest.raises(EnterpriseError):
        record(enterprise, officer, LifeEventKind.CLOSED, reason="bankrupt")
    assert fresh(enterprise).status == EnterpriseStatus.OPERATING and not LifeEvent.objects.exists()


def test_closing_sets_ended_on_and_nobody_is_notified(enterprise, officer):
    event = record(enterprise, officer, LifeEventKind.CLOSED, days_ago=3, reason=ClosureReason.NO_MARKET)
    row = fresh(enterprise)
    assert (row.status, row.ended_on) == (EnterpriseStatus.CLOSED, TODAY - 3 * DAY)
    assert event.reason == ClosureReason.NO_MARKET
    assert not Message.objects.exists()


def test_a_transfer_needs_the_new_owner_and_ends_the_follow_up(enterprise, officer):
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, officer, LifeEventKind.TRANSFERRED)
    assert error.value.field == "transferred_to"
    record(enterprise, officer, LifeEventKind.SUSPENDED, days_ago=10)
    record(enterprise, officer, LifeEventKind.TRANSFERRED, days_ago=2, transferred_to="SARL Nour")
    row = fresh(enterprise)
    assert (row.status, row.ended_on) == (EnterpriseStatus.TRANSFERRED, TODAY - 2 * DAY)


def test_resuming_an_operating_enterprise_is_refused(enterprise, officer):
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, officer, LifeEventKind.RESUMED)
    assert error.value.code == ErrorCode.INVALID_EVENT
    assert "suspended" in error.value.message


def test_suspending_twice_is_refused(enterprise, officer):
    record(enterprise, officer, LifeEventKind.SUSPENDED, days_ago=10)
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, officer, LifeEventKind.SUSPENDED)
    assert error.value.code == ErrorCode.INVALID_EVENT


@pytest.mark.parametrize("kind", list(LifeEventKind))
def test_no_event_on_a_closed_enterprise(enterprise, officer, kind):
    record(enterprise, officer, LifeEventKind.CLOSED, days_ago=10, reason=ClosureReason.FINANCIAL)
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, officer, kind, reason=ClosureReason.OTHER, transferred_to="X")
    assert error.value.code == ErrorCode.CLOSED
    assert "no exception" in error.value.message
    assert LifeEvent.objects.count() == 1


def test_a_future_date_is_refused(enterprise, officer):
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, officer, LifeEventKind.SUSPENDED, days_ago=-1)
    assert error.value.code == ErrorCode.FUTURE_DATE
    assert fresh(enterprise).status == EnterpriseStatus.OPERATING


def test_a_date_before_creation_is_refused(enterprise, officer):
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, officer, LifeEventKind.SUSPENDED, days_ago=401)
    assert error.value.code == ErrorCode.BEFORE_CREATION


def test_a_date_before_the_last_event_is_refused(enterprise, officer):
    record(enterprise, officer, LifeEventKind.SUSPENDED, days_ago=10)
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, officer, LifeEventKind.RESUMED, days_ago=11)
    assert (error.value.code, error.value.field) == (ErrorCode.INVALID_EVENT, "occurred_on")
    assert fresh(enterprise).status == EnterpriseStatus.SUSPENDED


def test_a_stale_version_is_refused(enterprise, officer):
    record(enterprise, officer, LifeEventKind.SUSPENDED, days_ago=10, expected_version=1)
    with pytest.raises(EnterpriseConflict) as error:
        record(enterprise, officer, LifeEventKind.RESUMED, expected_version=1)
    assert error.value.code == ErrorCode.STALE_EDIT and error.value.status_code == 409
    assert fresh(enterprise).status == EnterpriseStatus.SUSPENDED


@pytest.mark.parametrize("role", ["director", "mentor", "project_holder"])
def test_only_an_officer_managing_it_records_events(world, enterprise, role):
    with pytest.raises(EnterpriseError) as error:
        record(enterprise, world.users[role], LifeEventKind.SUSPENDED)
    assert error.value.code == ErrorCode.NOT_ALLOWED
    with pytest.raises(EnterpriseError):
        record(enterprise, world.outsider, LifeEventKind.SUSPENDED)
    assert not LifeEvent.objects.exists()


def test_closed_before_its_anniversary_leaves_the_alive_at_one_year_filter(world, officer):
    created = TODAY - 500 * DAY
    closed_early = oran_enterprise(world, created_on=created)
    closed_late = oran_enterprise(world, created_on=created)
    alive = oran_enterprise(world, created_on=created)
    everyone = Enterprise.objects.filter(pk__in=[closed_early.pk, closed_late.pk, alive.pk])
    assert set(filter_enterprises(everyone, {"alive_at": "1"})) == {closed_early, closed_late, alive}

    record_life_event(
        closed_early, actor=officer, kind=LifeEventKind.CLOSED, occurred_on=created + 200 * DAY, reason="debt"
    )
    record_life_event(
        closed_late, actor=officer, kind=LifeEventKind.CLOSED, occurred_on=created + 400 * DAY, reason="debt"
    )

    assert set(filter_enterprises(everyone, {"alive_at": "1"})) == {closed_late, alive}
    assert set(filter_enterprises(everyone, {"died_before": "1"})) == {closed_early}
    assert set(filter_enterprises(everyone, {"alive_now": "1"})) == {alive}
