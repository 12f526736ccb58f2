"""Arrange lines and schedules for the schedule and payment tests (factories, then the
services under test)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import Frequency, InterestBearer, LineDecision
from rowad.financing.services.schedules import generate_schedule
from tests.financing.factories import PlanLineFactory

FIRST_DUE = datetime.date(2027, 1, 31)


def repaid_line(
    amount: str = "1200.00",
    *,
    term_months: int = 12,
    grace_months: int = 0,
    interest_rate: str = "0",
    interest_borne_by: str = InterestBearer.HOLDER,
    frequency: str = Frequency.MONTHLY,
    decision: str = LineDecision.APPROVED,
    **kwargs,
):
    return PlanLineFactory(
        kind=FinancingKind.AGENCY_LOAN,
        repaid=True,
        term_months=term_months,
        grace_months=grace_months,
        interest_rate=Decimal(interest_rate),
        interest_borne_by=interest_borne_by,
        frequency=frequency,
        amount=Decimal(amount),
        decision=decision,
        decided_on=datetime.date(2026, 6, 1),
        approved_amount=Decimal(amount),
        **kwargs,
    )


def schedule_for(amount: str = "1200.00", *, actor=None, first_due=FIRST_DUE, **terms):
    """A schedule of 12 monthly instalments of 100 by default (interest-free)."""
    return generate_schedule(repaid_line(amount, **terms), first_due=first_due, actor=actor)
