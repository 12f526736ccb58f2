"""Background tasks of the market app: take ids or dates, call the logic; safe to run twice."""

from __future__ import annotations

import datetime

from django_tasks import task


@task()
def allocate_orders_task(order_ids: list[int] | None = None) -> dict[str, int]:
    """Allocate the given orders (all orders waiting for it when None), as a background job
    after a sponsor posts many orders at once; the counts are the task's result."""
    from .models import WorkOrder
    from .services import allocate_open_orders

    orders = (
        None if order_ids is None else WorkOrder.objects.filter(pk__in=order_ids).order_by("starts_on", "pk")
    )
    return allocate_open_orders(orders=orders)


@task()
def daily_market_task(on: str | None = None) -> dict[str, int]:
    """Daily: expire the offers not answered in time (they pass to the next enterprise),
    then award the quote orders whose deadline has passed and allocate what waits."""
    from .services import allocate_open_orders, expire_offers

    as_of = datetime.date.fromisoformat(on) if on else None
    expired = expire_offers(as_of=as_of)
    return {"expired": expired, **allocate_open_orders(as_of=as_of)}
