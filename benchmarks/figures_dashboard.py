"""The figures pages at scale on PostgreSQL (issue 17, "Measured"): 1,000,000 people and
about 5,000,000 events (benchmarks/figures_data.py writes them), timed through the engine.

    python -m benchmarks figures_dashboard --people 1000000
    python -m benchmarks figures_dashboard --people 20000     # a quick check
    make bench-figures

Environment: BENCH_FIGURES_DATABASE_URL (default postgres://postgres@127.0.0.1/
rowad_bench_figures, throwaway), BENCH_FIGURES_PEOPLE (1000000), BENCH_REPEAT (5). Without a
PostgreSQL server on 127.0.0.1 it says so and stops.

Timed, median of BENCH_REPEAT after one warm-up, for a national director's scope (every
province of Algeria):
1. the national dashboard: what figures:dashboard computes — queries.funnel, queries.totals
   of every group, registrations by province — target < 1 s;
2. a province dashboard (the same with province=<Algiers>) — target < 300 ms;
3. a drill-down page: engine.records(...) ordered as the page orders it, its first 50
   rows with their columns, and its count — target < 200 ms.

Each page is timed twice in the same run: the engine reading the records (plain ORM, the
cells switched off) and the engine reading its cells (rowad/figures/cells.py: each
indicator's records aggregated per day and province, computed from the engine's own
querysets), after a full refresh; the numbers of both are compared (equal, or the run
stops). Then one registration is added: the dashboard read while "registered" is stale
(that indicator live, the others from cells), the incremental refresh (only the changed
indicators), and the registration removed again.

Compared in the same run, (b) what a user would otherwise do: export the registrations to
CSV and pivot them with Python's csv + collections.Counter, and with DuckDB over the CSV.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import figures_data  # noqa: E402


def median_ms(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = function()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def set_jit(value: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET jit = {value}")


def director_scope():
    """A national director: one grant over every province of Algeria."""
    from rowad.accounts.enums import Role
    from rowad.accounts.scope import Grant, Scope
    from rowad.core.models import Province

    provinces = frozenset(Province.objects.filter(country_id="DZ").values_list("pk", flat=True))
    return Scope(
        user_id=None,
        roles=frozenset({Role.DIRECTOR}),
        organization_ids=frozenset({0}),
        provinces_by_role={Role.DIRECTOR: provinces},
        organizations_by_role={Role.DIRECTOR: frozenset({0})},
        grants=(Grant(Role.DIRECTOR, 0, provinces),),
    )


def dashboard(scope, filters) -> list:
    """What views.pages.dashboard computes (the numbers, without the template)."""
    from rowad.figures import cells, engine
    from rowad.figures.indicators import REGISTRY
    from rowad.figures.queries import funnel, totals
    from rowad.figures.views.pages import GROUPS

    with cells.reading():  # as the view (cells.read_once)
        steps = funnel(scope, filters)
        known = {step.indicator.code: step.figure for step in steps}
        return [
            steps,
            [totals(scope, filters, group, known) for group in GROUPS],
            engine.breakdown(REGISTRY["registered"], scope, filters, "province"),
        ]


def drill_down(code: str, scope, filters) -> tuple[int, list]:
    """What views.pages.records_page reads: the count and the first page with its columns."""
    from rowad.figures import cells
    from rowad.figures.indicators import REGISTRY

    indicator = REGISTRY[code]
    with cells.reading():  # as the view (cells.read_once)
        return _drill_down(indicator, scope, filters)


def _drill_down(indicator, scope, filters) -> tuple[int, list]:
    from django.core.paginator import Paginator

    from rowad.figures import engine
    from rowad.figures.views.pages import RECORDS_PER_PAGE

    total = engine.total(indicator, scope, filters)
    rows = engine.record_list(indicator, scope, filters)
    paginator = Paginator(rows, RECORDS_PER_PAGE)
    known = total.value if indicator.amount is None else engine.count(indicator, scope, filters)
    if known is not None:
        paginator.count = known
    page = paginator.get_page(1)
    lines = [[column.value(record) for column in indicator.columns] for record in page]
    return page.paginator.count, lines


@contextlib.contextmanager
def live():
    """The engine without its cells: every number read from the records (plain ORM)."""
    from unittest import mock

    from rowad.figures import cells

    with mock.patch.object(cells, "_answerable", lambda *args: None):
        yield


def numbers(result: list) -> list:
    """The values of a dashboard's figures (to compare the two paths)."""
    steps, groups, by_province = result
    return [
        [(s.indicator.code, s.figure.value, s.median_days) for s in steps],
        [[(f.indicator, f.value) for f in figures] for figures in groups],
        [(f.key, f.value) for f in by_province],
    ]


def per_indicator(scope, filters, repeat: int) -> list[tuple[float, str]]:
    from rowad.figures import engine
    from rowad.figures.indicators import REGISTRY

    timings = []
    for code, indicator in REGISTRY.items():
        ms, _figure = median_ms(lambda indicator=indicator: engine.total(indicator, scope, filters), repeat)
        timings.append((ms, code))
    return sorted(timings, reverse=True)


def explain(code: str, scope, filters) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the query behind one indicator's total."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rowad.figures import engine
    from rowad.figures.indicators import REGISTRY

    with CaptureQueriesContext(connection) as captured:
        engine.total(REGISTRY[code], scope, filters)
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [row[0] for row in cursor.fetchall()]


# -- (b) the tool a user would otherwise use --------------------------------------------


def export_registrations(path: Path) -> float:
    from django.db import connection

    started = time.perf_counter()
    query = (
        "COPY (SELECT r.id, r.captured_at::date AS day, s.province_id AS province, r.sex, r.age_band,"
        " c.programme_id AS programme FROM outreach_registration r JOIN outreach_stop s ON s.id = r.stop_id"
        " JOIN outreach_campaign c ON c.id = s.campaign_id) TO STDOUT WITH (FORMAT csv, HEADER true)"
    )
    with connection.cursor() as cursor, path.open("wb") as out, cursor.copy(query) as copy:
        for block in copy:
            out.write(block)
    return time.perf_counter() - started


def pivot_csv(path: Path) -> Counter:
    with path.open(newline="") as source:
        return Counter((row["province"], row["sex"], row["age_band"]) for row in csv.DictReader(source))


def pivot_duckdb(path: Path) -> int:
    import duckdb

    rows = duckdb.sql(
        f"SELECT province, sex, age_band, count(*) FROM read_csv_auto('{path}') GROUP BY ALL"
    ).fetchall()
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks figures_dashboard")
    parser.add_argument("--people", type=int, default=int(os.environ.get("BENCH_FIGURES_PEOPLE", 1_000_000)))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 5)))
    parser.add_argument("--explain", default="", help="indicator whose query to EXPLAIN (default: slowest)")
    args, _unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if not figures_data.server_up():
        print("no PostgreSQL server on 127.0.0.1 (psql -U postgres -h 127.0.0.1): figures benchmark skipped")
        return
    url = os.environ.get("BENCH_FIGURES_DATABASE_URL", figures_data.DEFAULT_URL)
    generated_s = figures_data.ensure(args.people, url)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rowad.core.models import Province
    from rowad.figures.engine import Filters
    from rowad.figures.indicators import REGISTRY
    from rowad.figures.models import FigureSnapshot

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}")
    print(f"date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM people_person), (SELECT count(*) FROM outreach_registration),"
            " (SELECT count(*) FROM dossiers_statechange), (SELECT count(*) FROM training_enrolment),"
            " (SELECT count(*) FROM financing_disbursement) + (SELECT count(*) FROM financing_payment),"
            " (SELECT count(*) FROM financing_instalment), (SELECT count(*) FROM dossiers_dossier),"
            " (SELECT count(*) FROM enterprises_enterprise), (SELECT count(*) FROM market_contract),"
            " pg_size_pretty(pg_database_size(current_database()))"
        )
        people, regs, changes, enrols, money, instalments, dossiers, enterprises, contracts, size = (
            cursor.fetchone()
        )
    print(
        f"data: {people:,} people, {regs:,} registrations, {changes:,} state changes, {enrols:,} enrolments,"
        f" {money:,} disbursements + payments ({regs + changes + enrols + money:,} events), {instalments:,}"
        f" instalments, {dossiers:,} dossiers, {enterprises:,} enterprises, {contracts:,} contracts;"
        f" database {size}; generated in {generated_s:.0f} s (0: kept)"
    )
    scope = director_scope()
    national = Filters(country="DZ")
    algiers = Province.objects.get(country_id="DZ", code="16")
    province = Filters(country="DZ", selected={"province": (algiers.pk,)})
    repeat = args.repeat

    pages = {
        "national dashboard": (lambda: dashboard(scope, national), 1000),
        f"province dashboard ({algiers.name_fr})": (lambda: dashboard(scope, province), 300),
        "drill-down 'registered', national": (lambda: drill_down("registered", scope, national), 200),
        "drill-down 'approved', province": (lambda: drill_down("approved", scope, province), 200),
        "drill-down 'amount_repaid', province": (lambda: drill_down("amount_repaid", scope, province), 200),
    }
    # JIT is off for the web process (rowad/settings.py); the same here.
    set_jit("off")
    from rowad.figures import cells
    from rowad.figures.models import FigureCell, FigureDelay

    print(f"(1) engine reading the records (plain ORM, cells off), median of {repeat} after a warm-up:")
    plain: dict[str, float] = {}
    plain_results: dict[str, Any] = {}
    with live():
        for label, (function, target) in pages.items():
            ms, plain_results[label] = median_ms(function, repeat)
            plain[label] = ms
            print(f"    {label:<44} {ms:9.1f} ms  (target < {target} ms)")
        timings = per_indicator(scope, national, 1)
        print("    the national dashboard's indicators (total, one run), slowest first (ms):")
        print("      " + ", ".join(f"{code} {ms:.0f}" for ms, code in timings))

    print("(2) cells: full refresh (manage.py refresh_figures --full)")
    started = time.perf_counter()
    refreshed = cells.refresh(full=True)
    full_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('figures_figurecell')"
            " + pg_total_relation_size('figures_figuredelay'))"
        )
        (cells_size,) = cursor.fetchone()
    print(
        f"    {len(refreshed)} indicators in {full_s:.1f} s: {FigureCell.objects.count():,} cells,"
        f" {FigureDelay.objects.count():,} delay counts ({cells_size})"
    )
    slow = FigureSnapshot.objects.order_by("-seconds")[:8]
    print("    slowest: " + ", ".join(f"{s.indicator} {s.seconds:.1f} s" for s in slow))
    print(f"    nothing changed: refresh again {median_ms(cells.refresh, 1)[0]:.0f} ms")

    print(f"(3) engine reading its cells (fresh), median of {repeat} after a warm-up:")
    results: dict[str, float] = {}
    for label, (function, target) in pages.items():
        ms, result = median_ms(function, repeat)
        results[label] = ms
        same = (
            numbers(result) == numbers(plain_results[label])
            if "dashboard" in label
            else (result == plain_results[label])
        )
        if not same:
            raise SystemExit(f"{label}: the cells and the records DISAGREE")
        verdict = "met" if ms < target else f"MISSED by {ms - target:,.0f} ms ({ms / target:.1f}x)"
        print(
            f"    {label:<44} {ms:9.1f} ms  (plain {plain[label]:,.0f} ms, {plain[label] / ms:,.0f}x;"
            f" same numbers; target < {target} ms: {verdict})"
        )

    print("(4) one registration added (committed): 'registered' stale until refreshed")
    from django.db.models import Exists, OuterRef

    from rowad.outreach.models import Registration, Stop

    added = Registration.objects.order_by("-pk").first()
    added.stop = (
        Stop.objects.filter(province=added.stop.province)
        .exclude(Exists(Registration.objects.filter(stop=OuterRef("pk"), person=added.person_id)))
        .first()
    )
    added.pk = None
    added.client_uuid = uuid.uuid4()
    added.save()
    stale = [code for code in REGISTRY if not cells.is_fresh(REGISTRY[code]) and not REGISTRY[code].parts]
    print(f"    stale: {', '.join(stale)}")
    ms, result = median_ms(lambda: dashboard(scope, national), 1)
    print(f"    national dashboard while stale (those live, the others from cells): {ms:,.0f} ms")
    started = time.perf_counter()
    redone = cells.refresh()
    print(f"    incremental refresh: {time.perf_counter() - started:.1f} s, recomputed {', '.join(redone)}")
    ms, after = median_ms(lambda: dashboard(scope, national), repeat)
    print(f"    national dashboard fresh again: {ms:,.1f} ms")
    with live():
        if numbers(after) != numbers(dashboard(scope, national)):
            raise SystemExit("after the refresh the cells and the records DISAGREE")
    Registration.objects.filter(pk=added.pk).delete()
    print(f"    removed again, refresh: {', '.join(cells.refresh())}")

    for code, filters in (("registered", national), ("amount_repaid", province), ("approved", province)):
        indicator = REGISTRY[code]
        with CaptureQueriesContext(connection) as captured:
            drill_down(code, scope, filters)
        sql = [q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"]][-1]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        print(f"    EXPLAIN ANALYZE of the first page of '{code}' ({indicator.ordering}):")
        for line in plan[:25]:
            print(f"      {line}")

    print("(b) what a user would otherwise do with the registrations:")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "registrations.csv"
        export_s = export_registrations(path)
        size_mb = path.stat().st_size / 1e6
        started = time.perf_counter()
        cells = pivot_csv(path)
        counter_s = time.perf_counter() - started
        started = time.perf_counter()
        duck_cells = pivot_duckdb(path)
        duck_s = time.perf_counter() - started
    print(f"    export to CSV (COPY): {export_s:.1f} s ({size_mb:.0f} MB)")
    print(f"    pivot province x sex x age band, csv + Counter: {counter_s:.1f} s ({len(cells):,} cells)")
    print(f"    same pivot, DuckDB over the CSV: {duck_s:.2f} s ({duck_cells:,} cells)")
    national = plain["national dashboard"] / 1000
    print(
        f"    ratios to the plain engine's whole national dashboard ({national:.2f} s): export + Counter"
        f" {(export_s + counter_s) / national:.1f}x, export + DuckDB {(export_s + duck_s) / national:.1f}x"
    )


if __name__ == "__main__":
    main()
