"""Arrears and portfolio at risk: each figure is defined once here; the caseload, the PAR
report, its CSV export and the API read these functions.

Everything is computed in the database (aggregates and correlated subqueries, one query
per call), on SQLite and PostgreSQL alike. The per-schedule figures read the two columns
the payment service keeps on each schedule — `outstanding_principal` and
`first_unpaid_due` (the due date of the oldest instalment not fully paid) — so the
portfolio report reads one row per schedule, never its instalments.

Definitions (as of a date, with the payments recorded so far):
- days late: `as_of − first_unpaid_due` in days when the oldest unpaid instalment fell due
  before `as_of`, else 0;
- amount late: what the holder still owes (principal + the holder's interest − paid) on
  the instalments that fell due before `as_of`; the interest the state pays is not the
  holder's and is not counted;
- PAR30 / PAR90 (portfolio at risk, the microfinance definition): the *whole* outstanding
  principal of the schedules more than 30 / 90 days late — not only their late
  instalments — and its rate over the whole outstanding principal of the group.
Only active schedules count (a repaid schedule has nothing outstanding; a superseded one
is replaced by its rescheduling). Amounts never mix currencies: each row is one currency.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from rowad.core.models import Province
from rowad.partners.models import Organization, Programme

from .enums import ScheduleState
from .models import MONEY_DIGITS, MONEY_PLACES, ZERO, Instalment, RepaymentSchedule
from .money import to_cents

PAR_THRESHOLDS = (30, 90)
# What a portfolio report groups by: the column of the schedule that holds the key.
GROUPINGS: dict[str, str] = {
    "programme": "line__plan__dossier__programme_id",
    "funder": "line__funder_id",
    "province": "line__plan__dossier__province_id",
    "officer": "line__plan__officer_id",
}
HUNDRED = Decimal("100")
RATE_PLACES = Decimal("0.01")


def _money() -> DecimalField:
    return DecimalField(max_digits=MONEY_DIGITS + 4, decimal_places=MONEY_PLACES)


class DaysBetween(Func):
    """`later − earlier` in whole days, as an integer, on SQLite and PostgreSQL."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date − date is an integer number of days.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def _date(value: datetime.date) -> Value:
    return Value(value, output_field=DateField())


def late_since(as_of: datetime.date, days: int = 0) -> datetime.date:
    """A schedule is more than `days` days late on `as_of` when its oldest unpaid
    instalment fell due before this date."""
    return as_of - datetime.timedelta(days=days)


def amount_late_subquery(as_of: datetime.date) -> Coalesce:
    """What the holder still owes on a schedule's instalments due before `as_of`."""
    remaining = (
        Instalment.objects.filter(schedule=OuterRef("pk"), due_on__lt=as_of)
        .order_by()
        .values("schedule")
        .annotate(
            late=Sum(
                F("principal") + F("interest") - F("paid_principal") - F("paid_interest"),
                output_field=_money(),
            )
        )
        .values("late")
    )
    return Coalesce(Subquery(remaining, output_field=_money()), Value(ZERO), output_field=_money())


def arrears_by_schedule(schedules_qs: QuerySet[RepaymentSchedule], *, as_of: datetime.date) -> QuerySet:
    """The active schedules of `schedules_qs` annotated with `days_late` (int) and
    `amount_late` (Decimal) on `as_of` (see the module's definitions). One query."""
    return schedules_qs.filter(state=ScheduleState.ACTIVE).annotate(
        days_late=Case(
            When(
                first_unpaid_due__lt=as_of,
                then=DaysBetween(_date(as_of), F("first_unpaid_due")),
            ),
            default=Value(0),
            output_field=IntegerField(),
        ),
        amount_late=amount_late_subquery(as_of),
    )


def late_schedules(schedules_qs: QuerySet[RepaymentSchedule], *, as_of: datetime.date) -> QuerySet:
    """The arrears of the schedules late on `as_of` (the officer's caseload)."""
    return arrears_by_schedule(schedules_qs, as_of=as_of).filter(first_unpaid_due__lt=as_of)


def _aggregates(as_of: datetime.date) -> dict[str, Any]:
    par = {
        f"par{days}": Coalesce(
            Sum(
                "outstanding_principal",
                filter=Q(first_unpaid_due__lt=late_since(as_of, days)),
                output_field=_money(),
            ),
            Value(ZERO),
            output_field=_money(),
        )
        for days in PAR_THRESHOLDS
    }
    return {
        "outstanding": Coalesce(
            Sum("outstanding_principal", output_field=_money()), Value(ZERO), output_field=_money()
        ),
        **par,
        "late_count": Count("pk", filter=Q(first_unpaid_due__lt=as_of)),
        "schedule_count": Count("pk"),
    }


def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, to the hundredth (None when nothing is outstanding)."""
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    # To the cent as stored (SQLite hands sums back without their scale).
    for name in ("outstanding", *(f"par{days}" for days in PAR_THRESHOLDS)):
        row[name] = to_cents(Decimal(row[name]))
    for days in PAR_THRESHOLDS:
        row[f"par{days}_rate"] = _rate(row[f"par{days}"], row["outstanding"])
    return row


def _labels(by: str, keys: list[Any]) -> dict[Any, str]:
    ids = [k for k in keys if k is not None]
    if by == "programme":
        return {p.pk: p.name for p in Programme.objects.filter(pk__in=ids)}
    if by == "funder":
        return {o.pk: o.name for o in Organization.objects.filter(pk__in=ids)}
    if by == "province":
        return {p.pk: str(p) for p in Province.objects.filter(pk__in=ids)}
    return {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=ids)}


def _none_label(by: str) -> str:
    return {
        "programme": _("No programme"),
        "funder": _("No funder"),
        "province": _("No province"),
        "officer": _("No officer in charge"),
    }[by]


def portfolio_at_risk(
    schedules_qs: QuerySet[RepaymentSchedule], *, as_of: datetime.date, by: str
) -> list[dict[str, Any]]:
    """Portfolio at risk of `schedules_qs` (already scoped to the reader) on `as_of`,
    grouped `by` programme | funder | province | officer (the plan's officer in charge),
    one row per group and currency:
    {key, label, currency, outstanding, par30, par90, par30_rate, par90_rate, late_count,
    schedule_count}.

    PAR30 (PAR90) is the microfinance figure: the outstanding principal of the schedules
    whose oldest unpaid instalment is more than 30 (90) days late — their whole
    outstanding principal, not only the late instalments — and par30_rate its share, in
    percent to the hundredth, of all the outstanding principal of the row (None when
    nothing is outstanding). Amounts are exact Decimals; one aggregate query."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    column = GROUPINGS[by]
    rows = list(
        schedules_qs.filter(state=ScheduleState.ACTIVE)
        .order_by()
        .values(key=F(column), currency_code=F("currency"))
        .annotate(**_aggregates(as_of))
        .order_by()
    )
    labels = _labels(by, [row["key"] for row in rows])
    result = []
    for row in rows:
        label = labels.get(row["key"], str(row["key"])) if row["key"] is not None else _none_label(by)
        result.append(
            _finish(
                {
                    "key": row["key"],
                    "label": label,
                    "currency": row["currency_code"],
                    "outstanding": row["outstanding"],
                    **{f"par{days}": row[f"par{days}"] for days in PAR_THRESHOLDS},
                    "late_count": row["late_count"],
                    "schedule_count": row["schedule_count"],
                }
            )
        )
    result.sort(key=lambda r: (r["currency"], r["key"] is None, r["label"]))
    return result


def portfolio_totals(
    schedules_qs: QuerySet[RepaymentSchedule], *, as_of: datetime.date
) -> list[dict[str, Any]]:
    """The same figures over the whole of `schedules_qs`, one row per currency."""
    rows = (
        schedules_qs.filter(state=ScheduleState.ACTIVE)
        .order_by()
        .values(currency_code=F("currency"))
        .annotate(**_aggregates(as_of))
        .order_by("currency_code")
    )
    return [
        _finish(
            {
                "key": None,
                "label": _("Total"),
                "currency": row["currency_code"],
                "outstanding": row["outstanding"],
                **{f"par{days}": row[f"par{days}"] for days in PAR_THRESHOLDS},
                "late_count": row["late_count"],
                "schedule_count": row["schedule_count"],
            }
        )
        for row in rows
    ]
