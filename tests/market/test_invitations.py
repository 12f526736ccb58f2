"""The invitations to quote an enterprise's manager sees: orders taking quotes, deadline
not passed, for which one of their enterprises is eligible, with its own quote only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from rowad.market import invitations, services
from rowad.market.enums import AllocationMethod, OrderStatus
from rowad.market.models import Quote
from tests.market.factories import MarketWorld, holder_of

pytestmark = pytest.mark.django_db


def quoting(world, *, hours: int = 48, **fields):
    return world.order(
        method=AllocationMethod.QUOTE,
        status=OrderStatus.QUOTING,
        quote_deadline=timezone.now() + datetime.timedelta(hours=hours),
        **fields,
    )


def test_the_eligible_enterprise_is_invited_with_its_own_quote_only():
    world = MarketWorld.build()
    mine, rival = world.enterprise(), world.enterprise()
    manager, rival_manager = holder_of(mine), holder_of(rival)
    soon, later = quoting(world, hours=5), quoting(world, hours=50)
    world.order()  # a rotation order: no quotes
    quoting(world, hours=-1)  # deadline passed
    world.order(method=AllocationMethod.QUOTE, status=OrderStatus.CANCELLED, quote_deadline=timezone.now())

    services.submit_quote(later, rival, amount="700000", actor=rival_manager)
    services.submit_quote(later, mine, amount="800000", note="Équipe de 4", actor=manager)

    rows = invitations.quote_invitations(manager)
    assert [(r.order.pk, r.enterprise.pk) for r in rows] == [(soon.pk, mine.pk), (later.pk, mine.pk)]
    assert rows[0].quote is None
    assert rows[1].quote.amount == Decimal("800000.00")
    assert rows[1].deadline == later.quote_deadline


def test_an_ineligible_enterprise_or_another_programme_is_not_invited():
    world = MarketWorld.build()
    uncertified = world.enterprise(certified=False)
    quoting(world)
    assert invitations.quote_invitations(holder_of(uncertified)) == []

    other = MarketWorld.build()
    elsewhere = other.enterprise()
    quoting(world)
    assert invitations.quote_invitations(holder_of(elsewhere, "elsewhere")) == []


def test_a_user_without_enterprise_or_person_has_no_invitation():
    world = MarketWorld.build()
    world.enterprise()
    quoting(world)
    assert invitations.quote_invitations(world.sponsor_officer()) == []


def test_invitation_for_an_order_past_its_deadline_keeps_the_own_quote():
    world = MarketWorld.build()
    mine = world.enterprise()
    manager = holder_of(mine)
    order = quoting(world)
    services.submit_quote(order, mine, amount="500000", actor=manager)
    past = timezone.now() + datetime.timedelta(days=3)
    assert invitations.quote_invitations(manager, now=past) == []
    invitation = invitations.invitation_for(manager, order.pk, now=past)
    assert invitation.quote.amount == Decimal("500000.00")
    assert invitations.invitation_for(manager, world.order().pk) is None


def test_offers_and_contracts_of_the_holder():
    world = MarketWorld.build()
    mine = world.enterprise()
    manager = holder_of(mine)
    offer = services.allocate_order(world.order(), actor=world.sponsor_officer())
    assert list(invitations.holder_offers(manager)) == [offer]
    other = holder_of(world.enterprise(), "stranger")
    assert list(invitations.holder_offers(other)) == []
    assert list(invitations.holder_contracts(manager)) == []
    assert Quote.objects.count() == 0
