"""The yearly follow-up calendar rolls on while an enterprise lives (an enterprise of 2019
still has its 2026 declarations), once per year, never for a closed one."""

from __future__ import annotations

import datetime

import pytest

from rowad.enterprises.enums import EnterpriseStatus, ObligationKind
from rowad.enterprises.models import Obligation
from rowad.enterprises.services.calendar import extend_calendars
from rowad.enterprises.tasks import send_obligation_reminders
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 12, 7)


def _years(enterprise, kind=ObligationKind.ANNUAL_TAX_DECLARATION) -> list[int]:
    return sorted(
        Obligation.objects.filter(enterprise=enterprise, kind=kind).values_list("due_on__year", flat=True)
    )


def test_an_old_enterprise_gets_this_year_and_next_year_once():
    enterprise = EnterpriseFactory(created_on=datetime.date(2019, 5, 15))
    added = extend_calendars(ON)
    assert _years(enterprise) == [2025, 2026, 2027]
    assert added == Obligation.objects.filter(enterprise=enterprise).count() > 0
    assert extend_calendars(ON) == 0


def test_a_closed_enterprise_is_not_given_new_obligations():
    closed = EnterpriseFactory(
        created_on=datetime.date(2019, 5, 15),
        status=EnterpriseStatus.CLOSED,
        ended_on=datetime.date(2020, 2, 1),
    )
    extend_calendars(ON)
    assert not Obligation.objects.filter(enterprise=closed).exists()


def test_the_daily_task_rolls_the_calendars_before_reminding():
    enterprise = EnterpriseFactory(created_on=datetime.date(2021, 3, 1))
    send_obligation_reminders(ON)
    assert 2027 in _years(enterprise)
