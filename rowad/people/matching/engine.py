# ruff: noqa: S608 - SQL assembled from this module's constant column names and computed floats; user data only ever arrives as loaded rows or bound parameters.
"""The duplicate-detection engine: in-process DuckDB, Fellegi–Sunter scoring.

    engine = MatchEngine()
    engine.load(records)                 # PersonRecord iterable (registry), src "r"
    engine.load(incoming, src="i")       # optional: new or incoming records
    pairs = engine.run(pair_filter="all", threshold=0.5)

1. Blocking (sql.BLOCK_KEYS / sql.CANDIDATES): pairs sharing a national ID (or half of it),
   a phone, or cross-script name keys with a birth year or month/day.
2. Comparison (sql.COMPARE): one agreement level per field and pair.
3. Weights: u probabilities from random pairs, m probabilities by EM over the blocked
   pairs (u fixed, as Splink does), term-frequency adjustment on name agreement.
4. Score: match weight (bits) = prior + sum of log2(m/u); probability = 2^w / (1 + 2^w).
   Each pair keeps its levels, so `explain()` says which fields agreed and how strongly.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb

from . import sql
from .features import RAW_COLUMNS, PersonRecord, name_features, raw_row

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
TF_FIELDS = {"given_l": ("g", "gkey"), "family_l": ("f", "fkey")}
TF_CLAMP = (-4.0, 6.0)
TF_ALIASES = {"g": "tg", "f": "tfm"}
# Fields a household shares: siblings have the same family name, phone, address and
# province, so agreement on these is not independent of family-name agreement. Their u
# is estimated separately among different people of the same family (family name
# agreeing, given names different) and used whenever the family names agree.
HOUSEHOLD = ("phone_l", "province_l")
SAME_FAMILY_SQL = "family_l >= 3"


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


@dataclass(slots=True)
class Pair:
    rid_l: int
    rid_r: int
    weight: float
    probability: float
    # One level per LEVELS column, in its order: a tuple, not a dict, because a national
    # run holds a million pairs in memory.
    level_values: tuple[int | None, ...]
    swapped: bool = False
    explanation: list[dict] = field(default_factory=list)

    @property
    def levels(self) -> dict[str, int | None]:
        return dict(zip(LEVELS, self.level_values, strict=True))


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


class MatchEngine:
    def __init__(self, *, threads: int | None = None, memory_limit: str = "2GB", max_block: int = 300):
        self.con = duckdb.connect()
        self.con.execute(f"SET threads = {int(threads or os.cpu_count() or 2)}")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")
        self.max_block = max_block
        self.loaded = False
        self.parameters: Parameters | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="rowad-dedup-")
        # Spill files (beyond memory_limit) go to our temporary directory, not the cwd.
        self.con.execute(f"SET temp_directory = '{os.path.join(self._tmp.name, 'spill')}'")
        self._files: list[str] = []
        self._known_names: set[str] = set()
        self.con.execute("CREATE TABLE names (name VARCHAR, key VARCHAR, folded VARCHAR, arabic BOOLEAN)")
        self._prepared = False
        self._blocked: str | None = None  # the pair filter `cand`/`cmp` were built for

    # -- loading ----------------------------------------------------------------------
    def load(self, records: Iterable[PersonRecord], *, src: str = "r") -> int:
        """Load records: their raw fields through a CSV file (the fastest path into DuckDB
        without pandas/arrow), the features of each name not seen before, then the
        per-record features in SQL (sql.FEATURES)."""
        path = os.path.join(self._tmp.name, f"raw{len(self._files)}.csv")
        names: set[str] = set()
        count = 0
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for record in records:
                row = raw_row(record, src)
                writer.writerow(row)
                names.update(row[2:6])
                count += 1
        self._files.append(path)
        self._load_names(names - self._known_names - {""})
        self._load_rows(path)
        return count

    def _read_csv(self, path: str, types: dict[str, str]) -> str:
        spec = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
        return (
            f"read_csv('{path}', header=false, columns={{{spec}}}, quote='\"', escape='\"', "
            "nullstr='', all_varchar=false, auto_detect=false)"
        )

    def _load_names(self, names: set[str]) -> None:
        path = os.path.join(self._tmp.name, f"names{len(self._files)}.csv")
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(name_features(name) for name in names)
        self._known_names |= names
        types = {"name": "VARCHAR", "key": "VARCHAR", "folded": "VARCHAR", "arabic": "BOOLEAN"}
        select = f"SELECT name, coalesce(key, '') AS key, coalesce(folded, '') AS folded, arabic FROM {self._read_csv(path, types)}"
        if names:
            self.con.execute(f"INSERT INTO names {select}")

    def _load_rows(self, path: str) -> None:
        types = {c: "VARCHAR" for c in RAW_COLUMNS}
        types.update(rid="BIGINT", birth="DATE")
        text = [c for c, t in types.items() if t == "VARCHAR"]
        # Empty strings are read as NULL: the SQL compares '' for "missing".
        columns = ", ".join(f"coalesce({c}, '') AS {c}" if c in text else c for c in types)
        self.con.execute(
            f"CREATE OR REPLACE TABLE raw AS SELECT {columns} FROM {self._read_csv(path, types)}"
        )
        verb = "INSERT INTO rec" if self.loaded else "CREATE OR REPLACE TABLE rec AS"
        self.con.execute(f"{verb} {sql.FEATURES}")
        self.con.execute("DROP TABLE raw")
        self.loaded = True
        self._prepared = False
        self._blocked = None

    def count(self) -> int:
        return self.con.execute("SELECT count(*) FROM rec").fetchone()[0] if self.loaded else 0

    # -- pipeline --------------------------------------------------------------------
    def prepare(self) -> None:
        if self._prepared:
            return
        self.con.execute(sql.REC2)
        self.con.execute(sql.BLOCK_KEYS)
        self.con.execute(sql.TERM_FREQUENCIES)
        self._prepared = True

    def block(self, pair_filter: str = "all") -> int:
        """Candidate pairs and their comparison levels (kept: training and scoring the same
        pairs block once)."""
        if self._blocked != pair_filter:
            self.prepare()
            caps = " ".join(
                f"WHEN '{rule}' THEN {min(int(cap), int(self.max_block))}"
                for rule, cap in sql.BLOCK_CAPS.items()
            )
            max_block = (
                f"CASE rule {caps} ELSE {int(self.max_block)} END" if caps else str(int(self.max_block))
            )
            self.con.execute(
                sql.CANDIDATES.format(max_block=max_block, pair_filter=sql.PAIR_FILTERS[pair_filter])
            )
            self.con.execute(sql.COMPARE)
            self._blocked = pair_filter
        return self.con.execute("SELECT count(*) FROM cmp").fetchone()[0]

    def estimate_u(self, sample: int = 1_000_000) -> dict[str, list[float]]:
        n = min(self.count(), sample)
        self.prepare()
        self.con.execute(sql.RANDOM_PAIRS.format(n=int(n)))
        self.con.execute(sql.COMPARE)
        self._blocked = None  # `cmp` now holds random pairs
        u = {}
        for column, size in LEVELS.items():
            rows = dict(
                self.con.execute(
                    f"SELECT {column}, count(*) FROM cmp WHERE {column} IS NOT NULL GROUP BY 1"
                ).fetchall()
            )
            total = sum(rows.values())
            # Additive smoothing: a level never seen among random pairs is rare, not impossible.
            u[column] = [(rows.get(level, 0) + 0.5) / (total + 0.5 * size) for level in range(size)]
        return u

    def estimate_m(self, u: dict[str, list[float]], min_pairs: int = 30) -> tuple[dict, float]:
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
                    self.con.execute(
                        f"SELECT {column}, count(*) FROM cmp WHERE {condition} AND {column} IS NOT NULL GROUP BY 1"
                    ).fetchall()
                )
                total = sum(rows.values())
                if total >= min_pairs:
                    size = LEVELS[column]
                    m[column] = [
                        max((rows.get(lv, 0) + 0.2) / (total + 0.2 * size), 1e-4) for lv in range(size)
                    ]
        return m, self.estimate_prior(m, u)

    def estimate_u_household(self, u: dict, min_pairs: int = 30) -> dict[str, list[float]]:
        out = {}
        for column in HOUSEHOLD:
            rows = dict(
                self.con.execute(
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
        self, m: dict, u: dict, u_household: dict | None = None, iterations: int = 30
    ) -> float:
        columns = list(LEVELS)
        u_household = u_household or {}
        patterns = self.con.execute(f"SELECT {', '.join(columns)}, count(*) FROM cmp GROUP BY ALL").fetchall()
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

    def train(self, *, u_sample: int = 1_000_000) -> Parameters:
        """Estimate the parameters on the loaded records (all pairs blocked); a small
        registry gets the documented defaults."""
        self.prepare()
        if self.count() < MIN_TRAINING_RECORDS:
            self.parameters = default_parameters()
            return self.parameters
        u = self.estimate_u(u_sample)
        self.block("all")
        m, prior = self.estimate_m(u)
        tf_expected = {
            field_code: self.con.execute(
                "SELECT coalesce(sum(freq * freq), 0) FROM tf WHERE field = ?", [field_code]
            ).fetchone()[0]
            for field_code, _ in TF_FIELDS.values()
        }
        u_household = self.estimate_u_household(u)
        self.parameters = Parameters(m=m, u=u, prior=prior, tf_expected=tf_expected, u_household=u_household)
        self.parameters.prior = self.estimate_prior_by_capture() or self.estimate_prior(m, u, u_household)
        return self.parameters

    def estimate_prior_by_capture(self, min_overlap: int = 30) -> float | None:
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
        blocked, by_id, by_names, by_both = self.con.execute(
            "SELECT count(*), count(*) FILTER (WHERE nid_l = 2), "
            "count(*) FILTER (WHERE given_l >= 3 AND family_l >= 3 AND birth_l = 5), "
            f"count(*) FILTER (WHERE {both}) FROM cmp"
        ).fetchone()
        if by_both < min_overlap or not blocked:
            return None
        return min(max(by_id * by_names / by_both / blocked, 1e-6), 1 - 1e-6)

    def score_sql(self, parameters: Parameters) -> str:
        terms = []
        for column in LEVELS:
            cases = " ".join(
                f"WHEN {level} THEN {parameters.bayes_factor(column, level):.6f}"
                for level in range(LEVELS[column])
            )
            term = f"coalesce(CASE {column} {cases} END, 0)"
            if column in parameters.u_household:
                household = " ".join(
                    f"WHEN {level} THEN {parameters.bayes_factor(column, level, same_family=True):.6f}"
                    for level in range(LEVELS[column])
                )
                term = f"(CASE WHEN {SAME_FAMILY_SQL} THEN coalesce(CASE {column} {household} END, 0) ELSE {term} END)"
            terms.append(term)
        tf_terms = []
        for column, (field_code, _key_column) in TF_FIELDS.items():
            if not parameters.tf_expected.get(field_code):
                continue
            expected = parameters.tf_expected[field_code]
            tf_terms.append(
                f"CASE WHEN {column} >= 3 THEN greatest({TF_CLAMP[0]}, least({TF_CLAMP[1]}, "
                f"log2({expected!r} / coalesce({TF_ALIASES[field_code]}.freq, {expected!r})))) ELSE 0 END"
            )
        prior = math.log2(parameters.prior / (1 - parameters.prior))
        return f"{prior:.6f} + " + " + ".join(terms + tf_terms)

    def run(
        self,
        *,
        pair_filter: str = "all",
        threshold: float = 0.5,
        parameters: Parameters | None = None,
        explain: bool = True,
        excluded: Iterable[tuple[int, int]] = (),
    ) -> list[Pair]:
        """Score candidate pairs; return those whose probability reaches `threshold`,
        best first. Trains first unless parameters are given."""
        if parameters is None:
            parameters = self.parameters or self.train()
        self.parameters = parameters
        self.block(pair_filter)
        weight_sql = self.score_sql(parameters)
        min_weight = math.log2(threshold / (1 - threshold)) if 0 < threshold < 1 else -1e9
        columns = ", ".join(LEVELS)
        result = self.con.execute(
            f"""
            SELECT * FROM (
              SELECT rid_l, rid_r, swapped, {columns}, ({weight_sql})::DOUBLE AS w
              FROM cmp
              LEFT JOIN tf tg ON tg.field = 'g' AND tg.k = cmp.gkey
              LEFT JOIN tf tfm ON tfm.field = 'f' AND tfm.k = cmp.fkey
            ) WHERE w >= ? ORDER BY w DESC, rid_l, rid_r
            """,
            [min_weight],
        )
        skip = {(min(a, b), max(a, b)) for a, b in excluded}
        pairs = []
        while rows := result.fetchmany(100_000):
            for row in rows:
                rid_l, rid_r, swapped = row[0], row[1], row[2]
                if (rid_l, rid_r) in skip:
                    continue
                weight = row[-1]
                pair = Pair(rid_l, rid_r, weight, probability(weight), tuple(row[3:-1]), bool(swapped))
                if explain:
                    pair.explanation = self.explain(pair)
                pairs.append(pair)
        return pairs

    def explain(self, pair: Pair) -> list[dict]:
        """One entry per field: the level code, whether it counts for or against, and its
        weight in bits (term-frequency adjustment not included)."""
        parameters = self.parameters
        same_family = (pair.levels.get("family_l") or 0) >= 3
        out = []
        for column, level in pair.levels.items():
            if level is None:
                out.append({"field": FIELDS[column], "level": "missing", "weight": 0.0})
                continue
            out.append(
                {
                    "field": FIELDS[column],
                    "level": LEVEL_CODES[column][level],
                    "weight": round(parameters.bayes_factor(column, level, same_family=same_family), 2),
                }
            )
        if pair.swapped:
            out.append({"field": "names_swapped", "level": "swapped", "weight": 0.0})
        return out

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()


def default_parameters() -> Parameters:
    return Parameters(
        m={k: list(v) for k, v in DEFAULT_M.items()},
        u={k: list(v) for k, v in DEFAULT_U.items()},
        prior=DEFAULT_PRIOR,
        u_household={k: list(v) for k, v in DEFAULT_U_HOUSEHOLD.items()},
    )


def probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0**weight
    return odds / (1 + odds)
