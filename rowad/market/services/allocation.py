"""Allocating an order: the rule picks one eligible enterprise, the offer goes to it, it
accepts or declines (a declined or expired offer passes to the next by the same rule), an
officer may override with a written reason. Each function locks the order, checks, writes
the allocation with its evidence and its audit entry in one transaction, and notifies
after commit (messaging.notify).

`allocate_open_orders` is the batch (the background task and the benchmark): the facts
are loaded once for all the orders and kept current in memory as offers are made, each
order then written in its own short transaction."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.enterprises.models import Enterprise

from .. import allocation as rules
from ..eligibility import (
    Facts,
    OrderNeeds,
    candidate_ids,
    declined_by,
    enterprises_for_order,
    evaluate,
    facts_of,
    failed,
    is_eligible,
    load_facts,
    refusal_reasons,
)
from ..enums import ALLOCATABLE, AllocationBasis, AllocationMethod, ErrorCode, OfferStatus, OrderStatus
from ..errors import MarketConflict
from ..models import Allocation, ProgrammeMarketRules, Quote, WorkOrder
from ..notifications import notify_owners
from ..queries import quotes_are_sealed
from .common import (
    check_order_version,
    error,
    lock_order,
    now,
    parse_amount,
    parse_date,
    require_enterprise_manager,
    require_order_manager,
    save_order,
    today,
)

OFFER_DAYS = 7


def _offer_days(order: WorkOrder) -> int:
    rules_row = ProgrammeMarketRules.objects.filter(programme_id=order.programme_id).first()
    return rules_row.offer_days if rules_row else OFFER_DAYS


def _weights(order: WorkOrder) -> rules.Weights:
    return rules.Weights(order.weight_performance, order.weight_distance, order.weight_capacity)


def _prices(order: WorkOrder) -> dict[int, Decimal]:
    return dict(order.quotes.values_list("enterprise_id", "amount"))


def _snapshot(
    order: WorkOrder, facts: dict[int, Facts], evaluated: dict[int, list[dict]], prices: dict[int, Decimal]
) -> list[dict[str, Any]]:
    """The candidates as stored on the allocation: eligible ones in the rule's order with
    what the rule read; ineligible ones with the rules they failed."""
    weights = _weights(order)
    rows = []
    for enterprise_id, lines in evaluated.items():
        f = facts[enterprise_id]
        eligible = is_eligible(lines)
        rows.append(
            {
                "enterprise": f.id,
                "reference": f.reference,
                "name": f.name,
                "eligible": eligible,
                "lines": [] if eligible else failed(lines),
                "served": str(f.served_amount),
                "orders": f.served_count,
                "score": rules.score(f, province_id=order.province_id, weights=weights)
                if order.method == AllocationMethod.SCORE
                else None,
                "price": str(prices[f.id]) if f.id in prices else None,
            }
        )
    rows.sort(key=lambda r: (not r["eligible"], r["reference"]))
    return rows


def _choose(order: WorkOrder, eligible: list[Facts], prices: dict[int, Decimal]) -> rules.Choice | None:
    if order.method == AllocationMethod.SCORE:
        return rules.choose_by_score(eligible, province_id=order.province_id, weights=_weights(order))
    if order.method == AllocationMethod.QUOTE:
        return rules.choose_by_price(eligible, prices)
    return rules.choose_by_rotation(eligible)


def notify_offer(allocation: Allocation, actor: Any) -> None:
    order = allocation.order

    def compose(person: Any) -> tuple[str, str]:
        subject = _("A work order is offered to your enterprise: %(title)s") % {"title": order.title}
        body = _(
            "%(sponsor)s offers your enterprise the order %(reference)s (%(title)s) in %(province)s. "
            "Accept or decline it on your portal by %(date)s."
        ) % {
            "sponsor": order.sponsor,
            "reference": order.reference,
            "title": order.title,
            "province": order.province,
            "date": allocation.answer_by.isoformat(),
        }
        return subject, body

    notify_owners(
        allocation.enterprise,
        kind="market.offer",
        compose=compose,
        idempotency_key=f"market-offer-{allocation.pk}",
        actor=actor,
    )


def _create_offer(
    locked: WorkOrder,
    enterprise_id: int,
    *,
    amount: Decimal,
    candidates: list[dict],
    reason: dict,
    basis: str,
    override_reason: str,
    actor: Any,
    at: datetime.datetime,
    offer_days: int | None = None,
) -> Allocation:
    if offer_days is None:
        offer_days = _offer_days(locked)
    try:
        with transaction.atomic():
            allocation = Allocation.objects.create(
                order=locked,
                enterprise_id=enterprise_id,
                round=locked.allocations.count() + 1,
                method=locked.method,
                basis=basis,
                amount=amount,
                candidates=candidates,
                reason=reason,
                override_reason=override_reason,
                offered_at=at,
                answer_by=timezone.localdate(at) + datetime.timedelta(days=offer_days),
                created_by=acting_user(actor),
            )
    except IntegrityError:  # the database's one-live-offer constraint: another award won
        raise MarketConflict(
            _("This order has just been offered to an enterprise by someone else."),
            code=ErrorCode.ALREADY_AWARDED,
        ) from None
    locked.status = OrderStatus.OFFERED
    save_order(locked, actor, ["status"])
    record_action(
        "market.order.offered",
        locked,
        actor=actor,
        enterprise=enterprise_id,
        basis=basis,
        rule=locked.method,
        reason=reason,
        override_reason=override_reason,
        round=allocation.round,
    )
    notify_offer(allocation, actor)
    return allocation


def _allocate_locked(
    locked: WorkOrder,
    facts: dict[int, Facts],
    *,
    actor: Any,
    as_of: datetime.date,
    at: datetime.datetime,
    needs: OrderNeeds | None = None,
    offer_days: int | None = None,
) -> Allocation | None:
    """Offer the locked order to the enterprise its rule picks; None when it opened for
    quotes or nobody is eligible (then it is marked unfilled). A batch passes the order's
    `needs` read in bulk (its declined enterprises are read here, under the lock) and the
    programme's `offer_days`."""
    if (
        locked.method == AllocationMethod.QUOTE
        and locked.status == OrderStatus.OPEN
        and quotes_are_sealed(locked, now=at)
    ):
        locked.status = OrderStatus.QUOTING
        save_order(locked, actor, ["status"])
        record_action("market.order.quoting", locked, actor=actor, deadline=locked.quote_deadline.isoformat())
        return None
    needs = (
        OrderNeeds.of(locked)
        if needs is None
        else dataclasses.replace(needs, excluded_ids=declined_by(locked))
    )
    evaluated = {i: evaluate(facts[i], needs, as_of=as_of) for i in candidate_ids(facts, needs)}
    eligible = [facts[i] for i, lines in evaluated.items() if is_eligible(lines)]
    prices = _prices(locked) if locked.method == AllocationMethod.QUOTE else {}
    choice = _choose(locked, eligible, prices)
    if choice is None:
        locked.status = OrderStatus.UNFILLED
        save_order(locked, actor, ["status"])
        record_action(
            "market.order.unfilled", locked, actor=actor, candidates=len(evaluated), eligible=len(eligible)
        )
        return None
    amount = (
        prices[choice.enterprise_id] if locked.method == AllocationMethod.QUOTE else locked.estimated_amount
    )
    return _create_offer(
        locked,
        choice.enterprise_id,
        amount=amount,
        candidates=_snapshot(locked, facts, evaluated, prices),
        reason={"code": choice.code, "params": choice.params},
        basis=AllocationBasis.RULE,
        override_reason="",
        actor=actor,
        at=at,
        offer_days=offer_days,
    )


def _check_allocatable(locked: WorkOrder, at: datetime.datetime) -> None:
    if locked.status in ALLOCATABLE:
        return
    if locked.status == OrderStatus.QUOTING and not quotes_are_sealed(locked, now=at):
        return
    if locked.status == OrderStatus.QUOTING:
        raise error(
            _("Quotes are taken until %(deadline)s; the order is awarded after.")
            % {"deadline": locked.quote_deadline.isoformat(timespec="minutes")},
            ErrorCode.QUOTES_SEALED,
            status_code=409,
        )
    raise MarketConflict(
        _("This order is already %(status)s.") % {"status": locked.get_status_display().lower()},
        code=ErrorCode.ALREADY_AWARDED if locked.status == OrderStatus.OFFERED else ErrorCode.WRONG_STATE,
    )


def allocate_order(
    order: WorkOrder, *, actor: Any, expected_version: int | str | None = None
) -> Allocation | None:
    """Run the order's rule: offer it to the enterprise the rule picks (an order taking
    quotes opens for them first, and is awarded once its deadline has passed)."""
    require_order_manager(actor, order)
    as_of, at = today(), now()
    with transaction.atomic():
        locked = lock_order(order)
        check_order_version(locked, expected_version)
        _check_allocatable(locked, at)
        facts = load_facts(enterprises_for_order(locked), as_of=as_of, now=at)
        return _allocate_locked(locked, facts, actor=actor, as_of=as_of, at=at)


def override_allocation(
    order: WorkOrder,
    enterprise: Enterprise,
    *,
    reason: str,
    actor: Any,
    expected_version: int | str | None = None,
) -> Allocation:
    """Offer the order to `enterprise` instead of the rule's pick: only an eligible one,
    only with a written reason (shown on the order and kept in the audit). A live offer
    waiting for its answer is withdrawn."""
    require_order_manager(actor, order)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise error(
            _("Write why you override the rule (at least a sentence)."), ErrorCode.REASON_REQUIRED, "reason"
        )
    as_of, at = today(), now()
    with transaction.atomic():
        locked = lock_order(order)
        check_order_version(locked, expected_version)
        live = (
            locked.allocations.select_for_update()
            .filter(status__in=(OfferStatus.OFFERED, OfferStatus.ACCEPTED))
            .first()
        )
        if live is not None and live.status == OfferStatus.ACCEPTED:
            raise MarketConflict(
                _("The enterprise has accepted this order already."), code=ErrorCode.ALREADY_AWARDED
            )
        if live is None:
            _check_allocatable(locked, at)
        facts = facts_of([enterprise.pk], as_of=as_of, now=at)
        lines = evaluate(facts[enterprise.pk], OrderNeeds.of(locked), as_of=as_of)
        if not is_eligible(lines):
            reasons = refusal_reasons(lines)
            raise error(
                _("%(enterprise)s may not take this order: %(reasons)s")
                % {"enterprise": facts[enterprise.pk].name, "reasons": reasons},
                ErrorCode.INELIGIBLE,
                "enterprise",
            )
        if live is not None:
            live.status = OfferStatus.WITHDRAWN
            live.responded_at = at
            live.save(update_fields=["status", "responded_at"])
        prices = _prices(locked) if locked.method == AllocationMethod.QUOTE else {}
        amount = prices.get(enterprise.pk, locked.estimated_amount)
        snapshot = [
            {
                "enterprise": enterprise.pk,
                "reference": facts[enterprise.pk].reference,
                "name": facts[enterprise.pk].name,
                "eligible": True,
                "lines": [],
                "served": str(facts[enterprise.pk].served_amount),
                "orders": facts[enterprise.pk].served_count,
                "score": None,
                "price": str(prices[enterprise.pk]) if enterprise.pk in prices else None,
            }
        ]
        return _create_offer(
            locked,
            enterprise.pk,
            amount=amount,
            candidates=snapshot,
            reason={"code": "override", "params": {"withdrawn": live.enterprise_id if live else None}},
            basis=AllocationBasis.OVERRIDE,
            override_reason=reason,
            actor=actor,
            at=at,
        )


def as_of_moment(as_of: datetime.date | None) -> tuple[datetime.date, datetime.datetime]:
    """The day and the moment an allocation or an answer is recorded: today and now, or —
    for a past day (orders recorded after the fact, a missed daily run) — noon that day."""
    current = today()
    if as_of is None or as_of >= current:
        return as_of or current, now()
    return as_of, timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(12)))


def respond_to_offer(
    allocation: Allocation,
    *,
    accept: bool,
    reason: str = "",
    actor: Any,
    answered_on: datetime.date | None = None,
) -> Allocation:
    """The enterprise's manager accepts (the order is awarded; its contract comes next) or
    declines (with a reason; the order goes to the next enterprise by the same rule).
    `answered_on`: the day of an answer given earlier and recorded now (never in the
    future, never before the offer); the next offer of a declined order is made that day."""
    require_enterprise_manager(actor, allocation.enterprise_id)
    if answered_on is not None:
        answered_on = parse_date(answered_on, "answered_on", _("Answered on"), past_only=True)
    as_of, at = as_of_moment(answered_on)
    with transaction.atomic():
        locked_order = lock_order(allocation.order)
        locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if locked.status != OfferStatus.OFFERED:
            raise MarketConflict(
                _("This offer was already answered or withdrawn."), code=ErrorCode.WRONG_STATE
            )
        if at < locked.offered_at:
            raise error(
                _("The answer cannot be dated before the offer (%(date)s).")
                % {"date": timezone.localdate(locked.offered_at).isoformat()},
                ErrorCode.INVALID,
                "answered_on",
            )
        locked.responded_at, locked.responded_by = at, acting_user(actor)
        if accept:
            locked.status = OfferStatus.ACCEPTED
            locked.save(update_fields=["status", "responded_at", "responded_by"])
            locked_order.status = OrderStatus.AWARDED
            save_order(locked_order, actor, ["status"])
            record_action("market.offer.accepted", locked_order, actor=actor, enterprise=locked.enterprise_id)
            return locked
        locked.status = OfferStatus.DECLINED
        locked.decline_reason = (reason or "").strip()[:300]
        locked.save(update_fields=["status", "responded_at", "responded_by", "decline_reason"])
        record_action(
            "market.offer.declined",
            locked_order,
            actor=actor,
            enterprise=locked.enterprise_id,
            reason=locked.decline_reason,
        )
        _pass_on(locked_order, actor=None, as_of=as_of, at=at)
        return locked


def _pass_on(
    locked_order: WorkOrder, *, actor: Any, as_of: datetime.date, at: datetime.datetime
) -> Allocation | None:
    """The order goes to the next enterprise by the same rule (declined and expired ones excluded)."""
    locked_order.status = (
        OrderStatus.OPEN if locked_order.method != AllocationMethod.QUOTE else OrderStatus.QUOTING
    )
    facts = load_facts(enterprises_for_order(locked_order), as_of=as_of, now=at)
    return _allocate_locked(locked_order, facts, actor=actor, as_of=as_of, at=at)


def expire_offers(*, as_of: datetime.date | None = None) -> int:
    """Offers not answered by their date expire and pass to the next enterprise."""
    as_of = as_of or today()
    expired = 0
    for allocation in Allocation.objects.filter(
        status=OfferStatus.OFFERED, answer_by__lt=as_of
    ).select_related("order"):
        with transaction.atomic():
            locked_order = lock_order(allocation.order)
            locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
            if locked.status != OfferStatus.OFFERED:
                continue
            locked.status, locked.responded_at = OfferStatus.EXPIRED, now()
            locked.save(update_fields=["status", "responded_at"])
            record_action("market.offer.expired", locked_order, actor=None, enterprise=locked.enterprise_id)
            _pass_on(locked_order, actor=None, as_of=as_of, at=now())
            expired += 1
    return expired


def submit_quote(
    order: WorkOrder, enterprise: Enterprise, *, amount: Any, note: str = "", actor: Any
) -> Quote:
    """The enterprise's price, before the deadline only, from an eligible enterprise; a
    second quote before the deadline replaces the first. The price stays sealed (not in
    the audit either) until the deadline."""
    require_enterprise_manager(actor, enterprise.pk)
    price = parse_amount(amount, "amount", _("Price"))
    as_of, at = today(), now()
    with transaction.atomic():
        locked = lock_order(order)
        if locked.method != AllocationMethod.QUOTE or locked.status != OrderStatus.QUOTING:
            raise error(_("This order does not take quotes."), ErrorCode.WRONG_STATE, status_code=409)
        if not quotes_are_sealed(locked, now=at):
            raise error(
                _("The deadline for quotes has passed (%(deadline)s).")
                % {"deadline": locked.quote_deadline.isoformat(timespec="minutes")},
                ErrorCode.QUOTE_CLOSED,
                "amount",
                status_code=409,
            )
        facts = facts_of([enterprise.pk], as_of=as_of, now=at)
        lines = evaluate(facts[enterprise.pk], OrderNeeds.of(locked), as_of=as_of)
        if not is_eligible(lines):
            raise error(
                _("Your enterprise may not take this order: %(reasons)s")
                % {"reasons": refusal_reasons(lines)},
                ErrorCode.INELIGIBLE,
            )
        quote, created = Quote.objects.update_or_create(
            order=locked,
            enterprise=enterprise,
            defaults={
                "amount": price,
                "note": (note or "").strip()[:500],
                "submitted_at": at,
                "submitted_by": acting_user(actor),
            },
        )
        record_action(
            "market.quote.submitted", locked, actor=actor, enterprise=enterprise.pk, replaced=not created
        )
        return quote
