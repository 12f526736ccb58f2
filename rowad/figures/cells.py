"""Figures served from cells: each indicator's records aggregated per day and province.

The cells are computed FROM THE ENGINE's own querysets (`engine.records`, grouped by the
indicator's date and province): there is no second definition of a figure. They answer
only what they can answer exactly — a total, a breakdown by province, a series, a median
— for the filters they hold (country, provinces, period; no other dimension, current
divisions) and only while FRESH: the counters of every table the indicator reads
(`TableVersion`, bumped by database triggers in the writer's transaction) are those the
cells were computed at, and they were computed today. Otherwise the engine reads the
records live (exact) and a refresh is enqueued. A stale cell is never shown.

`refresh()` recomputes only the indicators whose tables changed (`--full`: all), each in
one transaction that reads the counters and the records from the same snapshot
(REPEATABLE READ on PostgreSQL), so the counters stored are those of the data counted.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone

from rowad.accounts.scope import Scope
from rowad.core.enums import CountryCode

from .dimensions import NONE
from .divisions import DivisionSet
from .indicators import REGISTRY, Indicator, Unit
from .models import FigureCell, FigureDelay, FigureSnapshot, TableVersion

if TYPE_CHECKING:
    from .engine import Filters

EVERYWHERE = Scope(user_id=None, is_platform_admin=True)
REFRESH_QUEUED = "figures:refresh-queued"


# -- What an indicator reads ----------------------------------------------------------------


def _table_names() -> list[str]:
    return sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True)}, key=len, reverse=True
    )


@cache
def source_tables(code: str) -> frozenset[str]:
    """The tables an indicator's cells are computed from: its model, the joined tables and
    those of its subqueries — every table named by the SQL of the queries `refresh_one`
    runs (the engine's records, grouped), for each country."""
    from . import engine

    indicator = REGISTRY[code]
    parts = engine.parts_of(indicator) if indicator.parts else [indicator]
    quote = connection.ops.quote_name
    tables: set[str] = set()
    for part in parts:
        for country in CountryCode.values:
            queries = [_cell_rows(part, country)]
            if part.since is not None:
                queries.append(_delay_rows(part, country))
            sql = " ".join(str(query.query) for query in queries)
            tables |= {name for name in _table_names() if quote(name) in sql}
    return frozenset(tables)


def _everything(country: str) -> Filters:
    from .engine import Filters

    return Filters(country=country)


def current_versions(tables: Iterable[str]) -> dict[str, int]:
    return dict(TableVersion.objects.filter(table__in=list(tables)).values_list("table", "version"))


def _fresh_codes(codes: Iterable[str] | None = None) -> set[str]:
    """The indicators (among `codes`; None: all) whose cells are fresh, in two queries."""
    snapshots = FigureSnapshot.objects.filter(as_of=timezone.localdate())
    if codes is not None:
        snapshots = snapshots.filter(pk__in=list(codes))
    snapshots = list(snapshots)
    tables = {t for s in snapshots if s.indicator in REGISTRY for t in source_tables(s.indicator)}
    versions = current_versions(tables) if tables else {}
    fresh = set()
    for snapshot in snapshots:
        if snapshot.indicator not in REGISTRY:
            continue
        wanted = source_tables(snapshot.indicator)
        if wanted <= versions.keys() and snapshot.versions == _stamp({t: versions[t] for t in wanted}):
            fresh.add(snapshot.indicator)
    return fresh


def _stamp(versions: dict[str, int]) -> dict[str, Any]:
    """What a snapshot must match: its tables' counters, and the time zone its days were
    cut in (a record's day is its local date)."""
    return {**{t: versions[t] for t in sorted(versions)}, "@timezone": timezone.get_current_timezone_name()}


def is_fresh(indicator: Indicator) -> bool:
    """The indicator's cells hold its records as they are now: computed today, at the
    counters its tables have now (a table without a counter is never fresh). Inside
    `reading()`, as they were when the reading began."""
    memo = _reading.get()
    if memo is None:
        return indicator.code in _fresh_codes([indicator.code])
    if "fresh" not in memo:
        memo["fresh"] = _fresh_codes()
    return indicator.code in memo["fresh"]


# -- Reading the cells --------------------------------------------------------------------

_reading: ContextVar[dict | None] = ContextVar("figures_cells_reading", default=None)


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """One page's reading: the freshness of every indicator is checked once, when it
    begins (2 queries), and the totals and medians of every fresh indicator are read in
    one query per set of filters. The page shows the figures as they were when it began
    (each one exact at that moment); without it every figure checks its own freshness."""
    token = _reading.set({})
    try:
        yield
    finally:
        _reading.reset(token)


def read_once(view: Callable) -> Callable:
    """A view whose figures are read within one `reading()`."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with reading():
            return view(*args, **kwargs)

    return wrapped


def _where(scope: Scope, filters: Filters) -> tuple[Q, tuple]:
    """The cells of the reader's scope and the filters (every indicator), and a key of it."""
    from .engine import readable_provinces

    condition = Q(country=filters.country)
    allowed = readable_provinces(scope)
    if allowed is not None:
        condition &= Q(province__in=sorted(allowed))
    keys = filters.selected.get("province")
    if keys:
        wanted = Q(province__in=[k for k in keys if k != NONE])
        if NONE in keys:
            wanted |= Q(province__isnull=True)
        condition &= wanted
    if filters.start:
        condition &= Q(day__gte=filters.start)
    if filters.end:
        condition &= Q(day__lte=filters.end)
    key = (filters.country, allowed and tuple(sorted(allowed)), tuple(keys or ()), filters.start, filters.end)
    return condition, key


def _can_answer(indicator: Indicator, filters: Filters) -> bool:
    """The cells hold what this figure needs (fresh or not): no sum of parts, current
    divisions, no dimension but the province, the province the scope reads."""
    if indicator.parts or filters.divisions != DivisionSet.CURRENT:
        return False
    if any(code != "province" for code in filters.selected):
        return False
    return indicator.dimensions.get("province", indicator.province) == indicator.province


def _answerable(indicator: Indicator, scope: Scope, filters: Filters) -> Q | None:
    """The cells holding exactly the records `engine.records` would count, or None when
    the cells cannot answer (`_can_answer`, or stale cells: then a refresh is enqueued)."""
    if not _can_answer(indicator, filters):
        return None
    if not is_fresh(indicator):
        enqueue_refresh()
        return None
    return Q(indicator=indicator.code) & _where(scope, filters)[0]


def _value(indicator: Indicator, count: int | None, amount: Decimal | None) -> int | Decimal:
    if indicator.amount is None:
        return count or 0
    amount = Decimal(amount or 0).quantize(Decimal("0.01"))
    return amount if indicator.unit == Unit.MONEY else int(amount)


def total(indicator: Indicator, scope: Scope, filters: Filters) -> int | Decimal | None:
    """The indicator's number from its cells (None: the cells cannot answer)."""
    condition = _answerable(indicator, scope, filters)
    if condition is None:
        return None
    memo = _reading.get()
    if memo is not None:
        where, key = _where(scope, filters)
        sums = memo.setdefault("totals", {})
        if key not in sums:
            rows = (
                FigureCell.objects.filter(where, indicator__in=sorted(memo["fresh"]))
                .values("indicator")
                .annotate(count=Sum("count"), amount=Sum("amount"))
                .order_by()
            )
            sums[key] = {row["indicator"]: (row["count"], row["amount"]) for row in rows}
        return _value(indicator, *sums[key].get(indicator.code, (0, None)))
    sums = FigureCell.objects.filter(condition).aggregate(count=Sum("count"), amount=Sum("amount"))
    return _value(indicator, sums["count"], sums["amount"])


def count(indicator: Indicator, scope: Scope, filters: Filters) -> int | None:
    """How many records the figure counts (the drill-down's count), from the cells."""
    condition = _answerable(indicator, scope, filters)
    if condition is None:
        return None
    return FigureCell.objects.filter(condition).aggregate(count=Sum("count"))["count"] or 0


def by_province(indicator: Indicator, scope: Scope, filters: Filters) -> list[tuple[Any, Any]] | None:
    """(province id or None, value) rows, as the engine's grouped query returns them."""
    condition = _answerable(indicator, scope, filters)
    if condition is None:
        return None
    rows = (
        FigureCell.objects.filter(condition)
        .values("province")
        .annotate(count=Sum("count"), amount=Sum("amount"))
        .order_by()
    )
    return [(row["province"], _value(indicator, row["count"], row["amount"])) for row in rows]


def by_day(indicator: Indicator, scope: Scope, filters: Filters) -> list[tuple[datetime.date, Any]] | None:
    """(day, value) rows with a day, for the series (the engine skips records without one)."""
    condition = _answerable(indicator, scope, filters)
    if condition is None:
        return None
    rows = (
        FigureCell.objects.filter(condition, day__isnull=False)
        .values("day")
        .annotate(count=Sum("count"), amount=Sum("amount"))
        .order_by("day")
    )
    return [(row["day"], _value(indicator, row["count"], row["amount"])) for row in rows]


def median_days(indicator: Indicator, scope: Scope, filters: Filters) -> tuple[bool, float | None]:
    """(answered, median): the median of the days from the step before, from the counts
    of each delay (the same value as statistics.median over every record's delay)."""
    condition = _answerable(indicator, scope, filters)
    if condition is None:
        return False, None
    memo = _reading.get()
    if memo is not None:
        where, key = _where(scope, filters)
        delays = memo.setdefault("delays", {})
        if key not in delays:
            counted: dict[str, list[tuple[int, int]]] = {}
            rows = (
                FigureDelay.objects.filter(where, indicator__in=sorted(memo["fresh"]))
                .values_list("indicator", "days")
                .annotate(n=Sum("count"))
                .order_by("indicator", "days")
            )
            for code, days, n in rows:
                counted.setdefault(code, []).append((days, n))
            delays[key] = counted
        return True, weighted_median(delays[key].get(indicator.code, []))
    rows = (
        FigureDelay.objects.filter(condition)
        .values("days")
        .annotate(n=Sum("count"))
        .order_by("days")
        .values_list("days", "n")
    )
    return True, weighted_median(list(rows))


def weighted_median(counts: list[tuple[int, int]]) -> float | None:
    """statistics.median of the values `value` repeated `n` times, for sorted pairs."""
    size = sum(n for _value, n in counts)
    if not size:
        return None
    wanted = [(size - 1) // 2, size // 2]
    found: list[int] = []
    seen = 0
    for value, n in counts:
        while wanted and wanted[0] < seen + n:
            found.append(value)
            wanted.pop(0)
        seen += n
    return found[0] if size % 2 else statistics.mean(found)


# -- Refreshing them ------------------------------------------------------------------------


def enqueue_refresh() -> None:
    """Ask for a refresh once (the same request from every stale read within a minute is
    one task), after the reader's transaction."""
    if django_cache.add(REFRESH_QUEUED, True, timeout=60):
        transaction.on_commit(_enqueue)


def _enqueue() -> None:
    from .tasks import refresh_figures

    refresh_figures.enqueue()


def refresh(*, full: bool = False) -> list[str]:
    """Recompute the cells of every indicator whose tables changed since its cells were
    computed (or computed on another day; `full`: every indicator). Returns the codes
    recomputed."""
    done = []
    for indicator in REGISTRY.values():
        if indicator.parts:
            continue
        if refresh_one(indicator, full=full):
            done.append(indicator.code)
    django_cache.delete(REFRESH_QUEUED)
    return done


def refresh_one(indicator: Indicator, *, full: bool = False) -> bool:
    tables = sorted(source_tables(indicator.code))
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # The counters and the records read from one snapshot of the database.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        versions = current_versions(tables)
        versions = _stamp({t: versions[t] for t in tables if t in versions})
        today = timezone.localdate()
        snapshot = FigureSnapshot.objects.filter(pk=indicator.code).first()
        if not full and snapshot and snapshot.as_of == today and snapshot.versions == versions:
            return False
        started = time.perf_counter()
        FigureCell.objects.filter(indicator=indicator.code).delete()
        FigureDelay.objects.filter(indicator=indicator.code).delete()
        for country in CountryCode.values:
            _write_cells(indicator, country)
            if indicator.since is not None:
                _write_delays(indicator, country)
        FigureSnapshot.objects.update_or_create(
            pk=indicator.code,
            defaults={
                "versions": versions,
                "as_of": today,
                "computed_at": timezone.now(),
                "seconds": time.perf_counter() - started,
            },
        )
    return True


def _cell_rows(indicator: Indicator, country: str) -> QuerySet:
    """Each record the engine counts for `country`, as (day, province[, amount])."""
    from . import engine

    records = engine.records(indicator, EVERYWHERE, _everything(country))
    columns: dict[str, Any] = {"c_day": F(indicator.date), "c_province": F(indicator.province)}
    if indicator.amount:
        columns["c_amount"] = F(indicator.amount)
    return records.values(**columns).order_by()


def _delay_rows(indicator: Indicator, country: str) -> QuerySet:
    """The two dates of each record `engine.median_days` reads, with its province."""
    from . import engine

    _previous, reached_before = indicator.since
    return (
        engine.records(indicator, EVERYWHERE, _everything(country))
        .annotate(reached_before=reached_before())
        .filter(reached_before__isnull=False)
        .values_list(indicator.date, indicator.province, "reached_before")
        .order_by()
    )


def _write_cells(indicator: Indicator, country: str) -> None:
    """INSERT … SELECT of the engine's records grouped by day and province, inside the
    database (each record once in a derived table: grouping the annotated queryset itself
    would repeat its subqueries in GROUP BY)."""
    sql, params = _cell_rows(indicator, country).query.sql_with_params()
    amount = "SUM(q.c_amount)" if indicator.amount else "NULL"
    table = connection.ops.quote_name(FigureCell._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (indicator, country, day, province, count, amount)"  # noqa: S608
            f" SELECT %s, %s, q.c_day, q.c_province, COUNT(*), {amount} FROM ({sql}) q"
            " GROUP BY q.c_day, q.c_province",
            [indicator.code, country, *params],
        )


def _write_delays(indicator: Indicator, country: str) -> None:
    """The days from the step before of each record, counted per day, province and
    delay: the same pairs `engine.median_days` reads, counted in Python."""
    from . import engine

    pairs = _delay_rows(indicator, country).iterator(chunk_size=10_000)
    counted: Counter = Counter()
    for after, province, before in pairs:
        if after and before:
            day = engine._as_date(after)
            counted[(day, province, (day - engine._as_date(before)).days)] += 1
    FigureDelay.objects.bulk_create(
        (
            FigureDelay(indicator=indicator.code, country=country, day=d, province=p, days=n, count=c)
            for (d, p, n), c in counted.items()
        ),
        batch_size=5_000,
    )


def tracked_tables() -> frozenset[str]:
    """The tables with a change counter (their triggers are in the figures migrations)."""
    return frozenset(TableVersion.objects.values_list("table", flat=True))
