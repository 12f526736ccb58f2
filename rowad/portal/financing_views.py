"""The holder's repayments: one calendar of everything they owe across every line and
funder of all their dossiers (due, of which the state's interest shown apart and not owed,
paid, remaining, late), the totals, the payments made, and the financing plan summary.
Reads go through rowad.financing.queries, limited to the holder's own dossiers: three
queries whatever the number of dossiers, lines and instalments."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.financing.enums import ScheduleState
from rowad.financing.money import format_money
from rowad.financing.queries import instalments_visible_to, lines_visible_to, payments_visible_to

from .views import holder_required

HOLDER = (Role.PROJECT_HOLDER,)
ZERO = Decimal("0.00")
COUNTRY_OF_CURRENCY = {"DZD": "DZ", "MAD": "MA"}


def _own(qs: QuerySet, user: Any, holders_path: str) -> QuerySet:
    """The queries limit a holder to their dossiers; a platform admin reads everything
    there, so on this page they too see only the dossiers they hold (none without a
    person)."""
    scope = scope_for(user)
    if not scope.is_platform_admin:
        return qs
    if scope.person_id is None:
        return qs.none()
    return qs.filter(**{holders_path: scope.person_id})


def own_instalments(user: Any) -> QuerySet:
    qs = (
        instalments_visible_to(user, roles=HOLDER)
        .exclude(schedule__state=ScheduleState.SUPERSEDED)
        .select_related("schedule__line__funder", "schedule__line__plan__dossier")
        .order_by("due_on", "schedule__line__position", "pk")
    )
    return _own(qs, user, "schedule__line__plan__dossier__holders")


def own_payments(user: Any) -> QuerySet:
    qs = (
        payments_visible_to(user, roles=HOLDER)
        .select_related("schedule__line__funder", "schedule__line__plan__dossier")
        .order_by("-paid_on", "-pk")
    )
    return _own(qs, user, "schedule__line__plan__dossier__holders")


def own_lines(user: Any) -> QuerySet:
    qs = lines_visible_to(user, roles=HOLDER).order_by("plan__dossier_id", "position", "pk")
    return _own(qs, user, "plan__dossier__holders")


def money(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency, country=COUNTRY_OF_CURRENCY.get(currency))


def _funder(line) -> str:
    return line.funder.name if line.funder is not None else line.get_kind_display()


def calendar(instalments, *, today) -> tuple[list[dict], list[dict]]:
    """The calendar rows and the totals per currency (a holder's plans may be in two)."""
    rows = []
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for instalment in instalments:
        schedule = instalment.schedule
        currency = schedule.currency
        due = instalment.principal + instalment.interest
        paid = instalment.paid_principal + instalment.paid_interest
        remaining = due - paid
        days_late = (today - instalment.due_on).days if remaining > 0 and instalment.due_on < today else 0
        total = sums[currency]
        total["due"] += due
        total["subsidised"] += instalment.subsidised_interest
        total["paid"] += paid
        total["remaining"] += remaining
        if days_late:
            total["late"] += remaining
        rows.append(
            {
                "pk": instalment.pk,
                "due_on": instalment.due_on,
                "funder": _funder(schedule.line),
                "dossier": schedule.line.plan.dossier,
                "due": money(due, currency),
                "subsidised": money(instalment.subsidised_interest, currency)
                if instalment.subsidised_interest
                else "",
                "paid": money(paid, currency),
                "remaining": money(remaining, currency),
                "days_late": days_late,
                "settled": remaining <= 0,
            }
        )
    totals = [
        {
            "currency": currency,
            "late_raw": total["late"],
            **{key: money(value, currency) for key, value in total.items()},
        }
        for currency, total in sorted(sums.items())
    ]
    for total in totals:
        for key in ("due", "subsidised", "paid", "remaining", "late"):
            total.setdefault(key, money(ZERO, total["currency"]))
    return rows, totals


def plan_summary(lines) -> list[dict]:
    """Per plan: its funders with the amount requested, approved and disbursed."""
    plans: dict[int, dict] = {}
    for line in lines:
        plan = line.plan
        entry = plans.setdefault(
            plan.pk,
            {
                "plan": plan,
                "dossier": plan.dossier,
                "investment": money(plan.investment, plan.currency),
                "lines": [],
                "approved": ZERO,
                "disbursed": ZERO,
            },
        )
        entry["approved"] += line.approved_amount or ZERO
        entry["disbursed"] += line.disbursed_amount
        entry["lines"].append(
            {
                "funder": _funder(line),
                "kind": line.get_kind_display(),
                "amount": money(line.amount, plan.currency),
                "decision": line.get_decision_display(),
                "approved": money(line.approved_amount, plan.currency)
                if line.approved_amount is not None
                else "",
                "disbursed": money(line.disbursed_amount, plan.currency),
            }
        )
    for entry in plans.values():
        entry["approved"] = money(entry["approved"], entry["plan"].currency)
        entry["disbursed"] = money(entry["disbursed"], entry["plan"].currency)
    return list(plans.values())


@holder_required
def repayments(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows, totals = calendar(own_instalments(request.user), today=today)
    payments = [
        {
            "paid_on": payment.paid_on,
            "funder": _funder(payment.schedule.line),
            "dossier": payment.schedule.line.plan.dossier,
            "amount": money(payment.amount, payment.currency),
            "reference": payment.reference,
        }
        for payment in own_payments(request.user)
    ]
    plans = plan_summary(own_lines(request.user))
    dossiers = {row["dossier"].pk for row in rows} | {entry["dossier"].pk for entry in plans}
    return render(
        request,
        "portal/repayments.html",
        {
            "rows": rows,
            "totals": totals,
            "payments": payments,
            "plans": plans,
            "several_dossiers": len(dossiers) > 1,
            "today": today,
        },
    )
