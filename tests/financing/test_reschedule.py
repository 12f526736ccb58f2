"""Rescheduling: the old schedule kept with its payments, the new one on what is still owed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from rowad.core.audit import entries_for
from rowad.financing.enums import ErrorCode, Frequency, ScheduleState
from rowad.financing.errors import FinancingConflict, FinancingError
from rowad.financing.models import Payment, RepaymentSchedule
from rowad.financing.services.schedules import generate_schedule, record_payment, reschedule
from tests.financing.schedule_helpers import schedule_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = Decimal
NEW_DUE = datetime.date(2027, 6, 30)


def pay(schedule, amount, paid_on=datetime.date(2027, 2, 5)):
    return record_payment(schedule, amount=D(amount), currency="DZD", paid_on=paid_on, actor=None)


def test_reschedule_keeps_the_old_schedule_and_its_payments():
    old = schedule_for()
    payment = pay(old, "250.00")

    new = reschedule(old, first_due=NEW_DUE, reason="Saison agricole perdue", actor=None, term_months=6)

    old.refresh_from_db()
    assert old.state == ScheduleState.SUPERSEDED
    assert old.instalments.count() == 12
    assert list(old.payments.all()) == [payment]
    assert sum(i.paid_principal for i in old.instalments.all()) == D("250.00")
    assert new.supersedes == old
    assert new.number == 2
    assert new.state == ScheduleState.ACTIVE
    assert new.reason == "Saison agricole perdue"
    assert [e.action for e in entries_for(new)] == ["financing.schedule.rescheduled"]


def test_reschedule_builds_on_the_principal_still_owed():
    old = schedule_for()
    pay(old, "250.00")

    new = reschedule(old, first_due=NEW_DUE, reason="Difficultés", actor=None, term_months=6)

    assert new.principal == D("950.00")
    assert new.outstanding_principal == D("950.00")
    assert [i.principal for i in new.instalments.order_by("number")] == [D("158.33")] * 5 + [D("158.35")]
    assert new.first_unpaid_due == NEW_DUE
    assert new.instalments.filter(paid_principal__gt=0).count() == 0
    # Paid (250) + rescheduled (950) = what was lent.
    assert new.principal + D("250.00") == old.principal


def test_reschedule_keeps_the_old_terms_unless_given():
    old = schedule_for(interest_rate="6", interest_borne_by="subsidy")

    new = reschedule(
        old, first_due=NEW_DUE, reason="Changement", actor=None, grace_months=3, frequency=Frequency.QUARTERLY
    )

    assert (new.term_months, new.grace_months, new.frequency) == (12, 3, Frequency.QUARTERLY)
    assert (new.interest_rate, new.interest_borne_by) == (D("6"), "subsidy")
    assert new.instalments.count() == 4


def test_reschedule_then_payments_go_to_the_new_version_only():
    old = schedule_for()
    new = reschedule(old, first_due=NEW_DUE, reason="Difficultés", actor=None)

    with pytest.raises(FinancingError) as caught:
        pay(old, "10.00")
    assert caught.value.code == ErrorCode.SCHEDULE_CLOSED

    pay(new, "10.00")
    assert Payment.objects.get().schedule == new


def test_reschedule_requires_a_reason():
    old = schedule_for()

    with pytest.raises(FinancingError) as caught:
        reschedule(old, first_due=NEW_DUE, reason="  ", actor=None)

    assert caught.value.code == ErrorCode.REASON_REQUIRED
    assert RepaymentSchedule.objects.count() == 1


def test_reschedule_refuses_when_it_would_lose_paid_amounts():
    # The kept outstanding principal no longer matches the payments: a new schedule built on
    # it would change what the holder owes; nothing is changed.
    old = schedule_for()
    pay(old, "100.00")
    RepaymentSchedule.objects.filter(pk=old.pk).update(outstanding_principal=D("1200.00"))

    with pytest.raises(FinancingError) as caught:
        reschedule(old, first_due=NEW_DUE, reason="Erreur", actor=None)

    assert caught.value.code == ErrorCode.LOSES_PAYMENTS
    old.refresh_from_db()
    assert old.state == ScheduleState.ACTIVE
    assert RepaymentSchedule.objects.count() == 1


def test_reschedule_refused_on_a_repaid_schedule_and_with_a_stale_version():
    repaid = schedule_for()
    pay(repaid, "1200.00")
    with pytest.raises(FinancingError) as caught:
        reschedule(repaid, first_due=NEW_DUE, reason="Trop tard", actor=None)
    assert caught.value.code == ErrorCode.SCHEDULE_CLOSED

    other = schedule_for()
    pay(other, "50.00")  # version 2 now
    with pytest.raises(FinancingConflict):
        reschedule(other, first_due=NEW_DUE, reason="Difficultés", actor=None, expected_version=1)
    other.refresh_from_db()
    assert other.state == ScheduleState.ACTIVE


def test_reschedule_refuses_impossible_terms():
    old = schedule_for()

    with pytest.raises(FinancingError) as caught:
        reschedule(old, first_due=NEW_DUE, reason="Difficultés", actor=None, term_months=12, grace_months=12)

    assert caught.value.code == ErrorCode.INVALID_TERMS
    assert caught.value.field == "grace_months"
    old.refresh_from_db()
    assert old.state == ScheduleState.ACTIVE


def test_reschedule_the_line_may_not_be_generated_again():
    old = schedule_for()
    reschedule(old, first_due=NEW_DUE, reason="Difficultés", actor=None)

    with pytest.raises(FinancingError) as caught:
        generate_schedule(old.line, first_due=NEW_DUE, actor=None)

    assert caught.value.code == ErrorCode.SCHEDULE_EXISTS
