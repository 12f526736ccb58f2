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
from .means import declare_means

__all__ = [
    "allocate_open_orders",
    "allocate_order",
    "declare_means",
    "expire_offers",
    "override_allocation",
    "respond_to_offer",
    "submit_quote",
]

# --- WORK ---
from .contracts import create_contract, report_execution, review_milestone
from .payments import issue_invoice, record_sponsor_payment
from .ratings import contest_rating, rate_contract

__all__ += [
    "contest_rating",
    "create_contract",
    "issue_invoice",
    "rate_contract",
    "record_sponsor_payment",
    "report_execution",
    "review_milestone",
]
