"""Factories of repayment schedules and instalments. They write rows directly (arrange
only, for the reminders and the holder's calendar); tests of schedule generation go
through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import Currency, LineDecision, ScheduleState
from rowad.financing.models import Instalment, Payment, RepaymentSchedule
from tests.financing.factories import PlanFactory, PlanLineFactory


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepaymentSchedule

    line = factory.SubFactory(
        PlanLineFactory,
        plan=factory.SubFactory(
            PlanFactory, dossier=factory.SubFactory("tests.committees.factories.DossierFactory")
        ),
        kind=FinancingKind.AGENCY_LOAN,
        repaid=True,
        term_months=12,
        decision=LineDecision.APPROVED,
        approved_amount=factory.SelfAttribute("amount"),
    )
    repaid = True
    term_months = 12
    state = ScheduleState.ACTIVE
    currency = factory.LazyAttribute(lambda s: s.line.plan.currency or Currency.DZD)
    principal = factory.LazyAttribute(lambda s: s.line.approved_amount or s.line.amount)
    outstanding_principal = factory.SelfAttribute("principal")
    first_due = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class InstalmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instalment

    schedule = factory.SubFactory(ScheduleFactory)
    number = factory.Sequence(lambda n: n + 1)
    due_on = factory.LazyAttribute(lambda i: i.schedule.first_due)
    principal = Decimal("10000.00")
    interest = Decimal("0.00")
    subsidised_interest = Decimal("0.00")


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    schedule = factory.SubFactory(ScheduleFactory)
    amount = Decimal("10000.00")
    currency = factory.LazyAttribute(lambda p: p.schedule.currency)
    paid_on = factory.LazyFunction(datetime.date.today)


def monthly_instalments(schedule, count: int, *, first_due: datetime.date | None = None, **fields):
    """`count` monthly instalments of `schedule` from `first_due` (its first due date)."""
    start = first_due or schedule.first_due
    made = []
    for index in range(count):
        month = start.month - 1 + index
        due = start.replace(year=start.year + month // 12, month=month % 12 + 1, day=min(start.day, 28))
        made.append(InstalmentFactory(schedule=schedule, number=index + 1, due_on=due, **fields))
    return made
