# ruff: noqa: S608 - SQL assembled from the model's constant column names; no user data.
"""Estimating the model's parameters on the loaded registry: u from random pairs, m from
anchor pairs (same national ID; same names and birth date), the household u, and the
share of duplicates among blocked pairs (capture–recapture, EM as a fallback). A registry
too small to estimate anything gets measured defaults."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .model import HOUSEHOLD, LEVELS, SAME_FAMILY_SQL, TF_FIELDS, Parameters, probability

if TYPE_CHECKING:
    from .engine import MatchEngine

# Starting m probabilities (of each level among true duplicates) for EM.
M_START = {
    "given_l": [0.03, 0.04, 0.08, 0.45, 0.40],
    "family_l": [0.03, 0.04, 0.08, 0.45, 0.40],
    "birth_l": [0.03, 0.03, 0.06, 0.08, 0.05, 0.75],
    "nid_l": [0.02, 0.05, 0.93],
    "phone_l": [0.3, 0.7],
    "sex_l": [0.02, 0.98],
    "province_l": [0.2, 0.8],
}
# Below this many records the registry is too small to estimate anything: the engine
# uses DEFAULT_PARAMETERS, measured by this engine on the synthetic 100,000-person
# registry of benchmarks/dedup.py (standard profile), without term frequencies.
MIN_TRAINING_RECORDS = 2000
DEFAULT_U = {
    "given_l": [0.9337, 0.0223, 0.017, 0.0147, 0.0123],
    "family_l": [0.9262, 0.0497, 0.0105, 0.0072, 0.0064],
    "birth_l": [0.812, 0.1731, 0.009, 0.0056, 0.0002, 0.0001],
    "nid_l": [0.99999, 0.000009, 0.000001],
    "phone_l": [0.999999, 0.000001],
    "sex_l": [0.5, 0.5],
    "province_l": [0.9918, 0.0082],
}
DEFAULT_M = {
    "given_l": [0.019, 0.023, 0.055, 0.454, 0.449],
    "family_l": [0.017, 0.004, 0.035, 0.493, 0.451],
    "birth_l": [0.0005, 0.001, 0.043, 0.106, 0.089, 0.7605],
    "nid_l": [0.013, 0.063, 0.924],
    "phone_l": [0.194, 0.806],
    "sex_l": [0.001, 0.999],
    "province_l": [0.158, 0.842],
}
DEFAULT_U_HOUSEHOLD = {"phone_l": [0.7, 0.3], "province_l": [0.3, 0.7]}
DEFAULT_PRIOR = 0.1


def default_parameters() -> Parameters:
    return Parameters(
        m={k: list(v) for k, v in DEFAULT_M.items()},
        u={k: list(v) for k, v in DEFAULT_U.items()},
        prior=DEFAULT_PRIOR,
        u_household={k: list(v) for k, v in DEFAULT_U_HOUSEHOLD.items()},
    )


def estimate_u(engine: MatchEngine, sample: int = 1_000_000) -> dict[str, list[float]]:
    engine.compare_random_pairs(min(engine.count(), sample))
    u = {}
    for column, size in LEVELS.items():
        rows = dict(
            engine.con.execute(
                f"SELECT {column}, count(*) FROM cmp WHERE {column} IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
        total = sum(rows.values())
        # Additive smoothing: a level never seen among random pairs is rare, not impossible.
        u[column] = [(rows.get(level, 0) + 0.5) / (total + 0.5 * size) for level in range(size)]
    return u


def estimate_m(engine: MatchEngine, u: dict[str, list[float]], min_pairs: int = 30) -> tuple[dict, float]:
    """m probabilities from anchor pairs, one session per group of fields (as Splink
    trains m "blocked on" a rule and never on the fields of that rule):

    - pairs sharing the same national ID are duplicates: their levels give m for
      names, birth date, phone, sex and province;
    - pairs with the same names (skeleton) and the same full birth date give m for
      the national ID.

    A session with too few pairs keeps the starting values. The prior (share of
    duplicates among the blocked pairs) is then fitted by EM with m and u fixed."""
    m = {c: list(M_START[c]) for c in LEVELS}
    sessions = {
        "nid_l = 2": [c for c in LEVELS if c != "nid_l"],
        "given_l >= 3 AND family_l >= 3 AND birth_l = 5": ["nid_l"],
    }
    for condition, columns in sessions.items():
        for column in columns:
            rows = dict(
                engine.con.execute(
                    f"SELECT {column}, count(*) FROM cmp WHERE {condition} AND {column} IS NOT NULL GROUP BY 1"
                ).fetchall()
            )
            total = sum(rows.values())
            if total >= min_pairs:
                size = LEVELS[column]
                m[column] = [max((rows.get(lv, 0) + 0.2) / (total + 0.2 * size), 1e-4) for lv in range(size)]
    return m, estimate_prior(engine, m, u)


def estimate_u_household(engine: MatchEngine, u: dict, min_pairs: int = 30) -> dict[str, list[float]]:
    out = {}
    for column in HOUSEHOLD:
        rows = dict(
            engine.con.execute(
                f"SELECT {column}, count(*) FROM cmp WHERE {SAME_FAMILY_SQL} AND given_l = 0 "
                f"AND {column} IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
        total = sum(rows.values())
        if total >= min_pairs:
            size = LEVELS[column]
            out[column] = [
                max((rows.get(lv, 0) + 0.5) / (total + 0.5 * size), u[column][lv]) for lv in range(size)
            ]
    return out


def estimate_prior(
    engine: MatchEngine, m: dict, u: dict, u_household: dict | None = None, iterations: int = 30
) -> float:
    columns = list(LEVELS)
    u_household = u_household or {}
    patterns = engine.con.execute(f"SELECT {', '.join(columns)}, count(*) FROM cmp GROUP BY ALL").fetchall()
    bits = []
    for row in patterns:
        weight = 0.0
        same_family = (row[columns.index("family_l")] or 0) >= 3
        for c, level in zip(columns, row, strict=False):
            if level is not None:
                uu = u_household.get(c) if same_family else None
                weight += math.log2(m[c][level] / (uu or u[c])[level])
        bits.append((weight, row[-1]))
    prior = 0.1
    for _ in range(iterations):
        base = math.log2(prior / (1 - prior))
        total = sum(count for _, count in bits)
        matched = sum(probability(base + weight) * count for weight, count in bits)
        prior = min(max(matched / total, 1e-6), 1 - 1e-6) if total else 0.5
    return prior


def train(engine: MatchEngine, *, u_sample: int = 1_000_000) -> Parameters:
    """Estimate the parameters on the loaded records (all pairs blocked); a small
    registry gets the documented defaults."""
    engine.prepare()
    if engine.count() < MIN_TRAINING_RECORDS:
        return default_parameters()
    u = estimate_u(engine, u_sample)
    engine.block("all")
    m, prior = estimate_m(engine, u)
    tf_expected = {
        field_code: engine.con.execute(
            "SELECT coalesce(sum(freq * freq), 0) FROM tf WHERE field = ?", [field_code]
        ).fetchone()[0]
        for field_code, _ in TF_FIELDS.values()
    }
    u_household = estimate_u_household(engine, u)
    parameters = Parameters(m=m, u=u, prior=prior, tf_expected=tf_expected, u_household=u_household)
    parameters.prior = estimate_prior_by_capture(engine) or estimate_prior(engine, m, u, u_household)
    return parameters


def estimate_prior_by_capture(engine: MatchEngine, min_overlap: int = 30) -> float | None:
    """Share of duplicates among the blocked pairs, by capture–recapture (Lincoln–
    Petersen): two nearly independent signs of a duplicate — the same national ID, and
    the same names with the same full birth date — each miss some duplicates (no ID
    on a card, a typo in a name); how much they overlap says how many there are in
    all: |A| x |B| / |A and B|.

    EM with m and u fixed (estimate_prior) overestimates this share, because the
    fields of one person are not independent (a common name pair born the same year
    looks like a duplicate field by field); at 1,000,000 people it was off by 6 bits
    and the best cut drifted with the registry's size. This estimate came within
    0.3 bits of the truth from 100,000 to 1,000,000 people (docs/benchmarks.md).
    None when the two signs overlap too little to say."""
    both = "nid_l = 2 AND given_l >= 3 AND family_l >= 3 AND birth_l = 5"
    blocked, by_id, by_names, by_both = engine.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE nid_l = 2), "
        "count(*) FILTER (WHERE given_l >= 3 AND family_l >= 3 AND birth_l = 5), "
        f"count(*) FILTER (WHERE {both}) FROM cmp"
    ).fetchone()
    if by_both < min_overlap or not blocked:
        return None
    return min(max(by_id * by_names / by_both / blocked, 1e-6), 1 - 1e-6)
