"""Background tasks of the market app: take ids or dates, call the logic; safe to run twice."""

from __future__ import annotations

import datetime

from django_tasks import task


def run_market_day(on: datetime.date | None = None) -> dict[str, int]:
    """Expire the offers not answered in time (each passes to the next enterprise), then
    award the quote orders whose deadline has passed and allocate the orders waiting."""
    from .services import allocate_open_orders, expire_offers

    expired = expire_offers(as_of=on)
    return {"expired": expired, **allocate_open_orders(as_of=on)}


@task()
def run_market_day_task(on: str | None = None) -> dict[str, int]:
    """The same, enqueued on the task backend (`on` as an ISO date: task arguments are JSON)."""
    return run_market_day(datetime.date.fromisoformat(on) if on else None)


@task()
def allocate_orders_task(order_ids: list[int] | None = None) -> dict[str, int]:
    """Allocate the given orders (every order waiting when None) in the background, after a
    sponsor posts many orders at once; the counts are the task's result."""
    from .models import WorkOrder
    from .services import allocate_open_orders

    orders = (
        None if order_ids is None else WorkOrder.objects.filter(pk__in=order_ids).order_by("starts_on", "pk")
    )
    return allocate_open_orders(orders=orders)


@task()
def notify_offers_task(allocation_ids: list[int]) -> int:
    """Tell the enterprises of a batch's offers (each offer's message written once: the
    idempotency key is the offer's)."""
    from django.db import transaction

    from .models import Allocation
    from .services.allocation import notify_offer

    sent = 0
    for allocation in Allocation.objects.filter(pk__in=allocation_ids).select_related("order", "enterprise"):
        with transaction.atomic():
            notify_offer(allocation, None)
        sent += 1
    return sent
