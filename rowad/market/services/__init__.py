"""Every write of the market app (one function per state change: lock, check, save, audit,
notify after commit)."""

from .allocation import (
    allocate_order,
    expire_offers,
    override_allocation,
    respond_to_offer,
    submit_quote,
)
from .batch import allocate_open_orders
from .contracts import create_contract, report_execution
from .means import declare_means
from .orders import add_order_document, cancel_order, post_order, update_order
from .payments import issue_invoice, record_sponsor_payment
from .ratings import contest_rating, rate_contract
from .reviews import review_milestone

__all__ = [
    "add_order_document",
    "allocate_open_orders",
    "allocate_order",
    "cancel_order",
    "contest_rating",
    "create_contract",
    "declare_means",
    "expire_offers",
    "issue_invoice",
    "override_allocation",
    "post_order",
    "rate_contract",
    "record_sponsor_payment",
    "report_execution",
    "respond_to_offer",
    "review_milestone",
    "submit_quote",
    "update_order",
]
