# ruff: noqa: S608 - SQL assembled from this module's constant column names and computed floats; user data only ever arrives as loaded rows or bound parameters.
"""The duplicate-detection engine: in-process DuckDB, Fellegi–Sunter scoring.

    engine = MatchEngine()
    engine.load(records)                 # PersonRecord iterable (registry), src "r"
    engine.load(incoming, src="i")       # optional: new or incoming records
    pairs = engine.run(pair_filter="all", threshold=0.5)

1. Blocking (sql.BLOCK_KEYS / sql.CANDIDATES): pairs sharing a national ID (or half of it),
   a phone, or cross-script name keys with a birth year or month/day.
2. Comparison (sql.COMPARE): one agreement level per field and pair.
3. Weights (model.py: fields, levels, parameters; training.py estimates them): u from
   random pairs, m from anchor pairs, the prior by capture–recapture, term-frequency
   adjustment on name agreement.
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

from . import sql, training
from .features import RAW_COLUMNS, PersonRecord, name_features, raw_row
from .model import (
    FIELDS,
    LEVEL_CODES,
    LEVELS,
    SAME_FAMILY_SQL,
    TF_ALIASES,
    TF_CLAMP,
    TF_FIELDS,
    Parameters,
    probability,
)


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

    def compare_random_pairs(self, count: int) -> None:
        """Fill `cmp` with the levels of `count` random pairs (for u)."""
        self.prepare()
        self.con.execute(sql.RANDOM_PAIRS.format(n=int(count)))
        self.con.execute(sql.COMPARE)
        self._blocked = None  # `cmp` now holds random pairs, not a blocking

    def train(self, *, u_sample: int = 1_000_000) -> Parameters:
        """Estimate the parameters on the loaded records (training.train)."""
        self.parameters = training.train(self, u_sample=u_sample)
        return self.parameters

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
