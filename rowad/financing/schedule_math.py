"""The instalments of a repaid line, computed from its terms (pure: no database, Decimal only).

Rules (docs/financing-schedules.md says the same for the officers):

- **Periods.** A period lasts the frequency's months (monthly 1, quarterly 3). The term
  and the grace period are whole numbers of periods: `term_months / months` periods in
  all, of which `grace_months / months` are of grace. A term or a grace period that is not
  a whole number of periods, or a grace period as long as the term, is refused
  (`ScheduleTermsError`).
- **Due dates.** Period k (1, 2, …) falls due `(k − 1) × months` calendar months after
  `first_due`, the end of the first period; the day is clamped to the month's end
  (31 January + 1 month = 28 or 29 February; each date is counted from `first_due`, so the
  day comes back to 31 in March).
- **Interest.** Each period the outstanding principal (at the start of the period) earns
  `rate × months / 12` (the annual rate in %), rounded to the cent, paid in that period —
  in the grace period too. When the interest is borne by a subsidy it is recorded as
  `subsidised_interest` (the state pays it; shown apart) and the holder's `interest` is 0.
- **Grace.** No principal is due during the grace period.
- **Repayment.** After the grace period, the principal is repaid in equal instalments:
  for an interest-free loan, or one whose interest is subsidised, equal principal parts
  (`principal / n` rounded to the cent); for an interest the holder bears, the annuity
  `A = P·r / (1 − (1 + r)^−n)` rounded to the cent, i.e. a constant principal + interest,
  whose principal part is `A − interest`.
- **Rounding.** Every amount is rounded to the cent half up (`ROUND_HALF_UP`); the last
  instalment takes whatever principal is left, so the principal parts sum to the
  principal exactly (a part is never more than what is still outstanding).
- **Nothing owed, nothing listed.** A period in which nobody owes anything (the grace
  period of an interest-free loan) is not listed; instalments are numbered 1, 2, … over
  those listed. An interest-free loan of 96 months with 36 of grace thus has 60
  instalments, the first falling due 36 months after `first_due`.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
TWELVE = Decimal("12")
# Months between two instalments, by Frequency value.
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3}
SUBSIDY = "subsidy"


class ScheduleTermsError(ValueError):
    """Terms from which no schedule can be built; `reason` names which (see the services'
    translated messages)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


try:  # dateutil when installed, the standard library otherwise (same results)
    from dateutil.relativedelta import relativedelta
except ImportError:  # pragma: no cover
    relativedelta = None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus calendar months, the day clamped to the month's end."""
    if relativedelta is not None:
        return day + relativedelta(months=months)
    index = day.year * 12 + day.month - 1 + months  # pragma: no cover
    year, month = divmod(index, 12)  # pragma: no cover
    last = calendar.monthrange(year, month + 1)[1]  # pragma: no cover
    return datetime.date(year, month + 1, min(day.day, last))  # pragma: no cover


@dataclass(frozen=True)
class Terms:
    """A loan's terms as LoanTerms holds them."""

    term_months: int
    grace_months: int = 0
    interest_rate: Decimal = Decimal("0")
    interest_borne_by: str = "holder"
    frequency: str = "monthly"

    @classmethod
    def of(cls, terms: Any, **overrides: Any) -> Terms:
        """From any LoanTerms (a line, a schedule), `overrides` that are not None replacing
        its values."""
        values = {
            "term_months": terms.term_months,
            "grace_months": terms.grace_months or 0,
            "interest_rate": Decimal(terms.interest_rate or 0),
            "interest_borne_by": str(terms.interest_borne_by),
            "frequency": str(terms.frequency),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def months(self) -> int:
        return PERIOD_MONTHS[self.frequency]

    @property
    def subsidised(self) -> bool:
        return self.interest_borne_by == SUBSIDY

    @property
    def period_rate(self) -> Decimal:
        """The rate of one period, unrounded (e.g. 6 % monthly: 0.005)."""
        return Decimal(self.interest_rate) / HUNDRED * self.months / TWELVE


@dataclass(frozen=True)
class Row:
    number: int
    due_on: datetime.date
    principal: Decimal
    interest: Decimal  # owed by the holder
    subsidised_interest: Decimal  # paid by the state, shown apart

    @property
    def amount_due(self) -> Decimal:
        """What the holder pays."""
        return self.principal + self.interest


def check_terms(terms: Terms) -> None:
    if terms.frequency not in PERIOD_MONTHS:
        raise ScheduleTermsError("frequency")
    if not terms.term_months or terms.term_months <= 0:
        raise ScheduleTermsError("no_term")
    if terms.grace_months < 0 or terms.grace_months >= terms.term_months:
        raise ScheduleTermsError("grace_too_long")
    if terms.term_months % terms.months or terms.grace_months % terms.months:
        raise ScheduleTermsError("not_whole_periods")
    if Decimal(terms.interest_rate) < 0:
        raise ScheduleTermsError("negative_rate")


def _annuity(principal: Decimal, rate: Decimal, periods: int) -> Decimal:
    with localcontext() as context:
        context.prec = 40
        return cents(principal * rate / (1 - (1 + rate) ** -periods))


def instalments(principal: Decimal, terms: Terms, first_due: datetime.date) -> list[Row]:
    """The instalments of `principal` (a Decimal of cents, > 0) under `terms`."""
    if not isinstance(principal, Decimal) or not principal.is_finite() or principal <= 0:
        raise ScheduleTermsError("principal")
    if cents(principal) != principal:
        raise ScheduleTermsError("principal")
    check_terms(terms)
    periods = terms.term_months // terms.months
    grace = terms.grace_months // terms.months
    repaying = periods - grace
    rate = terms.period_rate
    annuity = None
    if rate > 0 and not terms.subsidised:
        annuity = _annuity(principal, rate, repaying)
    equal_part = cents(principal / repaying)

    rows: list[Row] = []
    outstanding = principal
    for period in range(1, periods + 1):
        interest = cents(outstanding * rate)
        if period <= grace:
            part = ZERO
        elif period == periods:
            part = outstanding
        elif annuity is not None:
            part = min(annuity - interest, outstanding)
        else:
            part = min(equal_part, outstanding)
        outstanding -= part
        holder_interest, state_interest = (ZERO, interest) if terms.subsidised else (interest, ZERO)
        if part == 0 and interest == 0:
            continue
        rows.append(
            Row(
                number=len(rows) + 1,
                due_on=add_months(first_due, (period - 1) * terms.months),
                principal=part,
                interest=holder_interest,
                subsidised_interest=state_interest,
            )
        )
    return rows
