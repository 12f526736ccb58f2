"""Every write of the market app (one function per state change: lock, check, save, audit,
notify after commit)."""

from .allocation import (
    allocate_open_orders,
    allocate_order,
    expire_offers,
    override_allocation,
    respond_to_offer,
    submit_quote,
)

__all__ = [
    "allocate_open_orders",
    "allocate_order",
    "expire_offers",
    "override_allocation",
    "respond_to_offer",
    "submit_quote",
]

# --- WORK ---
from .contracts import create_contract, report_execution
from .payments import issue_invoice, record_sponsor_payment
from .ratings import contest_rating, rate_contract
from .reviews import review_milestone

__all__ += [
    "contest_rating",
    "create_contract",
    "issue_invoice",
    "rate_contract",
    "record_sponsor_payment",
    "report_execution",
    "review_milestone",
]
