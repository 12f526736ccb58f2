"""The batch allocation (the daily run, the background task after many orders are posted,
the benchmark): every order waiting is offered by its rule, as `allocate_order` would, but
in chunks written with a few statements each.

The facts are loaded once and kept current in memory as offers are made (the next order
sees the capacity and the served amounts the previous ones changed). Each chunk locks its
orders (`SKIP LOCKED`: an order an officer is allocating by hand right now is left to
them), reads what changed under the lock (declined enterprises, rounds, prices), decides
in memory, then writes the offers, the orders (with their history) and the audit entries
in bulk. The offers' messages go out from a background task after the commit."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from rowad.core.audit import audit_entry, record_actions
from rowad.core.concurrency import acting_user

from ..eligibility import (
    Facts,
    OrderNeeds,
    evaluate,
    facts_for_orders,
    index_by_place,
    needs_for_orders,
)
from ..enums import ALLOCATABLE, LIVE_OFFERS, AllocationBasis, AllocationMethod, OrderStatus
from ..models import Allocation, ProgrammeMarketRules, Quote, WorkOrder
from ..queries import quotes_are_sealed
from .allocation import OFFER_DAYS, _allocate_locked, _check_allocatable, _choose, _snapshot, as_of_moment
from .common import lock_order

CHUNK = 200
SERVED_FIELDS = ("in_progress", "served_amount", "served_count", "last_served_at")


@dataclasses.dataclass
class _Batch:
    facts: dict[int, Facts]
    places: dict[tuple[int, int], list[Facts]]
    needs: dict[int, OrderNeeds]
    offer_days: dict[int, int]
    as_of: datetime.date
    at: datetime.datetime
    actor: Any
    counts: Counter


def allocate_open_orders(
    *, orders: Iterable[WorkOrder] | None = None, actor: Any = None, as_of: datetime.date | None = None
) -> dict[str, int]:
    """Allocate every order waiting for it (or `orders`): rotation and score orders are
    offered, quote orders opened for quotes or, past their deadline, awarded. Returns the
    counts {"offered", "quoting", "unfilled", "skipped"}. With a past `as_of` the offers
    are made as of that day (its eligibility, its rotation window, its date)."""
    as_of, at = as_of_moment(as_of)
    if orders is None:
        orders = WorkOrder.objects.filter(
            Q(status__in=ALLOCATABLE) | Q(status=OrderStatus.QUOTING, quote_deadline__lte=at)
        ).order_by("starts_on", "pk")
    orders = list(orders)
    facts = facts_for_orders(orders, as_of=as_of, now=at)
    programmes = {o.programme_id for o in orders}
    batch = _Batch(
        facts=facts,
        places=index_by_place(facts),
        needs=needs_for_orders(orders),
        offer_days=dict(
            ProgrammeMarketRules.objects.filter(programme_id__in=programmes).values_list(
                "programme_id", "offer_days"
            )
        ),
        as_of=as_of,
        at=at,
        actor=actor,
        counts=Counter({"offered": 0, "quoting": 0, "unfilled": 0, "skipped": 0}),
    )
    for start in range(0, len(orders), CHUNK):
        chunk = orders[start : start + CHUNK]
        saved = {f.id: tuple(getattr(f, name) for name in SERVED_FIELDS) for f in facts.values()}
        before = batch.counts.copy()
        try:
            with transaction.atomic():
                _allocate_chunk(chunk, batch)
        except IntegrityError:
            # Someone offered one of these orders in between (the one-live-offer constraint):
            # undo the chunk's effect on the facts, then take its orders one at a time.
            for f in facts.values():
                for name, value in zip(SERVED_FIELDS, saved[f.id], strict=True):
                    setattr(f, name, value)
            batch.counts = before
            for order in chunk:
                _allocate_one(order, batch)
    return dict(batch.counts)


def _allocate_chunk(chunk: Sequence[WorkOrder], batch: _Batch) -> None:
    ids = [o.pk for o in chunk]
    locked = {
        o.pk: o
        for o in WorkOrder.objects.select_for_update(skip_locked=True, of=("self",)).filter(pk__in=ids)
    }
    declined: dict[int, set[int]] = defaultdict(set)
    rounds: Counter = Counter()
    for order_id, enterprise_id, status in Allocation.objects.filter(order_id__in=ids).values_list(
        "order_id", "enterprise_id", "status"
    ):
        rounds[order_id] += 1
        if status not in LIVE_OFFERS:
            declined[order_id].add(enterprise_id)
    prices: dict[int, dict[int, Decimal]] = defaultdict(dict)
    quote_ids = [pk for pk, o in locked.items() if o.method == AllocationMethod.QUOTE]
    for order_id, enterprise_id, amount in Quote.objects.filter(order_id__in=quote_ids).values_list(
        "order_id", "enterprise_id", "amount"
    ):
        prices[order_id][enterprise_id] = amount

    offers: list[Allocation] = []
    changed: list[WorkOrder] = []
    entries = []
    for order in chunk:
        current = locked.get(order.pk)
        if current is None or not _allocatable(current, batch.at):
            batch.counts["skipped"] += 1
            continue
        changed.append(current)
        if (
            current.method == AllocationMethod.QUOTE
            and current.status == OrderStatus.OPEN
            and quotes_are_sealed(current, now=batch.at)
        ):
            current.status = OrderStatus.QUOTING
            entries.append(
                audit_entry(
                    "market.order.quoting",
                    current,
                    actor=batch.actor,
                    deadline=current.quote_deadline.isoformat(),
                )
            )
            batch.counts["quoting"] += 1
            continue
        needs = batch.needs[order.pk] if current.version == order.version else OrderNeeds.of(current)
        offer = _decide(
            current, dataclasses.replace(needs, excluded_ids=frozenset(declined[order.pk])), prices, batch
        )
        if offer is None:
            current.status = OrderStatus.UNFILLED
            entries.append(audit_entry("market.order.unfilled", current, actor=batch.actor))
            batch.counts["unfilled"] += 1
            continue
        offer.round = rounds[order.pk] + 1
        offers.append(offer)
        current.status = OrderStatus.OFFERED
        batch.counts["offered"] += 1

    Allocation.objects.bulk_create(offers, batch_size=500)
    _save_orders(changed, batch.actor)
    for offer in offers:
        entries.append(
            audit_entry(
                "market.order.offered",
                offer.order,
                actor=batch.actor,
                enterprise=offer.enterprise_id,
                basis=offer.basis,
                rule=offer.method,
                reason=offer.reason,
                override_reason="",
                round=offer.round,
            )
        )
    record_actions(entries)
    if offers:
        from ..tasks import notify_offers_task

        offer_ids = [offer.pk for offer in offers]
        transaction.on_commit(lambda: notify_offers_task.enqueue(offer_ids))


def _save_orders(changed: list[WorkOrder], actor: Any) -> None:
    """One UPDATE per new status (a chunk's orders end offered, unfilled or quoting), then
    their history rows in one INSERT."""
    moment = timezone.now()
    by_status: dict[str, list[int]] = defaultdict(list)
    for order in changed:
        order.version += 1
        order.updated_at = moment
        by_status[order.status].append(order.pk)
    for status, ids in by_status.items():
        WorkOrder.objects.filter(pk__in=ids).update(
            status=status, version=F("version") + 1, updated_at=moment
        )
    WorkOrder.history.bulk_history_create(changed, update=True, default_user=acting_user(actor))


def _allocatable(order: WorkOrder, at: datetime.datetime) -> bool:
    try:
        _check_allocatable(order, at)
    except Exception:  # taken or changed since the list was read
        return False
    return True


def _decide(
    order: WorkOrder, needs: OrderNeeds, prices: dict[int, dict[int, Decimal]], batch: _Batch
) -> Allocation | None:
    """The offer the order's rule makes (unsaved), the winner's facts updated; None: nobody."""
    pool = [
        f
        for f in batch.places.get((needs.programme_id, needs.province_id), ())
        if f.in_trade(needs.specialty_id) and f.id not in needs.excluded_ids
    ]
    evaluated = {f.id: evaluate(f, needs, as_of=batch.as_of, only_failed=True) for f in pool}
    eligible = [batch.facts[i] for i, lines in evaluated.items() if not lines]
    order_prices = prices.get(order.pk, {})
    choice = _choose(order, eligible, order_prices)
    if choice is None:
        return None
    amount = (
        order_prices[choice.enterprise_id]
        if order.method == AllocationMethod.QUOTE
        else order.estimated_amount
    )
    winner = batch.facts[choice.enterprise_id]
    offer = Allocation(
        order=order,
        enterprise_id=winner.id,
        method=order.method,
        basis=AllocationBasis.RULE,
        amount=amount,
        candidates=_snapshot(order, batch.facts, evaluated, order_prices),
        reason={"code": choice.code, "params": choice.params},
        offered_at=batch.at,
        answer_by=batch.at.date()
        + datetime.timedelta(days=batch.offer_days.get(order.programme_id, OFFER_DAYS)),
        created_by=acting_user(batch.actor),
    )
    _served(winner, amount, batch.at)
    return offer


def _served(winner: Facts, amount: Decimal, at: datetime.datetime) -> None:
    winner.in_progress += 1
    winner.served_amount += amount
    winner.served_count += 1
    winner.last_served_at = at


def _allocate_one(order: WorkOrder, batch: _Batch) -> None:
    """One order in its own transaction (the fallback when a chunk met a concurrent offer)."""
    with transaction.atomic():
        locked = lock_order(order)
        if not _allocatable(locked, batch.at):
            batch.counts["skipped"] += 1
            return
        offer = _allocate_locked(locked, batch.facts, actor=batch.actor, as_of=batch.as_of, at=batch.at)
    if offer is not None:
        _served(batch.facts[offer.enterprise_id], offer.amount, batch.at)
        batch.counts["offered"] += 1
    elif locked.status == OrderStatus.QUOTING:
        batch.counts["quoting"] += 1
    else:
        batch.counts["unfilled"] += 1
