"""How likely a candidate pair is the same person, in words and as a percentage.

The engine's match weight (bits) already holds the model's prior (matching.engine: weight
= log2(prior odds) + the fields' log2(m/u)), so the posterior probability is
2^w / (1 + 2^w): `matching.model.probability`. The words follow the weight."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .matching.model import probability

# Weight cuts (bits) of the words, highest first: 16 bits is the benchmark's cut for
# "likely the same person" (duplicates.LIKELY_SCORE), 10 the review queue's default.
WORDS = (
    (16.0, "very_likely", _("Very likely the same person")),
    (10.0, "likely", _("Likely the same person")),
    (3.0, "possible", _("Possibly the same person")),
    (-math.inf, "unlikely", _("Unlikely to be the same person")),
)


@dataclass(frozen=True)
class Likelihood:
    level: str  # very_likely, likely, possible, unlikely: a stable code for styles and tests
    words: Promise
    percent: float  # rounded down to a tenth: 99.9, never 100 (the model is never certain)


def likelihood_of(weight: float) -> Likelihood:
    level, words = next((code, text) for cut, code, text in WORDS if weight >= cut)
    return Likelihood(level, words, _percent(probability(weight)))


def _percent(value: float) -> float:
    """Rounded down to a tenth, so a near-certain pair reads 99.9 and not 100."""
    return math.floor(value * 1000) / 10
