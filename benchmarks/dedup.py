"""Duplicate detection: Rowad's engine beside Splink (DuckDB backend) on the same synthetic
registry, in the same run.

    python -m benchmarks dedup                      # 100,000 and 1,000,000, both profiles
    ROWAD_BENCH_DEDUP_SIZES=100000 python -m benchmarks dedup

Each (tool, size, profile) runs in its own process so peak memory (max RSS) is its own.
Generation time is not counted; the timed part is everything from records in memory to
scored pairs (features, load, training, blocking, scoring).
Reported: pairwise precision, recall and F1 against the ground truth at each tool's
default threshold and at its best threshold (an oracle cut, the same for both tools),
recall on cross-script pairs (one record in Arabic script only, the other Latin only),
wall time, peak memory.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

SIZES = [int(s) for s in os.environ.get("ROWAD_BENCH_DEDUP_SIZES", "100000,1000000").split(",")]
PROFILES = os.environ.get("ROWAD_BENCH_DEDUP_PROFILES", "standard,hard").split(",")
TOOLS = os.environ.get("ROWAD_BENCH_DEDUP_TOOLS", "rowad,splink").split(",")
TIMEOUT = int(os.environ.get("ROWAD_BENCH_DEDUP_TIMEOUT", "1800"))
ROWAD_THRESHOLD_BITS = 16.0  # the engine's default "likely duplicate" cut (match weight)


def _cpu_seconds() -> float:
    """CPU time of this process and its threads (DuckDB's workers are threads): on a
    shared machine wall time depends on the neighbours, CPU time much less."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_rowad(records) -> tuple[list[tuple[int, int, float]], float]:
    from rowad.people.matching.engine import MatchEngine
    from rowad.people.matching.features import PersonRecord

    engine = MatchEngine(threads=2)
    engine.load(
        PersonRecord(
            rid=r.rid,
            given_name_ar=r.given_name_ar,
            family_name_ar=r.family_name_ar,
            given_name_latin=r.given_name_latin,
            family_name_latin=r.family_name_latin,
            national_id=r.national_id,
            phone=r.phone,
            phone_alt=r.phone_alt,
            birth_date=r.birth_date,
            sex=r.sex,
            province=r.province,
            country=r.country,
        )
        for r in records
    )
    engine.train()
    pairs = engine.run(threshold=0.5, explain=False, parameters=engine.parameters)
    return [(p.rid_l, p.rid_r, p.weight) for p in pairs], ROWAD_THRESHOLD_BITS


def _run_splink(records) -> tuple[list[tuple[int, int, float]], float]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from rowad.people.matching.features import phone_digits

    # What a user loads: one column per name (Latin when written, else Arabic: Splink
    # has no transliteration), the birth date as text, phones cleaned to their digits.
    frame = pd.DataFrame(
        {
            "unique_id": [r.rid for r in records],
            "first_name": [(r.given_name_latin or r.given_name_ar).lower() or None for r in records],
            "surname": [(r.family_name_latin or r.family_name_ar).lower() or None for r in records],
            "dob": [r.birth_date.isoformat() if r.birth_date else None for r in records],
            "national_id": [r.national_id or None for r in records],
            "phone": [phone_digits(r.phone) or None for r in records],
            "sex": [r.sex or None for r in records],
            "province": [r.province or None for r in records],
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("national_id"),
            block_on("phone"),
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
        ],
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.LevenshteinAtThresholds("national_id", 1),
            cl.ExactMatch("phone"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("province"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    import duckdb

    connection = duckdb.connect()
    # Capped so the shared machine survives; DuckDB spills to disk beyond it.
    connection.execute(f"SET memory_limit = '{os.environ.get('ROWAD_BENCH_SPLINK_MEMORY', '8GB')}'")
    connection.execute("SET threads = 2")
    linker = Linker(frame, settings, db_api=DuckDBAPI(connection=connection))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("national_id"), block_on("first_name", "surname", "dob")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("national_id"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    pairs = list(
        zip(
            predictions["unique_id_l"].astype(int),
            predictions["unique_id_r"].astype(int),
            predictions["match_weight"].astype(float),
            strict=True,
        )
    )
    return [(min(a, b), max(a, b), w) for a, b, w in pairs], 0.0  # p >= 0.5 <=> weight >= 0


def _evaluate(pairs, default_cut, truth_pairs, cross_pairs) -> dict:
    def score(cut):
        predicted = {(a, b) for a, b, w in pairs if w >= cut}
        hits = len(predicted & truth_pairs)
        precision = hits / len(predicted) if predicted else 0.0
        recall = hits / len(truth_pairs) if truth_pairs else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        cross = len(predicted & cross_pairs) / len(cross_pairs) if cross_pairs else 0.0
        return {"cut": cut, "precision": precision, "recall": recall, "f1": f1, "cross_recall": cross}

    default = score(default_cut)
    cuts = sorted({round(w) for _, _, w in pairs})
    best = max((score(c) for c in [*cuts[:: max(1, len(cuts) // 60)], default_cut]), key=lambda s: s["f1"])
    return {"default": default, "best": best}


def child(tool: str, size: int, profile: str) -> None:
    from benchmarks._synthetic_people import generate, true_pairs

    records, truth = generate(size, profile)
    rids = [r.rid for r in records]
    truth_pairs = true_pairs(truth, rids)
    by_id = {r.rid: r for r in records}

    def script(r):
        ar = bool(r.given_name_ar or r.family_name_ar)
        lat = bool(r.given_name_latin or r.family_name_latin)
        return "ar" if ar and not lat else ("lat" if lat and not ar else "both")

    cross_pairs = {(a, b) for a, b in truth_pairs if {script(by_id[a]), script(by_id[b])} == {"ar", "lat"}}
    memory_before = _peak_mb()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    pairs, cut = (_run_rowad if tool == "rowad" else _run_splink)(records)
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    result = _evaluate(pairs, cut, truth_pairs, cross_pairs)
    result.update(
        tool=tool,
        size=size,
        profile=profile,
        seconds=seconds,
        cpu_seconds=cpu,
        peak_mb=_peak_mb(),
        peak_mb_before=memory_before,
        true_pairs=len(truth_pairs),
        cross_pairs=len(cross_pairs),
    )
    print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    results = []
    for size in SIZES:
        for profile in PROFILES:
            for tool in TOOLS:
                started = time.time()
                try:
                    out = subprocess.run(
                        [sys.executable, "-m", "benchmarks.dedup", "--child", tool, str(size), profile],
                        capture_output=True,
                        text=True,
                        timeout=TIMEOUT,
                        check=False,
                    )
                    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")]
                    if lines:
                        result = json.loads(lines[-1][7:])
                    else:
                        result = {"tool": tool, "size": size, "profile": profile, "error": out.stderr[-400:]}
                except subprocess.TimeoutExpired:
                    result = {"tool": tool, "size": size, "profile": profile, "error": f"timeout {TIMEOUT}s"}
                result["load_average"] = os.getloadavg()
                result["wall_incl_generation"] = time.time() - started
                results.append(result)
                print(_line(result), flush=True)
    print(json.dumps(results))


def _line(r: dict) -> str:
    if "error" in r:
        return f"{r['tool']:7} {r['size']:>9,} {r['profile']:8} ERROR {r['error']}"
    d, b = r["default"], r["best"]
    return (
        f"{r['tool']:7} {r['size']:>9,} {r['profile']:8} "
        f"P={d['precision']:.3f} R={d['recall']:.3f} F1={d['f1']:.3f} cross-R={d['cross_recall']:.3f} | "
        f"best F1={b['f1']:.3f} (cut {b['cut']}) cross-R={b['cross_recall']:.3f} | "
        f"{r['seconds']:.1f} s wall, {r.get('cpu_seconds', 0):.1f} s CPU, peak {r['peak_mb']:.0f} MB "
        f"(data alone {r['peak_mb_before']:.0f} MB), load {r['load_average'][0]:.1f}"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main()
