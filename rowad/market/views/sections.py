"""What the market knows about an enterprise, shown on the enterprise's page (a lower
app's page: handed over with core.sections.provide_section in MarketConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Sum

from .. import queries
from ..models import ContractRating, Invoice
from ..services.common import today

VIEW = "market.view_market"
RECENT = 10


def enterprise_section(user: Any, enterprise: Any) -> dict[str, Any] | None:
    """The enterprise's offers, contracts, money and rating, for staff who read the market."""
    if not user.has_perm(VIEW):
        return None
    offers = queries.allocations_visible_to(user).filter(enterprise=enterprise).order_by("-offered_at")
    contracts = queries.contracts_visible_to(user).filter(enterprise=enterprise).order_by("-signed_on")
    if not offers.exists() and not contracts.exists() and queries.means_of(enterprise) is None:
        return {"template": "market/_enterprise_section.html", "enterprise": enterprise, "empty": True}
    invoices = Invoice.objects.filter(milestone__contract__in=contracts.values("pk"))
    money = invoices.aggregate(invoiced=Sum("amount"), paid=Sum("paid_amount"))
    return {
        "template": "market/_enterprise_section.html",
        "enterprise": enterprise,
        "empty": False,
        "offers": list(offers.select_related("order")[:RECENT]),
        "contracts": list(contracts[:RECENT]),
        "contract_count": contracts.count(),
        "invoiced": money["invoiced"],
        "paid": money["paid"],
        "late_invoices": queries.late_invoices(invoices, as_of=today()).count(),
        "rating": ContractRating.objects.filter(contract__in=contracts.values("pk")).aggregate(
            score=Avg("score")
        )["score"],
        "means": queries.means_of(enterprise),
    }
