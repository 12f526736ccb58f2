"""Payments on a schedule: allocation in the stated order, refusals, concurrency, closing."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest

from rowad.core.audit import entries_for
from rowad.financing.enums import ErrorCode, ScheduleState
from rowad.financing.errors import FinancingConflict, FinancingError
from rowad.financing.models import Payment, PaymentAllocation, RepaymentSchedule
from rowad.financing.services.schedules import generate_schedule, generate_schedules, record_payment
from tests.financing.schedule_helpers import FIRST_DUE, repaid_line, schedule_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = Decimal
PAID_ON = datetime.date(2027, 2, 10)


def pay(schedule, amount, **kwargs):
    kwargs.setdefault("currency", schedule.currency)
    kwargs.setdefault("paid_on", PAID_ON)
    kwargs.setdefault("actor", None)
    return record_payment(schedule, amount=D(amount), **kwargs)


def paid(schedule):
    return [
        (i.number, i.paid_interest, i.paid_principal, i.settled_on)
        for i in schedule.instalments.order_by("number")
        if i.paid_interest or i.paid_principal
    ]


def test_generate_schedule_of_approved_line_on_approved_amount():
    line = repaid_line("1260000.00", term_months=96, grace_months=36)

    schedule = generate_schedule(line, first_due=FIRST_DUE, actor=None)

    assert schedule.principal == D("1260000.00")
    assert schedule.outstanding_principal == D("1260000.00")
    assert schedule.currency == line.plan.currency
    assert schedule.instalments.count() == 60
    assert schedule.first_unpaid_due == datetime.date(2030, 1, 31)
    assert [e.action for e in entries_for(schedule)] == ["financing.schedule.generated"]


def test_generate_schedule_refuses_a_grant_and_a_second_schedule():
    grant = repaid_line()
    grant.repaid = False
    grant.save()
    with pytest.raises(FinancingError) as caught:
        generate_schedule(grant, first_due=FIRST_DUE, actor=None)
    assert caught.value.code == ErrorCode.NOT_REPAID

    line = repaid_line()
    generate_schedule(line, first_due=FIRST_DUE, actor=None)
    with pytest.raises(FinancingError) as caught:
        generate_schedule(line, first_due=FIRST_DUE, actor=None)
    assert caught.value.code == ErrorCode.SCHEDULE_EXISTS
    assert RepaymentSchedule.objects.filter(line=line).count() == 1


def test_generate_schedule_refuses_a_line_not_approved():
    line = repaid_line(decision="submitted")
    with pytest.raises(FinancingError) as caught:
        generate_schedule(line, first_due=FIRST_DUE, actor=None)
    assert caught.value.code == ErrorCode.NOT_APPROVED


def test_generate_schedule_subsidised_grace_instalments_are_settled_from_the_start():
    schedule = schedule_for(
        "2940000.00", term_months=60, grace_months=12, interest_rate="5.5", interest_borne_by="subsidy"
    )

    first = schedule.instalments.get(number=1)
    assert (first.principal, first.interest, first.subsidised_interest) == (D("0"), D("0"), D("13475.00"))
    assert first.settled_on == first.due_on
    assert schedule.first_unpaid_due == datetime.date(2028, 1, 31)  # the 13th instalment


def test_generate_schedules_in_bulk_skips_grants_and_scheduled_lines():
    lines = [repaid_line() for _ in range(3)]
    grant = repaid_line()
    grant.repaid = False
    grant.save()
    generate_schedule(lines[0], first_due=FIRST_DUE, actor=None)

    created = generate_schedules([*lines, grant], first_due=FIRST_DUE, actor=None)

    assert created == 2
    assert RepaymentSchedule.objects.count() == 3
    schedule = RepaymentSchedule.objects.get(line=lines[2])
    assert schedule.instalments.count() == 12
    assert schedule.first_unpaid_due == FIRST_DUE
    assert schedule.history.count() == 1
    assert [e.action for e in entries_for(schedule)] == ["financing.schedule.generated"]
    assert generate_schedules(lines, first_due=FIRST_DUE, actor=None) == 0


def test_payment_allocates_oldest_first_interest_then_principal():
    # 1,200 at 12 % over 12 months (1 % a month).
    schedule = schedule_for(interest_rate="12")
    first, second = schedule.instalments.order_by("number")[:2]

    payment = pay(schedule, "120.00")

    # The annuity is 106.62: 13.38 is left for the second instalment, whose interest
    # (1,105.38 × 1 % = 11.05) comes before its principal (2.33).
    assert (first.interest, first.principal) == (D("12.00"), D("94.62"))
    assert second.interest == D("11.05")
    assert paid(schedule) == [(1, D("12.00"), D("94.62"), PAID_ON), (2, D("11.05"), D("2.33"), None)]
    assert [(a.instalment.number, a.interest, a.principal) for a in payment.allocations.all()] == [
        (1, D("12.00"), D("94.62")),
        (2, D("11.05"), D("2.33")),
    ]
    schedule.refresh_from_db()
    assert schedule.outstanding_principal == D("1200.00") - D("94.62") - D("2.33")
    assert schedule.first_unpaid_due == second.due_on
    assert schedule.version == 2


def test_payment_partial_leaves_the_instalment_unsettled():
    schedule = schedule_for()

    pay(schedule, "40.00")

    assert paid(schedule) == [(1, D("0"), D("40.00"), None)]
    schedule.refresh_from_db()
    assert schedule.first_unpaid_due == FIRST_DUE
    assert schedule.outstanding_principal == D("1160.00")


def test_payment_early_covers_the_next_instalments():
    schedule = schedule_for()

    pay(schedule, "250.00", paid_on=datetime.date(2026, 12, 1))

    assert paid(schedule) == [
        (1, D("0"), D("100.00"), datetime.date(2026, 12, 1)),
        (2, D("0"), D("100.00"), datetime.date(2026, 12, 1)),
        (3, D("0"), D("50.00"), None),
    ]
    schedule.refresh_from_db()
    assert schedule.first_unpaid_due == datetime.date(2027, 3, 31)


def test_payment_late_settles_the_late_instalments_first():
    schedule = schedule_for()
    late_day = datetime.date(2027, 4, 15)  # three instalments are due

    pay(schedule, "300.00", paid_on=late_day)

    assert paid(schedule) == [(n, D("0"), D("100.00"), late_day) for n in (1, 2, 3)]
    schedule.refresh_from_db()
    assert schedule.first_unpaid_due == datetime.date(2027, 4, 30)


@pytest.mark.parametrize("amount", [D("0"), D("-10.00"), D("10.001"), 12.5, "abc"])
def test_payment_refuses_zero_negative_or_not_an_amount(amount):
    schedule = schedule_for()

    with pytest.raises(FinancingError) as caught:
        record_payment(schedule, amount=amount, currency="DZD", paid_on=PAID_ON, actor=None)

    assert caught.value.code == ErrorCode.INVALID_AMOUNT
    assert Payment.objects.count() == 0


def test_payment_refuses_the_wrong_currency():
    schedule = schedule_for()

    with pytest.raises(FinancingError) as caught:
        pay(schedule, "100.00", currency="MAD")

    assert caught.value.code == ErrorCode.CURRENCY_MISMATCH
    assert "DZD" in caught.value.message
    assert Payment.objects.count() == 0


def test_payment_refuses_more_than_is_owed():
    schedule = schedule_for()

    with pytest.raises(FinancingError) as caught:
        pay(schedule, "1200.01")

    assert caught.value.code == ErrorCode.OVERPAYMENT
    assert Payment.objects.count() == 0
    assert paid(schedule) == []


def test_payment_full_repayment_closes_the_schedule():
    schedule = schedule_for(interest_rate="6")
    total = sum(i.amount_due for i in schedule.instalments.all())

    pay(schedule, str(total))

    schedule.refresh_from_db()
    assert schedule.state == ScheduleState.CLOSED
    assert schedule.first_unpaid_due is None
    assert schedule.outstanding_principal == D("0")
    assert not schedule.instalments.filter(settled_on__isnull=True).exists()


def test_payment_refused_on_a_closed_schedule():
    schedule = schedule_for()
    pay(schedule, "1200.00")

    with pytest.raises(FinancingError) as caught:
        pay(schedule, "10.00")

    assert caught.value.code == ErrorCode.SCHEDULE_CLOSED
    assert Payment.objects.count() == 1


def test_payment_with_a_stale_version_is_refused():
    # Two officers opened the payment form at version 1; the first one's payment is saved.
    schedule = schedule_for()
    pay(schedule, "100.00", expected_version=1, client_uuid=uuid.uuid4())

    with pytest.raises(FinancingConflict) as caught:
        pay(schedule, "100.00", expected_version=1, client_uuid=uuid.uuid4())

    assert caught.value.code == "stale_edit"
    assert caught.value.status_code == 409
    assert Payment.objects.count() == 1
    assert paid(schedule) == [(1, D("0"), D("100.00"), PAID_ON)]


def test_payment_same_client_key_twice_is_stored_once():
    schedule = schedule_for()
    key = uuid.uuid4()

    first = pay(schedule, "100.00", client_uuid=key, expected_version=1)
    again = pay(schedule, "100.00", client_uuid=key, expected_version=1)

    assert again.pk == first.pk
    assert Payment.objects.count() == 1
    assert PaymentAllocation.objects.count() == 1
    schedule.refresh_from_db()
    assert schedule.outstanding_principal == D("1100.00")


def test_payment_is_audited_with_its_allocations():
    schedule = schedule_for()

    payment = pay(schedule, "150.00")

    entry = entries_for(payment).get()
    assert entry.action == "financing.payment.recorded"
    assert entry.data["allocations"] == [[1, "0.00", "100.00"], [2, "0.00", "50.00"]]
