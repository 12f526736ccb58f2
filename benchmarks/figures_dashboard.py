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

Compared in the same run:
(a) materialized aggregates: a summary table (indicator × day × province × programme ×
    sex × age band) filled FROM THE ENGINE's own querysets (each indicator's records,
    grouped, turned into SQL: no second definition of a figure), its full build time, an
    incremental refresh of the last days (delete + re-insert of the days from a date), and
    the dashboards read from it;
(b) what a user would otherwise do: export the registrations to CSV and pivot them with
    Python's csv + collections.Counter, and with DuckDB over the same CSV.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import figures_data  # noqa: E402

SUMMARY_DIMENSIONS = ("province", "programme", "sex", "age_band")


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
    from rowad.figures import engine
    from rowad.figures.indicators import REGISTRY
    from rowad.figures.queries import funnel, totals
    from rowad.figures.views.pages import GROUPS

    steps = funnel(scope, filters)
    known = {step.indicator.code: step.figure for step in steps}
    return [
        steps,
        [totals(scope, filters, group, known) for group in GROUPS],
        engine.breakdown(REGISTRY["registered"], scope, filters, "province"),
    ]


def drill_down(code: str, scope, filters) -> tuple[int, list]:
    """What views.pages.records_page reads: the count and the first page with its columns."""
    from django.core.paginator import Paginator

    from rowad.figures import engine
    from rowad.figures.indicators import REGISTRY
    from rowad.figures.views.pages import RECORDS_PER_PAGE

    indicator = REGISTRY[code]
    rows = engine.records(indicator, scope, filters).select_related(*indicator.select_related)
    rows = rows.order_by(f"-{indicator.date}", "-pk")
    page = Paginator(rows, RECORDS_PER_PAGE).get_page(1)
    lines = [[column.value(record) for column in indicator.columns] for record in page]
    return page.paginator.count, lines


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


# -- (a) materialized aggregates, filled from the engine --------------------------------


def summary_sql(indicator, since: datetime.date | None) -> str:
    """INSERT … SELECT of one indicator's records grouped by day and the summary's
    dimensions, from the engine's queryset (unrestricted scope: the reader's scope is
    applied on the summary's province)."""
    from django.db import connection
    from django.db.models import BigIntegerField, CharField, F, Value

    from rowad.accounts.scope import Scope
    from rowad.figures import engine

    filters = engine.Filters(country="DZ", start=since)
    qs = engine.records(indicator, Scope(user_id=None, is_platform_admin=True), filters)
    columns = {"s_day": F(indicator.date)}
    for dimension in SUMMARY_DIMENSIONS:
        path = indicator.dimensions.get(dimension)
        empty = CharField() if dimension in ("sex", "age_band") else BigIntegerField()
        columns[f"d_{dimension}"] = F(path) if path else Value(None, output_field=empty)
    columns["s_pk"] = F("pk")
    if indicator.amount:
        columns["s_amount"] = F(indicator.amount)
    # Each record's row once in a derived table, grouped outside: grouping the annotated
    # queryset directly repeats its subqueries (lead holder, first state change) in GROUP BY.
    sql, params = qs.values(**columns).order_by().query.sql_with_params()
    select = connection.ops.compose_sql(sql, params)
    names = ", ".join(f"q.d_{d}" for d in SUMMARY_DIMENSIONS)
    measure = "coalesce(sum(q.s_amount), 0)" if indicator.amount else "count(DISTINCT q.s_pk)"
    return (
        "INSERT INTO figures_summary (indicator, day, province, programme, sex, age_band, value) "
        f"SELECT '{indicator.code}', q.s_day, {names}, {measure} FROM ({select}) q GROUP BY 2, 3, 4, 5, 6"
    )


def build_summary() -> float:
    from django.db import connection, transaction

    from rowad.figures.indicators import REGISTRY

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE IF EXISTS figures_summary; CREATE TABLE figures_summary (indicator varchar(40) NOT NULL,"
            " day date, province bigint, programme bigint, sex varchar(1), age_band varchar(10),"
            " value numeric NOT NULL)"
        )
        for indicator in REGISTRY.values():
            cursor.execute(summary_sql(indicator, None))
        cursor.execute("CREATE INDEX ON figures_summary (province, indicator); ANALYZE figures_summary")
    return time.perf_counter() - started


def refresh_summary(since: datetime.date) -> float:
    """The incremental refresh: the days from `since` deleted and computed again."""
    from django.db import connection, transaction

    from rowad.figures.indicators import REGISTRY

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM figures_summary WHERE day >= %s", [since])
        for indicator in REGISTRY.values():
            cursor.execute(summary_sql(indicator, since))
    return time.perf_counter() - started


def summary_dashboard(provinces: list[int]) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indicator, sum(value) FROM figures_summary WHERE province = ANY(%s) GROUP BY indicator",
            [provinces],
        )
        totals = dict(cursor.fetchall())
        cursor.execute(
            "SELECT province, sum(value) FROM figures_summary WHERE indicator = 'registered'"
            " AND province = ANY(%s) GROUP BY province",
            [provinces],
        )
        totals["by_province"] = dict(cursor.fetchall())
    return totals


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

    from rowad.core.models import Province
    from rowad.figures.engine import Filters

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
    # PostgreSQL's JIT (on by default, above jit_above_cost) compiles the big plans of the
    # annotated querysets; the engine is first timed with it (one run after the warm-up, on
    # the two dashboards), then without it (`SET jit = off`, median of `repeat`).
    set_jit("on")
    print("engine (plain ORM), jit = on (the server's default), one run after a warm-up:")
    with_jit: dict[str, float] = {}
    for label in list(pages)[:2]:
        ms, _result = median_ms(pages[label][0], 1)
        with_jit[label] = ms
        print(f"    {label:<44} {ms:9.1f} ms")
    set_jit("off")
    print(f"engine (plain ORM), jit = off, median of {repeat} after a warm-up:")
    results: dict[str, float] = {}
    for label, (function, target) in pages.items():
        ms, _result = median_ms(function, repeat)
        results[label] = ms
        verdict = "met" if ms < target else f"MISSED by {ms - target:,.0f} ms ({ms / target:.1f}x)"
        print(f"    {label:<44} {ms:9.1f} ms  (target < {target} ms: {verdict})")
    timings = per_indicator(scope, national, 1)
    print("    the national dashboard's indicators (total, one run), slowest first (ms):")
    print("      " + ", ".join(f"{code} {ms:.0f}" for ms, code in timings))
    slowest = args.explain or timings[0][1]
    print(f"    EXPLAIN (ANALYZE, BUFFERS) of '{slowest}' (national):")
    for line in explain(slowest, scope, national)[:40]:
        print(f"      {line}")

    print("(a) materialized aggregates filled from the engine's querysets:")
    build_s = build_summary()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('figures_summary')) FROM figures_summary"
        )
        rows, table_size = cursor.fetchone()
    print(f"    full build: {build_s:.1f} s ({rows:,} rows, {table_size})")
    since = datetime.date(2026, 11, 24)
    refresh_s = refresh_summary(since)
    print(f"    incremental refresh of the days from {since}: {refresh_s:.1f} s")
    every = list(Province.objects.filter(country_id="DZ").values_list("pk", flat=True))
    national_ms, _ = median_ms(lambda: summary_dashboard(every), repeat)
    province_ms, _ = median_ms(lambda: summary_dashboard([algiers.pk]), repeat)
    print(
        f"    national dashboard from the summary: {national_ms:.1f} ms"
        f" ({results['national dashboard'] / national_ms:,.0f}x faster than the engine)"
    )
    print(
        f"    province dashboard from the summary: {province_ms:.1f} ms"
        f" ({results[f'province dashboard ({algiers.name_fr})'] / province_ms:,.0f}x faster)"
    )

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
    national = results["national dashboard"] / 1000
    print(
        f"    ratios to the engine's whole national dashboard ({national:.2f} s): export + Counter"
        f" {(export_s + counter_s) / national:.1f}x, export + DuckDB {(export_s + duck_s) / national:.1f}x"
    )


if __name__ == "__main__":
    main()
