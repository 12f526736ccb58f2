"""The rotation is fair: over many equal orders no eligible enterprise waits more than one
round beyond another — also when enterprises join midway or one declines every offer. The
rules are pure functions (checked with hypothesis); the batch over the database follows them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rowad.market import services
from rowad.market.allocation import (
    EPOCH,
    Weights,
    by_rotation,
    choose_by_price,
    choose_by_rotation,
    choose_by_score,
    rotation_key,
    score,
)
from rowad.market.eligibility import Facts
from rowad.market.enums import OfferStatus
from tests.market.factories import MarketWorld, holder_of

ORAN, ALGIERS = 31, 16
T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
AMOUNT = Decimal("100000")


def facts(i: int, **fields) -> Facts:
    base = {
        "id": i,
        "reference": f"ENT-{i:05d}",
        "name": f"E{i}",
        "status": "operating",
        "programme_id": 1,
        "province_id": ORAN,
        "dossier_id": i,
    }
    return Facts(**{**base, **fields})


def serve(f: Facts, at: datetime.datetime, amount: Decimal = AMOUNT) -> None:
    f.served_amount += amount
    f.served_count += 1
    f.last_served_at = at


# --- the pure rules -----------------------------------------------------------------------


def test_rotation_key_amount_then_count_then_longest_ago_then_reference():
    rich = facts(1, served_amount=Decimal("500"), served_count=1, last_served_at=T0)
    busy = facts(2, served_amount=Decimal("300"), served_count=3, last_served_at=T0)
    idle = facts(3, served_amount=Decimal("300"), served_count=2, last_served_at=T0)
    earlier = facts(
        4, served_amount=Decimal("300"), served_count=2, last_served_at=T0 - datetime.timedelta(1)
    )
    never = facts(5)
    never_too = facts(0)
    assert [f.id for f in by_rotation([rich, busy, idle, earlier, never, never_too])] == [0, 5, 4, 3, 2, 1]
    assert rotation_key(never)[2] == EPOCH


def test_choose_by_rotation_says_why():
    assert choose_by_rotation([]) is None
    choice = choose_by_rotation([facts(1, served_amount=AMOUNT, served_count=1), facts(2)])
    assert (choice.enterprise_id, choice.code) == (2, "least_served")
    assert choice.params == {"served": "0", "orders": 0, "candidates": 2}


def test_score_weighs_the_three_criteria():
    w = Weights(performance=50, distance=20, capacity=30)
    # Rated 80, based in the province, 1 of 4 slots taken: 0.5*0.8 + 0.2*1 + 0.3*0.75.
    assert score(facts(1, rating=80.0, capacity=4, in_progress=1), province_id=ORAN, weights=w) == 82.5
    # No rating yet (neutral 50), serving from elsewhere (0.5), full: 0.5*0.5 + 0.2*0.5 + 0.
    full = facts(2, province_id=ALGIERS, capacity=2, in_progress=3)
    assert score(full, province_id=ORAN, weights=w) == 35.0
    assert score(facts(3), province_id=ORAN, weights=Weights(0, 0, 0)) == 0.0
    assert score(facts(4, capacity=0), province_id=ORAN, weights=Weights(0, 0, 100)) == 0.0
    assert score(facts(5, rating=100.0), province_id=ORAN, weights=Weights(100, 0, 0)) == 100.0


def test_score_ties_go_by_rotation_and_the_runner_up_is_given():
    w = Weights(50, 20, 30)
    served = facts(1, served_amount=AMOUNT, served_count=1, last_served_at=T0)
    fresh = facts(2)
    choice = choose_by_score([served, fresh], province_id=ORAN, weights=w)
    assert (choice.enterprise_id, choice.code) == (2, "best_score")
    assert choice.params["score"] == choice.params["next"]
    better = facts(3, rating=90.0, served_amount=AMOUNT * 9, served_count=9)
    assert choose_by_score([served, fresh, better], province_id=ORAN, weights=w).enterprise_id == 3
    assert choose_by_score([], province_id=ORAN, weights=w) is None
    assert choose_by_score([fresh], province_id=ORAN, weights=w).params["next"] is None


def test_price_lowest_eligible_then_rotation():
    served = facts(1, served_amount=AMOUNT, served_count=1, last_served_at=T0)
    fresh, dear = facts(2), facts(3)
    prices = {1: Decimal("900"), 2: Decimal("900"), 3: Decimal("1200"), 99: Decimal("10")}
    choice = choose_by_price([served, fresh, dear], prices)  # 99 quoted but is not eligible
    assert (choice.enterprise_id, choice.code) == (2, "lowest_price")
    assert choice.params == {"price": "900", "quotes": 3, "next": "900"}
    assert choose_by_price([dear], prices).params["next"] is None
    assert choose_by_price([facts(4)], prices) is None
    assert choose_by_price([], prices) is None


# --- the property, in memory --------------------------------------------------------------


def simulate(*, starting: int, joining: list[int], orders: int, decliner: bool) -> None:
    """Allocate `orders` equal orders by rotation; `joining[k]` is the order before which
    a newcomer joins; with `decliner`, enterprise 0 declines every offer (a declined offer
    does not count as served; the order passes on). Checks the property at every step:
    the winner is one of the least served still in the running; the founders never differ
    by more than one order; the spread over everyone never grows except when a newcomer
    joins, and once it is one or less it stays so."""
    pool = [facts(i) for i in range(starting)]
    founders = {f.id for f in pool}

    def takers() -> list[Facts]:
        return [f for f in pool if not (decliner and f.id == 0)]

    def spread() -> int:
        counts = [f.served_count for f in takers()]
        return max(counts) - min(counts) if counts else 0

    for n in range(orders):
        joined = joining.count(n)
        for _ in range(joined):
            pool.append(facts(len(pool)))
        before = spread()
        declined: set[int] = set()
        while True:
            running = [f for f in pool if f.id not in declined]
            choice = choose_by_rotation(running)
            if choice is None:
                break
            winner = next(f for f in pool if f.id == choice.enterprise_id)
            assert winner.served_count == min(f.served_count for f in running)
            if decliner and winner.id == 0:
                declined.add(0)
                continue
            serve(winner, T0 + datetime.timedelta(hours=n))
            break
        founders_counts = [f.served_count for f in takers() if f.id in founders]
        if founders_counts:
            assert max(founders_counts) - min(founders_counts) <= 1
        assert spread() <= max(before, 1)
    if decliner:
        assert pool[0].served_count == 0


@settings(max_examples=150, deadline=None)
@given(
    starting=st.integers(min_value=2, max_value=8),
    joining=st.lists(st.integers(min_value=0, max_value=60), max_size=4),
    orders=st.integers(min_value=1, max_value=80),
    decliner=st.booleans(),
)
def test_no_one_waits_more_than_a_round_beyond_another(starting, joining, orders, decliner):
    simulate(starting=starting, joining=joining, orders=orders, decliner=decliner)


@settings(max_examples=100, deadline=None)
@given(starting=st.integers(min_value=1, max_value=10), orders=st.integers(min_value=1, max_value=100))
def test_equal_orders_without_newcomers_spread_evenly(starting, orders):
    pool = [facts(i) for i in range(starting)]
    for n in range(orders):
        winner = next(f for f in pool if f.id == choose_by_rotation(pool).enterprise_id)
        serve(winner, T0 + datetime.timedelta(hours=n))
        counts = [f.served_count for f in pool]
        assert max(counts) - min(counts) <= 1
    assert sum(f.served_count for f in pool) == orders


# --- the batch, over the database ---------------------------------------------------------


def served_counts(enterprises) -> list[int]:
    return [
        e.allocations.filter(status__in=(OfferStatus.OFFERED, OfferStatus.ACCEPTED)).count()
        for e in enterprises
    ]


@pytest.mark.django_db
def test_the_batch_spreads_dozens_of_orders_and_takes_in_a_newcomer():
    world = MarketWorld.build()
    wide = {"workers": 2, "max_concurrent_orders": 50}
    enterprises = [world.enterprise(means=dict(wide)) for _ in range(4)]
    counts = services.allocate_open_orders(orders=[world.order() for _ in range(26)])
    assert counts == {"offered": 26, "quoting": 0, "unfilled": 0, "skipped": 0}
    first = served_counts(enterprises)
    assert sorted(first) == [6, 6, 7, 7]

    newcomer = world.enterprise(means=dict(wide))
    services.allocate_open_orders(orders=[world.order() for _ in range(9)])
    # The newcomer took the next orders until it caught up, then the rotation went on.
    everyone = served_counts([*enterprises, newcomer])
    assert sum(everyone) == 35
    assert max(everyone) - min(everyone) <= 1


@pytest.mark.django_db
def test_one_that_declines_every_offer_does_not_hold_the_others_back():
    world = MarketWorld.build()
    wide = {"workers": 2, "max_concurrent_orders": 50}
    decliner = world.enterprise(means=dict(wide))
    others = [world.enterprise(means=dict(wide)) for _ in range(2)]
    holder = holder_of(decliner)
    orders = [world.order() for _ in range(6)]
    services.allocate_open_orders(orders=orders)
    for _ in range(len(orders)):
        waiting = decliner.allocations.filter(status=OfferStatus.OFFERED).first()
        if waiting is None:
            break
        services.respond_to_offer(waiting, accept=False, reason="Pas disponible", actor=holder)
    assert served_counts([decliner]) == [0]
    counts = served_counts(others)
    assert sum(counts) == 6 and max(counts) - min(counts) <= 1
