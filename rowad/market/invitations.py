"""What an enterprise's portal lists: the orders taking quotes one of the user's managed
enterprises is eligible for (with that enterprise's own quote, never another's), its
offers waiting for an answer and its contracts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .eligibility import OrderNeeds, evaluate, facts_of, is_eligible
from .enums import AllocationMethod, OrderStatus
from .models import Allocation, Contract, Quote, WorkOrder
from .queries import contracts_of_holder, enterprises_managed_as_holder, offers_for_holder


@dataclass(frozen=True)
class Invitation:
    """An order open for quotes, the enterprise invited and its own quote (None yet)."""

    order: WorkOrder
    enterprise: Any
    quote: Quote | None

    @property
    def deadline(self) -> Any:
        return self.order.quote_deadline


def quoting_orders(*, now: Any = None) -> QuerySet[WorkOrder]:
    """Orders taking quotes whose deadline has not passed."""
    return WorkOrder.objects.filter(
        method=AllocationMethod.QUOTE, status=OrderStatus.QUOTING, quote_deadline__gt=now or timezone.now()
    ).select_related("sponsor", "specialty", "province", "programme")


def _invited(user: Any, orders: list[WorkOrder], at: Any) -> list[Invitation]:
    """The (order, enterprise) pairs among `orders` where one of the user's managed
    enterprises is eligible or has already quoted."""
    enterprises = {e.pk: e for e in enterprises_managed_as_holder(user)}
    orders = [o for o in orders if o.programme_id in {e.programme_id for e in enterprises.values()}]
    if not enterprises or not orders:
        return []
    as_of = timezone.localdate(at)
    facts = facts_of(enterprises, as_of=as_of, now=at)
    quotes = {
        (q.order_id, q.enterprise_id): q
        for q in Quote.objects.filter(order__in=[o.pk for o in orders], enterprise__in=list(enterprises))
    }
    rows = []
    for order in orders:
        needs = OrderNeeds.of(order)
        for enterprise_id in sorted(enterprises):
            quote = quotes.get((order.pk, enterprise_id))
            f = facts.get(enterprise_id)
            eligible = (
                f is not None
                and enterprise_id not in needs.excluded_ids
                and is_eligible(evaluate(f, needs, as_of=as_of))
            )
            if quote is not None or eligible:
                rows.append(Invitation(order, enterprises[enterprise_id], quote))
    return rows


def quote_invitations(user: Any, *, now: Any = None) -> list[Invitation]:
    """The orders taking quotes (deadline not passed) for which one of `user`'s managed
    enterprises is eligible, soonest deadline first, each with that enterprise's own
    quote if it sent one."""
    at = now or timezone.now()
    return _invited(user, list(quoting_orders(now=at).order_by("quote_deadline", "pk")), at)


def invitation_for(user: Any, order_pk: int, *, now: Any = None) -> Invitation | None:
    """One order invited to quote, deadline passed or not (the page then says it is
    closed): None when none of the user's managed enterprises is invited to it."""
    at = now or timezone.now()
    order = (
        WorkOrder.objects.filter(pk=order_pk, method=AllocationMethod.QUOTE, quote_deadline__isnull=False)
        .exclude(status__in=(OrderStatus.OPEN, OrderStatus.CANCELLED))
        .select_related("sponsor", "specialty", "province", "programme")
        .first()
    )
    if order is None:
        return None
    rows = _invited(user, [order], at)
    return rows[0] if rows else None


def holder_offers(user: Any) -> QuerySet[Allocation]:
    return offers_for_holder(user)


def holder_contracts(user: Any) -> QuerySet[Contract]:
    return contracts_of_holder(user).order_by("-signed_on", "-id")
