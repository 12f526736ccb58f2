"""Figures served from cells (rowad/figures/cells.py): the cells give every indicator's
number, province breakdown, series and median exactly as the engine reads them live;
a change to a record counted makes the indicator stale (read live, exact) and the next
refresh recomputes only the indicators whose tables changed; the triggers exist and
count the changes."""

from __future__ import annotations

import datetime
import random
import statistics
import uuid

import pytest
from django.db import connection
from django.urls import reverse

import rowad.figures.definitions  # noqa: F401  (fills the registry)
from rowad.accounts.scope import scope_for
from rowad.figures import cells, engine
from rowad.figures.dimensions import NONE
from rowad.figures.engine import Filters
from rowad.figures.indicators import REGISTRY
from rowad.figures.models import FigureCell, FigureSnapshot, TableVersion
from rowad.outreach.models import VisitorTally
from tests.figures.chain import FEB, JAN

pytestmark = pytest.mark.django_db

CELL_CODES = [code for code, indicator in REGISTRY.items() if not indicator.parts]


def _filters(chain) -> list[Filters]:
    return [
        Filters(country="DZ"),
        Filters(country="MA"),
        Filters(country="DZ", start=JAN, end=JAN + datetime.timedelta(days=20)),
        Filters(country="DZ", start=FEB),
        Filters(country="DZ", selected={"province": (chain.oran.pk,)}),
        Filters(country="DZ", selected={"province": (chain.alger.pk, NONE)}, end=FEB),
    ]


def _scopes(chain):
    return [cells.EVERYWHERE, scope_for(chain.director), scope_for(chain.officer)]


def _read(indicator, scope, filters):
    return (
        engine.total(indicator, scope, filters).value,
        [(f.key, f.value, f.label) for f in engine.breakdown(indicator, scope, filters, "province")],
        {
            step: [(f.key, f.value) for f in engine.series(indicator, scope, filters, step)]
            for step in ("month", "quarter", "year")
        },
        engine.median_days(indicator, scope, filters),
    )


def _live_records_forbidden(monkeypatch):
    """From here on, reading an indicator's records fails: only the cells may answer."""

    def refuse(*args, **kwargs):
        raise AssertionError("read live, not from the cells")

    monkeypatch.setattr(engine, "records", refuse)


def test_cells_equal_the_live_engine_for_every_indicator(chain, monkeypatch):
    cases = [
        (code, scope, filters) for code in REGISTRY for scope in _scopes(chain) for filters in _filters(chain)
    ]
    live = {
        (code, i): _read(REGISTRY[code], scope, filters) for i, (code, scope, filters) in enumerate(cases)
    }
    assert any(value[0] for value in live.values())  # the chain has figures to compare

    refreshed = cells.refresh()
    assert sorted(refreshed) == sorted(CELL_CODES)
    assert all(cells.is_fresh(REGISTRY[code]) for code in CELL_CODES)
    assert FigureCell.objects.exists()
    monkeypatch.setattr(cells, "enqueue_refresh", lambda: pytest.fail("fresh cells asked for a refresh"))
    # The cells' own reads never call engine.records: this proves the cells answered.
    _live_records_forbidden(monkeypatch)
    for i, (code, scope, filters) in enumerate(cases):
        assert _read(REGISTRY[code], scope, filters) == live[(code, i)], (code, scope, filters)


def test_other_dimensions_and_divisions_stay_live(chain):
    cells.refresh()
    indicator = REGISTRY["registered"]
    by_sex = Filters(country="DZ", selected={"sex": ("F",)})
    assert cells.total(indicator, cells.EVERYWHERE, by_sex) is None
    old_divisions = Filters(country="DZ", divisions="dz-1984")
    assert cells.total(indicator, cells.EVERYWHERE, old_divisions) is None
    assert cells.total(indicator, cells.EVERYWHERE, Filters(country="DZ")) is not None


def test_a_changed_record_makes_its_indicators_stale_and_read_live(chain, django_capture_on_commit_callbacks):
    cells.refresh()
    counted = REGISTRY["visitors_counted"]
    scope = scope_for(chain.director)
    filters = Filters(country="DZ")
    before = engine.total(counted, scope, filters).value
    assert cells.is_fresh(counted)

    stop = chain.stops[0]
    VisitorTally.objects.create(client_uuid=uuid.uuid4(), stop=stop, day=FEB, count=1000)

    assert not cells.is_fresh(counted)
    assert cells.is_fresh(REGISTRY["registered"])  # another table: still fresh
    with django_capture_on_commit_callbacks() as callbacks:
        assert engine.total(counted, scope, filters).value == before + 1000  # live and exact
        engine.total(counted, scope, filters)
    assert len(callbacks) == 1  # one refresh asked for, however many stale reads

    refreshed = cells.refresh()
    # Only the indicators reading visitor tallies are recomputed.
    assert sorted(refreshed) == ["event_head_count", "visitors_counted"]
    assert cells.is_fresh(counted)
    assert cells.total(counted, scope, filters) == before + 1000
    assert cells.refresh() == []


def test_full_refresh_recomputes_everything(chain):
    cells.refresh()
    assert cells.refresh() == []
    assert sorted(cells.refresh(full=True)) == sorted(CELL_CODES)


def test_cells_of_another_day_are_not_read(chain):
    cells.refresh()
    FigureSnapshot.objects.update(as_of=datetime.date(2020, 1, 1))
    assert not cells.is_fresh(REGISTRY["alive_1y"])
    assert sorted(cells.refresh()) == sorted(CELL_CODES)


def test_every_table_an_indicator_reads_has_a_counter(chain):
    tracked = cells.tracked_tables()
    for code in REGISTRY:
        assert cells.source_tables(code) <= tracked, code
    assert "outreach_registration" in cells.source_tables("registered")


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname = 'figures_version'"
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'figures_version_%'"
        )
        return {row[0] for row in cursor.fetchall()}


def test_triggers_exist_and_count_insert_update_delete(chain):
    assert cells.tracked_tables() <= _triggers()

    def version() -> int:
        return TableVersion.objects.get(table="outreach_visitortally").version

    start = version()
    tally = VisitorTally.objects.create(client_uuid=uuid.uuid4(), stop=chain.stops[1], day=JAN, count=3)
    assert version() == start + 1
    VisitorTally.objects.filter(pk=tally.pk).update(count=4)
    assert version() == start + 2
    VisitorTally.objects.filter(pk=tally.pk).delete()
    assert version() == start + 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE: PostgreSQL only")
def test_truncate_counts_on_postgresql(chain):
    before = TableVersion.objects.get(table="market_sponsorpayment").version
    with connection.cursor() as cursor:
        # The fixture's deferred foreign-key checks first (TRUNCATE refuses pending ones).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE market_sponsorpayment")
    assert TableVersion.objects.get(table="market_sponsorpayment").version == before + 1


def test_weighted_median_is_the_median():
    rng = random.Random(7)
    for size in range(1, 40):
        values = [rng.randint(-5, 60) for _ in range(size)]
        counted = sorted({v: values.count(v) for v in values}.items())
        assert cells.weighted_median(counted) == statistics.median(values)
    assert cells.weighted_median([]) is None


def _page_numbers(response) -> list:
    context = response.context
    return [
        [(s.indicator.code, s.figure.value, s.median_days) for s in context["funnel"]],
        [[(f.indicator, f.value) for f in figures] for _group, figures in context["groups"]],
        [(f.key, f.value) for f in context["by_province"]],
    ]


def test_dashboard_page_reads_the_cells_and_shows_the_same_numbers(client, chain, monkeypatch):
    client.force_login(chain.director)
    url = reverse("figures:dashboard")
    live = _page_numbers(client.get(url, {"country": "DZ"}))
    cells.refresh()
    _live_records_forbidden(monkeypatch)
    # Every figure of the national dashboard from the cells (records would fail).
    assert _page_numbers(client.get(url, {"country": "DZ"})) == live
    province = _page_numbers(client.get(url, {"country": "DZ", "province": chain.oran.pk}))
    assert province[0][1][1] is not None


def test_records_page_counts_from_the_cells_and_lists_in_few_queries(
    client, chain, django_assert_max_num_queries
):
    cells.refresh()
    client.force_login(chain.director)
    url = reverse("figures:records", args=["registered"])
    # The related rows each column reads come with the records (no query per row).
    with django_assert_max_num_queries(25):
        response = client.get(url, {"country": "DZ"})
    page = response.context["page"]
    assert (
        page.paginator.count
        == engine.total(REGISTRY["registered"], cells.EVERYWHERE, Filters(country="DZ")).value
    )
    days = [line[1][0] for line in response.context["lines"]]
    assert days == sorted(days, reverse=True)
    repaid = client.get(reverse("figures:records", args=["amount_repaid"]), {"country": "DZ"})
    assert repaid.context["page"].paginator.count == len(
        engine.records(REGISTRY["amount_repaid"], cells.EVERYWHERE, Filters(country="DZ"))
    )
