"""What the order's page shows besides the order: the live eligibility of the candidates
with the reason for each rule, every allocation with why its enterprise won (in words),
the candidates it recorded, and the quotes (their count while sealed, prices after)."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import eligibility, queries
from ..enums import AllocationMethod, OfferStatus, OrderStatus
from ..models import Allocation, Equipment, WorkOrder
from ..services.common import now, today

OFFER_BADGES = {
    OfferStatus.OFFERED: "text-bg-warning",
    OfferStatus.ACCEPTED: "text-bg-success",
    OfferStatus.DECLINED: "text-bg-secondary",
    OfferStatus.EXPIRED: "text-bg-secondary",
    OfferStatus.WITHDRAWN: "text-bg-light",
}
STATUS_BADGES = {
    OrderStatus.OPEN: "text-bg-primary",
    OrderStatus.QUOTING: "text-bg-info",
    OrderStatus.OFFERED: "text-bg-warning",
    OrderStatus.AWARDED: "text-bg-success",
    OrderStatus.CONTRACTED: "text-bg-success",
    OrderStatus.COMPLETED: "text-bg-secondary",
    OrderStatus.UNFILLED: "text-bg-danger",
    OrderStatus.CANCELLED: "text-bg-dark",
}


def _n(value: Any) -> str:
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def describe_reason(allocation: Allocation) -> str:
    """Why the allocation's enterprise won, in the reader's language (safe HTML)."""
    reason = allocation.reason or {}
    p = reason.get("params") or {}
    currency = allocation.order.currency
    code = reason.get("code")
    if code == "least_served":
        return format_html(
            _(
                "Least served of {candidates} eligible enterprise(s): {served} {currency} over {orders} "
                "order(s) in the last 12 months."
            ),
            candidates=_n(p.get("candidates", "?")),
            served=_n(p.get("served", "0")),
            currency=currency,
            orders=_n(p.get("orders", 0)),
        )
    if code == "best_score":
        if p.get("next") is None:
            return format_html(
                _("Best score ({score}/100), the only eligible enterprise."), score=_n(p.get("score"))
            )
        return format_html(
            _("Best score of {candidates} eligible enterprise(s): {score}/100 (next: {next}/100)."),
            candidates=_n(p.get("candidates", "?")),
            score=_n(p.get("score")),
            next=_n(p.get("next")),
        )
    if code == "lowest_price":
        if p.get("next") is None:
            return format_html(
                _("Lowest price: {price} {currency}, the only eligible quote."),
                price=_n(p.get("price")),
                currency=currency,
            )
        return format_html(
            _("Lowest price of {quotes} eligible quote(s): {price} {currency} (next: {next} {currency})."),
            quotes=_n(p.get("quotes", "?")),
            price=_n(p.get("price")),
            next=_n(p.get("next")),
            currency=currency,
        )
    if code == "override":
        return _("Chosen by an officer instead of the rule (override); the reason is below.")
    return code or "—"


def described(line: dict[str, Any], names: dict[int, str]) -> dict[str, Any]:
    """A rule line in words; its reason is safe HTML (trusted message, escaped values)."""
    result = eligibility.describe(line, html=True, equipment_names=names)
    result["reason"] = mark_safe(result["reason"])  # params escaped by describe(html=True)  # nosec B308 B703
    return result


def _equipment_names() -> dict[int, str]:
    return {e.pk: str(e) for e in Equipment.objects.all()}


def explained_candidates(order: WorkOrder) -> list[dict[str, Any]]:
    """The order's candidates computed now: {facts, eligible, lines: [described…]}."""
    names = _equipment_names()
    rows = []
    for row in eligibility.explain(order, as_of=today(), now=now()):
        lines = [described(line, names) for line in row["lines"]]
        rows.append({"facts": row["facts"], "eligible": row["eligible"], "lines": lines})
    return rows


def allocation_rows(order: WorkOrder) -> list[dict[str, Any]]:
    names = _equipment_names()
    rows = []
    for allocation in order.allocations.select_related("enterprise", "order").order_by("round", "id"):
        candidates = []
        for candidate in allocation.candidates or []:
            candidates.append(
                {
                    **candidate,
                    "described": [described(line, names) for line in candidate.get("lines") or []],
                }
            )
        rows.append(
            {
                "allocation": allocation,
                "why": describe_reason(allocation),
                "badge": OFFER_BADGES.get(allocation.status, "text-bg-light"),
                "candidates": candidates,
            }
        )
    return rows


def quotes_context(user: Any, order: WorkOrder) -> dict[str, Any]:
    if order.method != AllocationMethod.QUOTE:
        return {"takes_quotes": False}
    sealed = queries.quotes_are_sealed(order)
    return {
        "takes_quotes": True,
        "quotes_sealed": sealed,
        "quote_count": order.quotes.count(),
        "quotes": [] if sealed else list(queries.quotes_readable(user, order)),
    }
