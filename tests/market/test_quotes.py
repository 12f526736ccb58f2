"""Invitations to quote: the prices stay sealed until the deadline (for everybody), only
eligible enterprises quote and only before it, the award goes to the lowest eligible price
(ties by rotation), a decline passes to the next lowest, no quote leaves the order unfilled."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from rowad.core.errors import DomainError
from rowad.core.models import AuditEntry
from rowad.market import services
from rowad.market.enums import AllocationMethod, ErrorCode, OfferStatus, OrderStatus
from rowad.market.models import Quote, WorkOrder
from rowad.market.queries import quotes_readable
from tests.factories import UserFactory
from tests.market.factories import MarketWorld, holder_of

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def world():
    return MarketWorld.build()


def quoting(world, officer, **fields):
    """An order taking quotes until an hour from now (opened by the allocation)."""
    order = world.order(method=AllocationMethod.QUOTE, quote_deadline=timezone.now() + HOUR, **fields)
    assert services.allocate_order(order, actor=officer) is None
    order.refresh_from_db()
    assert order.status == OrderStatus.QUOTING
    return order


def close(order) -> None:
    """The deadline passes (moved into the past in the database)."""
    WorkOrder.objects.filter(pk=order.pk).update(
        quote_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    order.refresh_from_db()


def code_of(call) -> str:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.code


def test_quotes_are_sealed_for_everybody_until_the_deadline(world):
    officer = world.sponsor_officer()
    agency = world.agency_officer()
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    a, b = world.enterprise(), world.enterprise()
    order = quoting(world, officer)
    services.submit_quote(order, a, amount="700000", actor=holder_of(a))
    services.submit_quote(order, b, amount="650000,50", actor=holder_of(b))

    for user in (officer, agency, admin):
        assert list(quotes_readable(user, order)) == []
    close(order)
    for user in (officer, agency, admin):
        assert [q.amount for q in quotes_readable(user, order)] == [
            Decimal("650000.50"),
            Decimal("700000.00"),
        ]
    # Out of scope: nothing, even after the deadline.
    assert list(quotes_readable(MarketWorld.build().sponsor_officer("elsewhere"), order)) == []


def test_a_quote_after_the_deadline_is_refused(world):
    enterprise = world.enterprise()
    order = quoting(world, world.sponsor_officer())
    close(order)
    assert code_of(
        lambda: services.submit_quote(order, enterprise, amount="500000", actor=holder_of(enterprise))
    ) == (ErrorCode.QUOTE_CLOSED)
    assert not Quote.objects.exists()


def test_an_ineligible_enterprise_cannot_quote(world):
    uncertified = world.enterprise(certified=False)
    order = quoting(world, world.sponsor_officer())
    assert code_of(
        lambda: services.submit_quote(order, uncertified, amount="500000", actor=holder_of(uncertified))
    ) == (ErrorCode.INELIGIBLE)


def test_a_quote_on_an_order_not_taking_quotes_is_refused(world):
    enterprise = world.enterprise()
    order = world.order()
    assert code_of(
        lambda: services.submit_quote(order, enterprise, amount="500000", actor=holder_of(enterprise))
    ) == (ErrorCode.WRONG_STATE)


@pytest.mark.parametrize("amount", ["", "abc", "0", "-5", "NaN"])
def test_a_bad_price_is_refused(world, amount):
    enterprise = world.enterprise()
    order = quoting(world, world.sponsor_officer())
    assert code_of(
        lambda: services.submit_quote(order, enterprise, amount=amount, actor=holder_of(enterprise))
    ) == (ErrorCode.INVALID)


def test_only_the_enterprises_manager_quotes(world):
    enterprise = world.enterprise()
    order = quoting(world, world.sponsor_officer())
    assert code_of(
        lambda: services.submit_quote(order, enterprise, amount="1", actor=world.agency_officer())
    ) == (ErrorCode.NOT_ALLOWED)


def test_a_second_quote_replaces_the_first_and_the_audit_holds_no_price(world):
    enterprise = world.enterprise()
    holder = holder_of(enterprise)
    order = quoting(world, world.sponsor_officer())
    services.submit_quote(order, enterprise, amount="812345.67", note="Délai 30 jours", actor=holder)
    services.submit_quote(order, enterprise, amount="798765.43", note="Délai 25 jours", actor=holder)
    quote = Quote.objects.get()
    assert (quote.amount, quote.note) == (Decimal("798765.43"), "Délai 25 jours")
    entries = AuditEntry.objects.filter(action="market.quote.submitted").order_by("pk")
    assert [e.data.get("replaced") for e in entries] == [False, True]
    for entry in entries:
        assert "812345" not in str(entry.data) and "798765" not in str(entry.data)
        assert "Délai" not in str(entry.data)


def test_the_award_goes_to_the_lowest_eligible_price_after_the_deadline(world):
    officer = world.sponsor_officer()
    cheap, middle, dear = world.enterprise(), world.enterprise(), world.enterprise()
    holders = {e.pk: holder_of(e) for e in (cheap, middle, dear)}
    order = quoting(world, officer)
    for enterprise, amount in ((dear, "900000"), (cheap, "600000"), (middle, "750000")):
        services.submit_quote(order, enterprise, amount=amount, actor=holders[enterprise.pk])
    assert code_of(lambda: services.allocate_order(order, actor=officer)) == ErrorCode.QUOTES_SEALED

    close(order)
    offer = services.allocate_order(order, actor=officer)
    assert offer.enterprise_id == cheap.pk
    assert offer.amount == Decimal("600000.00")
    assert offer.reason == {
        "code": "lowest_price",
        "params": {"price": "600000.00", "quotes": 3, "next": "750000.00"},
    }
    assert {c["enterprise"]: c["price"] for c in offer.candidates}[dear.pk] == "900000.00"

    # The cheapest declines: the next lowest price is offered.
    services.respond_to_offer(offer, accept=False, reason="Prix mal calculé", actor=holders[cheap.pk])
    order.refresh_from_db()
    following = order.allocations.get(status=OfferStatus.OFFERED)
    assert (following.enterprise_id, following.amount, following.round) == (
        middle.pk,
        Decimal("750000.00"),
        2,
    )


def test_a_tie_on_price_goes_by_rotation(world):
    officer = world.sponsor_officer()
    served = world.enterprise(means={"workers": 1, "max_concurrent_orders": 5})
    fresh = world.enterprise(means={"workers": 1, "max_concurrent_orders": 5})
    earlier = world.order()
    services.override_allocation(earlier, served, reason="Chantier voisin déjà ouvert", actor=officer)
    order = quoting(world, officer)
    for enterprise in (served, fresh):
        services.submit_quote(order, enterprise, amount="500000", actor=holder_of(enterprise))
    close(order)
    assert services.allocate_order(order, actor=officer).enterprise_id == fresh.pk


def test_the_daily_batch_awards_the_orders_whose_deadline_passed(world):
    officer = world.sponsor_officer()
    enterprise = world.enterprise()
    order = quoting(world, officer)
    services.submit_quote(order, enterprise, amount="400000", actor=holder_of(enterprise))
    assert services.allocate_open_orders()["offered"] == 0  # still sealed
    close(order)
    assert services.allocate_open_orders()["offered"] == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.OFFERED


def test_nobody_quoted_leaves_the_order_unfilled(world):
    officer = world.sponsor_officer()
    world.enterprise()
    order = quoting(world, officer)
    close(order)
    assert services.allocate_order(order, actor=officer) is None
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFILLED


def test_a_quote_just_after_local_midnight_reads_the_local_day(world, monkeypatch):
    """Eligibility is read on the local day (services.common.today), not the UTC date:
    at 00:30 in Algiers (23:30 UTC the day before) an obligation due yesterday is late."""
    from rowad.market.services import allocation as allocation_services
    from tests.enterprises.calendar_helpers import obligation

    enterprise = world.enterprise()
    holder = holder_of(enterprise)
    order = quoting(world, world.sponsor_officer())
    algiers = zoneinfo.ZoneInfo("Africa/Algiers")
    local_today = timezone.localdate(timezone=algiers)
    just_after_midnight = datetime.datetime.combine(local_today, datetime.time(0, 30), tzinfo=algiers)
    assert just_after_midnight.astimezone(datetime.UTC).date() < local_today
    obligation(enterprise, due_on=local_today - datetime.timedelta(days=1))
    monkeypatch.setattr(allocation_services, "now", lambda: just_after_midnight)
    monkeypatch.setattr(allocation_services, "today", lambda: local_today)
    assert (
        code_of(lambda: services.submit_quote(order, enterprise, amount="500000", actor=holder))
        == ErrorCode.INELIGIBLE
    )
