"""The one definition of each market figure: the page, the CSV export and the API all call
`compute()` over the orders the reader reaches (`queries.orders_visible_to`), narrowed by
the filter bar (`clean_filters`: period from/to on `starts_on`, programme, province,
specialty, sponsor). Money is summed per currency: every table has one row per currency
(DZD and MAD are never added together).

- **Demand**: the sponsor's orders, cancelled ones left out (a cancelled order asked for
  nothing in the end): their number and estimated amount, by specialty and by province.
- **Met**: orders whose work went to one of the programme's enterprises — awarded, under
  contract or completed (`enums.AWARDED_STATES`) — their number and estimated amount, and
  their share of the demand (both in percent); **unfilled**: orders no eligible
  enterprise could take (status UNFILLED).
- **Per enterprise**: contracts (every contract of the orders, whatever its state), the
  contracted amount, the accepted amount (invoiced: one invoice per accepted milestone),
  the paid amount, and the mean contract rating (0–100; none before a contract completes).
- **Concentration**, per currency, over the enterprises that received work (a contract):
  the share of the contracted amount going to the top 10 % of them by contracted amount
  (n × 10 % rounded up: at least one enterprise), and the Gini coefficient of the
  contracted amounts, G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄): 0 when every enterprise received
  the same, towards 1 when one received everything (n = 1 gives 0).
- **Late payments** of the sponsor: `queries.late_invoices` (not paid in full after the
  due date) — their number, the amount still due, the mean and longest days late.
- **Reserved share**: of the buyer's orders (the demand above), the estimated amount of
  those reserved for micro-enterprises (`reserved_for_micro`) and awarded to the
  programme's enterprises, over the amount of all its orders, in percent, per country,
  beside the share the country's procurement rules reserve
  (`settings.ROWAD_MICRO_RESERVED_SHARE`).
- **Gap** between demand and certified supply: see `gap.py`.

Every figure is a handful of aggregate queries (grouped, conditional counts and sums);
nothing loops over orders in Python."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from rowad.core.errors import DomainError
from rowad.core.inputs import parse_id
from rowad.core.models import Province
from rowad.partners.models import Organization, Programme, Specialty

from .enums import AWARDED_STATES, OrderStatus
from .figures_work import concentration, late_payments, money, per_enterprise, percent
from .models import WorkOrder

ZERO = Decimal("0")
FILTERS = ("date_from", "date_to", "programme", "province", "specialty", "sponsor")
DATE_FILTERS = ("date_from", "date_to")


def clean_filters(params: Mapping[str, Any] | None) -> tuple[dict[str, Any], list[str]]:
    """The filter-bar part of `params` (request.GET or a dict): {name: int | date}, and the
    names given with a value that is not valid (left out)."""
    params = params or {}
    cleaned: dict[str, Any] = {}
    bad: list[str] = []
    for name in FILTERS:
        value = params.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, datetime.date) and name in DATE_FILTERS:
            cleaned[name] = value
            continue
        value = str(value).strip()
        try:
            cleaned[name] = (
                datetime.date.fromisoformat(value) if name in DATE_FILTERS else parse_id(value, name, name)
            )
        except (ValueError, DomainError):
            bad.append(name)
    if "date_from" in cleaned and "date_to" in cleaned and cleaned["date_from"] > cleaned["date_to"]:
        bad.append("date_to")
        del cleaned["date_to"]
    return cleaned, bad


def filter_orders(orders: QuerySet[WorkOrder], filters: Mapping[str, Any], *, dates: bool = True) -> QuerySet:
    """`orders` narrowed by the cleaned filters (`dates=False`: not by the period)."""
    for name in ("programme", "province", "specialty", "sponsor"):
        if name in filters:
            orders = orders.filter(**{f"{name}_id": filters[name]})
    if dates and "date_from" in filters:
        orders = orders.filter(starts_on__gte=filters["date_from"])
    if dates and "date_to" in filters:
        orders = orders.filter(starts_on__lte=filters["date_to"])
    return orders.order_by()


def demand_of(orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """The orders that count as demand: every one but the cancelled."""
    return orders.exclude(status=OrderStatus.CANCELLED)


# --- demand and the share met --------------------------------------------------------------

MET = Q(status__in=AWARDED_STATES)
DEMAND_SUMS = {
    "orders": Count("pk"),
    "amount": Sum("estimated_amount"),
    "met": Count("pk", filter=MET),
    "met_amount": Sum("estimated_amount", filter=MET),
    "unfilled": Count("pk", filter=Q(status=OrderStatus.UNFILLED)),
    "reserved_met_amount": Sum("estimated_amount", filter=MET & Q(reserved_for_micro=True)),
}
DEMAND_KEYS = tuple(DEMAND_SUMS)


def _demand_row(key: Any, label: str, currency: str, sums: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "currency": currency,
        "orders": sums["orders"],
        "amount": money(sums["amount"]),
        "met": sums["met"],
        "met_amount": money(sums["met_amount"]),
        "unfilled": sums["unfilled"],
        "met_share": percent(sums["met"], sums["orders"]),
        "met_amount_share": percent(sums["met_amount"] or ZERO, sums["amount"] or ZERO),
    }


def _fold(rows: list[dict], key: str | None) -> dict[tuple, dict[str, Any]]:
    """Add the grouped sums up by (key, currency) (key None: by currency only)."""
    folded: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        group = (None if key is None else row[key], row["currency"])
        sums = folded.setdefault(group, {name: 0 for name in DEMAND_KEYS})
        for name in DEMAND_KEYS:
            sums[name] += row[name] or 0
    return folded


def _labelled(folded: dict[tuple, dict], labels: dict[Any, str]) -> list[dict]:
    rows = [
        _demand_row(key, labels.get(key, "—"), currency, sums) for (key, currency), sums in folded.items()
    ]
    rows.sort(key=lambda r: (r["currency"], -r["orders"], r["label"]))
    return rows


def _country_of_currency(grouped: list[dict]) -> dict[str, str]:
    countries = dict(
        Province.objects.filter(pk__in={r["province_id"] for r in grouped}).values_list("pk", "country_id")
    )
    return {r["currency"]: countries.get(r["province_id"], "") for r in grouped}


def demand_tables(orders: QuerySet[WorkOrder]) -> dict[str, list[dict]]:
    """Demand and met, per currency ("total"), by specialty and by province: ONE query
    grouped by specialty × province × currency, added up per table. Each row: key, label,
    currency, orders, amount, met, met_amount, unfilled, met_share, met_amount_share; the
    total rows also carry the reserved share (see the module docstring)."""
    grouped = list(
        demand_of(orders).values("specialty_id", "province_id", "currency").annotate(**DEMAND_SUMS).order_by()
    )
    specialties = {
        s.pk: s.name for s in Specialty.objects.filter(pk__in={r["specialty_id"] for r in grouped})
    }
    provinces = {p.pk: str(p) for p in Province.objects.filter(pk__in={r["province_id"] for r in grouped})}
    countries = _country_of_currency(grouped)
    totals = []
    for (_key, currency), sums in sorted(_fold(grouped, None).items(), key=lambda kv: kv[0][1]):
        row = _demand_row(None, _("Total"), currency, sums)
        country = countries.get(currency, "")
        row["country"] = country
        row["reserved_met_amount"] = money(sums["reserved_met_amount"])
        row["reserved_share"] = percent(row["reserved_met_amount"], row["amount"])
        target = settings.ROWAD_MICRO_RESERVED_SHARE.get(country)
        row["reserved_target"] = target
        row["reserved_reached"] = (
            None if target is None or row["reserved_share"] is None else row["reserved_share"] >= target
        )
        totals.append(row)
    return {
        "total": totals,
        "specialty": _labelled(_fold(grouped, "specialty_id"), specialties),
        "province": _labelled(_fold(grouped, "province_id"), provinces),
    }


# --- everything -------------------------------------------------------------------------------


@dataclass
class Figures:
    as_of: datetime.date
    filters: dict[str, Any]
    demand: dict[str, list[dict]]
    enterprises: list[dict]
    concentration: list[dict]
    late: list[dict]
    gap: Any = None
    programmes: list = field(default_factory=list)


def compute(
    orders: QuerySet[WorkOrder],
    *,
    params: Mapping[str, Any] | None = None,
    as_of: datetime.date | None = None,
) -> Figures:
    """Every figure of the page over `orders` (the reader's scope) and the filter bar."""
    from .gap import gap_figures

    as_of = as_of or datetime.date.today()
    filters, _bad = clean_filters(params)
    filtered = filter_orders(orders, filters)
    enterprises = per_enterprise(filtered)
    return Figures(
        as_of=as_of,
        filters=filters,
        demand=demand_tables(filtered),
        enterprises=enterprises,
        concentration=concentration(enterprises),
        late=late_payments(filtered, as_of=as_of),
        gap=gap_figures(filter_orders(orders, filters, dates=False), as_of=as_of),
    )


def filter_choices(orders: QuerySet[WorkOrder]) -> dict[str, list[tuple[int, str]]]:
    """The filter bar's choices: what the reader's orders use."""
    orders = orders.order_by()
    return {
        "programme": [(p.pk, p.name) for p in Programme.objects.filter(pk__in=orders.values("programme_id"))],
        "province": [
            (p.pk, str(p))
            for p in Province.objects.filter(pk__in=orders.values("province_id")).order_by("country", "code")
        ],
        "specialty": [(s.pk, s.name) for s in Specialty.objects.filter(pk__in=orders.values("specialty_id"))],
        "sponsor": [(o.pk, str(o)) for o in Organization.objects.filter(pk__in=orders.values("sponsor_id"))],
    }
