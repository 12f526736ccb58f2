"""The allocation rules, as pure functions over the candidates' facts (no database): the
services call them, the tests check their properties directly.

- rotation: the least served first — by the amount of the live and accepted offers of
  orders starting in the last 12 months, then by their number, then the one served longest ago (never served first),
  then the reference (a stable last resort);
- score grid: past performance (the mean contract rating, 50 when there is none yet),
  distance (1 for an enterprise based in the order's province, 0.5 for one serving it
  from elsewhere) and free capacity, weighted by the order; ties go by rotation;
- invitation to quote: the lowest price of an eligible enterprise once the deadline has
  passed; ties go by rotation."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .eligibility import Facts

NEUTRAL_RATING = 50.0
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Weights:
    performance: int
    distance: int
    capacity: int


@dataclass(frozen=True)
class Choice:
    """The winner and why (stored on the allocation as `reason`)."""

    enterprise_id: int
    code: str
    params: dict[str, Any]


def rotation_key(f: Facts) -> tuple:
    return (f.served_amount, f.served_count, f.last_served_at or EPOCH, f.reference)


def by_rotation(eligible: Sequence[Facts]) -> list[Facts]:
    return sorted(eligible, key=rotation_key)


def choose_by_rotation(eligible: Sequence[Facts]) -> Choice | None:
    if not eligible:
        return None
    winner = by_rotation(eligible)[0]
    return Choice(
        winner.id,
        "least_served",
        {"served": str(winner.served_amount), "orders": winner.served_count, "candidates": len(eligible)},
    )


def score(f: Facts, *, province_id: int, weights: Weights) -> float:
    """0–100: the weighted mean of the three criteria (each 0–1)."""
    performance = (f.rating if f.rating is not None else NEUTRAL_RATING) / 100
    distance = 1.0 if f.province_id == province_id else 0.5
    capacity = max(f.capacity - f.in_progress, 0) / f.capacity if f.capacity else 0.0
    total = weights.performance + weights.distance + weights.capacity
    if total == 0:
        return 0.0
    value = weights.performance * performance + weights.distance * distance + weights.capacity * capacity
    return round(100 * value / total, 2)


def choose_by_score(eligible: Sequence[Facts], *, province_id: int, weights: Weights) -> Choice | None:
    if not eligible:
        return None
    ranked = sorted(
        eligible, key=lambda f: (-score(f, province_id=province_id, weights=weights), rotation_key(f))
    )
    winner = ranked[0]
    best = score(winner, province_id=province_id, weights=weights)
    runner_up = score(ranked[1], province_id=province_id, weights=weights) if len(ranked) > 1 else None
    return Choice(winner.id, "best_score", {"score": best, "next": runner_up, "candidates": len(eligible)})


def choose_by_price(eligible: Sequence[Facts], prices: dict[int, Decimal]) -> Choice | None:
    """The lowest price among the eligible enterprises that quoted."""
    quoted = [f for f in eligible if f.id in prices]
    if not quoted:
        return None
    ranked = sorted(quoted, key=lambda f: (prices[f.id], rotation_key(f)))
    winner = ranked[0]
    return Choice(
        winner.id,
        "lowest_price",
        {
            "price": str(prices[winner.id]),
            "quotes": len(quoted),
            "next": str(prices[ranked[1].id]) if len(ranked) > 1 else None,
        },
    )
