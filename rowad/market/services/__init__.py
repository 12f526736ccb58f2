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

# --- ORDERS ---
from .orders import add_order_document, cancel_order, post_order, update_order

__all__ += ["add_order_document", "cancel_order", "post_order", "update_order"]
# --- end ORDERS ---
