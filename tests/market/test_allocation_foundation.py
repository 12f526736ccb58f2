"""The allocation's core: eligibility with reasons, the rotation, the one live offer, the
decline passed on, the override with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rowad.core.errors import DomainError
from rowad.enterprises.enums import EnterpriseStatus
from rowad.market import services
from rowad.market.enums import AllocationBasis, ErrorCode, OfferStatus, OrderStatus
from tests.market.factories import MarketWorld, holder_of

pytestmark = pytest.mark.django_db


def test_rotation_offers_the_least_served_then_passes_a_decline_on():
    world = MarketWorld.build()
    first, second = world.enterprise(), world.enterprise()
    world.enterprise(certified=False)  # looked at, not eligible
    officer = world.sponsor_officer()

    order = world.order()
    offer = services.allocate_order(order, actor=officer)
    order.refresh_from_db()
    assert order.status == OrderStatus.OFFERED
    assert offer.reason["code"] == "least_served"
    assert len(offer.candidates) == 3
    assert sum(1 for c in offer.candidates if c["eligible"]) == 2
    winner = offer.enterprise

    services.respond_to_offer(offer, accept=False, reason="Équipe prise ailleurs", actor=holder_of(winner))
    order.refresh_from_db()
    next_offer = order.allocations.get(status=OfferStatus.OFFERED)
    assert next_offer.enterprise_id == ({first.pk, second.pk} - {winner.pk}).pop()

    # The next order goes to the one not served yet by amount (the decliner served nothing).
    services.respond_to_offer(next_offer, accept=True, actor=holder_of(next_offer.enterprise))
    order.refresh_from_db()
    assert order.status == OrderStatus.AWARDED
    again = services.allocate_order(world.order(), actor=officer)
    assert again.enterprise_id == winner.pk


def test_a_second_award_of_one_order_is_refused():
    world = MarketWorld.build()
    world.enterprise()
    officer = world.sponsor_officer()
    order = world.order()
    services.allocate_order(order, actor=officer)
    with pytest.raises(DomainError) as refused:
        services.allocate_order(order, actor=officer)
    assert refused.value.code == ErrorCode.ALREADY_AWARDED


def test_override_needs_an_eligible_enterprise_and_a_reason():
    world = MarketWorld.build()
    world.enterprise()
    closed = world.enterprise(status=EnterpriseStatus.CLOSED)
    other = world.enterprise()
    officer = world.agency_officer()
    order = world.order(estimated_amount=Decimal("500000"))
    with pytest.raises(DomainError) as no_reason:
        services.override_allocation(order, other, reason="", actor=officer)
    assert no_reason.value.code == ErrorCode.REASON_REQUIRED
    with pytest.raises(DomainError) as ineligible:
        services.override_allocation(
            order, closed, reason="Urgence sur le réseau de Bir El Djir", actor=officer
        )
    assert ineligible.value.code == ErrorCode.INELIGIBLE
    offer = services.override_allocation(
        order, other, reason="Urgence sur le réseau de Bir El Djir", actor=officer
    )
    assert offer.basis == AllocationBasis.OVERRIDE
    assert offer.override_reason.startswith("Urgence")


def test_nobody_eligible_leaves_the_order_unfilled():
    world = MarketWorld.build()
    world.enterprise(certified=False)
    order = world.order()
    assert services.allocate_order(order, actor=world.sponsor_officer()) is None
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFILLED


def test_batch_spreads_orders_by_rotation():
    world = MarketWorld.build()
    enterprises = [world.enterprise(means={"workers": 3, "max_concurrent_orders": 5}) for _ in range(3)]
    orders = [world.order() for _ in range(6)]
    counts = services.allocate_open_orders(orders=orders)
    assert counts["offered"] == 6
    per_enterprise = [e.allocations.count() for e in enterprises]
    assert per_enterprise == [2, 2, 2]


def test_batch_writes_each_order_history_audit_and_message():
    from rowad.core.models import AuditEntry
    from rowad.messaging.models import Message

    world = MarketWorld.build()
    enterprise = world.enterprise(means={"workers": 2, "max_concurrent_orders": 3})
    orders = [world.order() for _ in range(2)]
    officer = world.agency_officer()
    counts = services.allocate_open_orders(orders=orders, actor=officer)
    assert counts["offered"] == 2
    for order in orders:
        order.refresh_from_db()
        assert order.status == OrderStatus.OFFERED and order.version == 2
        last = order.history.latest()
        assert last.status == OrderStatus.OFFERED and last.history_user == officer
        entry = AuditEntry.objects.get(action="market.order.offered", object_id=str(order.pk))
        assert entry.actor == officer and entry.data["enterprise"] == enterprise.pk
    # The offers' messages went out (after commit, from the task) only where consent allows:
    # the factory's manager gave none, so nothing is written — and nothing fails.
    assert not Message.objects.filter(kind="market.offer").exists()
