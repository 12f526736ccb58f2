"""The Fellegi–Sunter model the engine scores with: the compared fields, their agreement
levels (with stable codes for explanations) and the parameters (m, u, prior) that turn a
level into a weight in bits."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

FIELDS = {
    "given_l": "given_name",
    "family_l": "family_name",
    "birth_l": "birth_date",
    "nid_l": "national_id",
    "phone_l": "phone",
    "sex_l": "sex",
    "province_l": "province",
}
LEVELS = {
    "given_l": 5,
    "family_l": 5,
    "birth_l": 6,
    "nid_l": 3,
    "phone_l": 2,
    "sex_l": 2,
    "province_l": 2,
}
# Stable codes of each level (the explanation stores codes; pages translate them).
LEVEL_CODES = {
    "given_l": ["different", "similar", "typo", "same_key", "same_spelling"],
    "family_l": ["different", "similar", "typo", "same_key", "same_spelling"],
    "birth_l": [
        "different",
        "within_two_years",
        "one_part_differs",
        "presumed_same_year",
        "day_month_swapped",
        "same",
    ],
    "nid_l": ["different", "one_character_off", "same"],
    "phone_l": ["different", "shared"],
    "sex_l": ["different", "same"],
    "province_l": ["different", "same"],
}
TF_FIELDS = {"given_l": ("g", "gkey"), "family_l": ("f", "fkey")}
TF_CLAMP = (-4.0, 6.0)
TF_ALIASES = {"g": "tg", "f": "tfm"}
# Fields a household shares: siblings have the same family name, phone, address and
# province, so agreement on these is not independent of family-name agreement. Their u
# is estimated separately among different people of the same family (family name
# agreeing, given names different) and used whenever the family names agree.
HOUSEHOLD = ("phone_l", "province_l")
SAME_FAMILY_SQL = "family_l >= 3"


@dataclass
class Parameters:
    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float  # proportion of true duplicates among the blocked pairs (lambda)
    tf_expected: dict[str, float] = field(default_factory=dict)
    # u of household fields among different people of the same family (see HOUSEHOLD).
    u_household: dict[str, list[float]] = field(default_factory=dict)

    def bayes_factor(self, column: str, level: int | None, *, same_family: bool = False) -> float:
        """log2(m/u) of a level, in bits (0 when the field is missing)."""
        if level is None:
            return 0.0
        u = self.u_household.get(column) if same_family else None
        return math.log2(self.m[column][level] / (u or self.u[column])[level])

    def as_dict(self) -> dict:
        return {
            "m": self.m,
            "u": self.u,
            "prior": self.prior,
            "tf_expected": self.tf_expected,
            "u_household": self.u_household,
        }


def probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0**weight
    return odds / (1 + odds)
