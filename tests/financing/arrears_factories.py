"""Schedules with chosen instalments for the arrears tests, written directly (arrange
only), with `outstanding_principal` and `first_unpaid_due` kept as the payment service
keeps them: the principal not yet repaid, and the due date of the oldest instalment not
fully paid."""

from __future__ import annotations

import datetime
from decimal import Decimal

from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import LineDecision, ScheduleState
from rowad.financing.models import Instalment, RepaymentSchedule
from tests.financing.factories import PlanLineFactory

D = Decimal
AMOUNT = D("300000.00")
ZERO = D("0.00")


def repaid_line(plan, *, funder, amount=AMOUNT, kind=FinancingKind.BANK_LOAN, **fields):
    return PlanLineFactory(
        plan=plan,
        kind=kind,
        funder=funder,
        amount=amount,
        repaid=True,
        term_months=12,
        decision=LineDecision.APPROVED,
        approved_amount=amount,
        disbursed_amount=amount,
        **fields,
    )


def schedule_with(line, instalments, *, state=ScheduleState.ACTIVE, number=1) -> RepaymentSchedule:
    """`instalments`: (due_on, principal, interest, paid_principal, paid_interest) tuples."""
    principal = sum((i[1] for i in instalments), D("0.00"))
    paid = sum((i[3] for i in instalments), D("0.00"))
    unpaid = [i[0] for i in instalments if i[3] + i[4] < i[1] + i[2]]
    schedule = RepaymentSchedule.objects.create(
        line=line,
        number=number,
        state=state,
        currency=line.plan.currency,
        principal=principal,
        first_due=instalments[0][0],
        repaid=True,
        term_months=len(instalments),
        outstanding_principal=principal - paid,
        first_unpaid_due=min(unpaid) if unpaid else None,
    )
    Instalment.objects.bulk_create(
        Instalment(
            schedule=schedule,
            number=n,
            due_on=due,
            principal=p,
            interest=i,
            paid_principal=pp,
            paid_interest=pi,
            settled_on=due if pp + pi == p + i else None,
        )
        for n, (due, p, i, pp, pi) in enumerate(instalments, start=1)
    )
    return schedule


def monthly(first_due: datetime.date, count: int, principal: D, interest: D = ZERO, paid: int = 0):
    """`count` equal monthly instalments from `first_due`, the first `paid` of them paid."""
    rows = []
    for n in range(count):
        month = first_due.month - 1 + n
        due = first_due.replace(year=first_due.year + month // 12, month=month % 12 + 1)
        done = n < paid
        rows.append(
            (due, principal, interest, principal if done else D("0.00"), interest if done else D("0.00"))
        )
    return rows
