"""Scoring maths, pure functions over plain numbers (no database): a weighted mean per
evaluation, then the mean and spread over evaluators, overall and per criterion."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def q(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_mean(values: Mapping[str, Decimal], weights: Mapping[str, Decimal]) -> Decimal | None:
    """Σ wᵢ·vᵢ / Σ wᵢ over the criteria that were scored; None if none was."""
    scored = [code for code in values if code in weights]
    total_weight = sum((weights[c] for c in scored), Decimal(0))
    if not scored or total_weight == 0:
        return None
    return q(sum((weights[c] * values[c] for c in scored), Decimal(0)) / total_weight)


@dataclass(frozen=True)
class Spread:
    count: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    # Population standard deviation (the evaluators are the whole panel, not a sample).
    stdev: Decimal | None

    @property
    def range(self) -> Decimal | None:
        return None if self.minimum is None else self.maximum - self.minimum


def spread(values: Iterable[Decimal | None]) -> Spread:
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return Spread(0, None, None, None, None)
    mean = sum(present, Decimal(0)) / len(present)
    stdev = Decimal(statistics.pstdev(present)) if len(present) > 1 else Decimal(0)
    return Spread(len(present), q(mean), q(min(present)), q(max(present)), q(stdev))
