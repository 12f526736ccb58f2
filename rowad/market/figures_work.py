"""Work and money per enterprise, concentration and the sponsor's late payments — the
definitions are in `figures.py`'s docstring (the one module the page, the CSV and the API
call: `figures.compute`)."""

from __future__ import annotations

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet, Sum

from rowad.enterprises.models import Enterprise
from rowad.partners.models import Organization

from .models import Contract, ContractRating, Invoice, WorkOrder
from .queries import late_invoices

ZERO = Decimal("0")
TOP_SHARE = Decimal("0.10")


def money(value: Any) -> Decimal:
    """An amount with its two decimals (SQLite's sums drop them)."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def percent(part: Any, whole: Any) -> Decimal | None:
    """part / whole in percent, one decimal (None when whole is 0)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- per enterprise and concentration -----------------------------------------------------


def _enterprise_label(row: dict) -> str:
    return row["name_latin"] or row["name_ar"] or row["reference"]


def per_enterprise(orders: QuerySet[WorkOrder]) -> list[dict[str, Any]]:
    """One row per enterprise × currency that holds a contract of `orders`: contracts,
    contracted, accepted (invoiced) and paid amounts, mean rating. Three grouped queries."""
    ids = orders.values("pk")
    contracts = (
        Contract.objects.filter(order__in=ids)
        .values("enterprise_id", "currency")
        .annotate(contracts=Count("pk"), contracted=Sum("amount"))
        .order_by()
    )
    invoiced = {
        (r["milestone__contract__enterprise_id"], r["currency"]): r
        for r in Invoice.objects.filter(milestone__contract__order__in=ids)
        .values("milestone__contract__enterprise_id", "currency")
        .annotate(accepted=Sum("amount"), paid=Sum("paid_amount"))
        .order_by()
    }
    ratings = dict(
        ContractRating.objects.filter(contract__order__in=ids)
        .values("contract__enterprise_id")
        .annotate(score=Avg("score"))
        .values_list("contract__enterprise_id", "score")
    )
    contracts = list(contracts)
    names = {
        r["pk"]: r
        for r in Enterprise.objects.filter(pk__in={r["enterprise_id"] for r in contracts}).values(
            "pk", "reference", "name_ar", "name_latin"
        )
    }
    rows = []
    for row in contracts:
        key = (row["enterprise_id"], row["currency"])
        paid_row = invoiced.get(key, {})
        rating = ratings.get(row["enterprise_id"])
        rows.append(
            {
                "enterprise": row["enterprise_id"],
                "reference": names[row["enterprise_id"]]["reference"],
                "label": _enterprise_label(names[row["enterprise_id"]]),
                "currency": row["currency"],
                "contracts": row["contracts"],
                "contracted": money(row["contracted"]),
                "accepted": money(paid_row.get("accepted")),
                "paid": money(paid_row.get("paid")),
                "rating": None
                if rating is None
                else Decimal(rating).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            }
        )
    rows.sort(key=lambda r: (r["currency"], -r["contracted"], r["reference"]))
    return rows


def gini(amounts: list[Decimal]) -> Decimal | None:
    """Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), computed on the sorted amounts in O(n log n):
    Σᵢ (2i − n − 1) x₍ᵢ₎ / (n Σ x), i = 1…n. None with no amount at all."""
    values = sorted(amounts)
    n, total = len(values), sum(values, ZERO)
    if not n or not total:
        return None
    weighted = sum(((2 * i - n - 1) * x for i, x in enumerate(values, start=1)), ZERO)
    return (weighted / (n * total)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def concentration(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per currency, from the per-enterprise rows: enterprises with work, the top 10 % of
    them (rounded up) by contracted amount, their amount and share, and the Gini."""
    by_currency: dict[str, list[Decimal]] = {}
    for row in rows:
        by_currency.setdefault(row["currency"], []).append(row["contracted"])
    result = []
    for currency, amounts in sorted(by_currency.items()):
        amounts.sort(reverse=True)
        top = max(1, math.ceil(len(amounts) * TOP_SHARE))
        total = sum(amounts, ZERO)
        top_amount = sum(amounts[:top], ZERO)
        result.append(
            {
                "currency": currency,
                "enterprises": len(amounts),
                "top": top,
                "contracted": money(total),
                "top_amount": money(top_amount),
                "top_share": percent(top_amount, total),
                "gini": gini(amounts),
            }
        )
    return result


# --- late payments ------------------------------------------------------------------------


def late_payments(orders: QuerySet[WorkOrder], *, as_of: datetime.date) -> list[dict[str, Any]]:
    """Per sponsor × currency, the invoices `queries.late_invoices` calls late: their
    number, the amount still due, the mean and longest days late on `as_of`."""
    invoices = late_invoices(
        Invoice.objects.filter(milestone__contract__order__in=orders.values("pk")), as_of=as_of
    )
    groups: dict[tuple, dict[str, Any]] = {}
    for sponsor_id, currency, amount, paid, due_on in invoices.values_list(
        "milestone__contract__order__sponsor_id", "currency", "amount", "paid_amount", "due_on"
    ):
        group = groups.setdefault(
            (sponsor_id, currency), {"invoices": 0, "due": ZERO, "days": 0, "longest": 0}
        )
        days = (as_of - due_on).days
        group["invoices"] += 1
        group["due"] += amount - paid
        group["days"] += days
        group["longest"] = max(group["longest"], days)
    sponsors = {o.pk: str(o) for o in Organization.objects.filter(pk__in={k[0] for k in groups})}
    rows = [
        {
            "sponsor": sponsor_id,
            "label": sponsors.get(sponsor_id, "—"),
            "currency": currency,
            "invoices": g["invoices"],
            "due": money(g["due"]),
            "mean_days": (Decimal(g["days"]) / g["invoices"]).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            ),
            "longest_days": g["longest"],
        }
        for (sponsor_id, currency), g in groups.items()
    ]
    rows.sort(key=lambda r: (r["currency"], -r["due"], r["label"]))
    return rows
