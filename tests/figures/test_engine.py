"""The engine's behaviour: the filters it reads and refuses, breakdowns that add up (the
"Not given" row last), series whose bars list exactly their month, filters that do not
apply, URLs that read back to the same filters; age bands and target categories."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import resolve

import rowad.figures.definitions  # noqa: F401  (fills the registry)
from rowad.accounts.scope import scope_for
from rowad.dossiers.models import DossierHolder, StateChange
from rowad.figures import engine
from rowad.figures.dimensions import DIMENSIONS, NONE
from rowad.figures.errors import FigureError, FigureErrorCode
from rowad.figures.indicators import REGISTRY
from rowad.financing.enums import LineDecision
from rowad.financing.models import PlanLine
from rowad.outreach.enums import age_band
from rowad.outreach.models import Registration
from tests.figures.chain import FEB
from tests.figures.test_reconciliation import _local

pytestmark = pytest.mark.django_db


def _error(params, scope) -> FigureError:
    with pytest.raises(FigureError) as caught:
        engine.parse_filters(params, scope)
    return caught.value


# -- parse_filters ---------------------------------------------------------------------


def test_parse_filters_unknown_value_is_bad_value(chain):
    scope = scope_for(chain.director)
    for params in ({"sex": ["X"]}, {"province": ["oran"]}, {"age_band": ["99-120"]}, {"country": ["FR"]}):
        assert _error(params, scope).code == FigureErrorCode.BAD_VALUE, params


def test_parse_filters_end_before_start_is_bad_period(chain):
    scope = scope_for(chain.director)
    error = _error({"from": ["2025-02-10"], "to": ["2025-02-01"]}, scope)
    assert error.code == FigureErrorCode.BAD_PERIOD
    assert _error({"from": ["2025-13-01"]}, scope).code == FigureErrorCode.BAD_PERIOD


def test_parse_filters_province_outside_scope_refused_for_officer(chain):
    error = _error({"country": ["DZ"], "province": [str(chain.alger.pk)]}, scope_for(chain.officer))
    assert (error.code, error.status_code) == (FigureErrorCode.OUTSIDE_SCOPE, 403)


def test_parse_filters_province_held_by_director_accepted(chain):
    filters = engine.parse_filters(
        {"country": ["DZ"], "province": [str(chain.alger.pk)]}, scope_for(chain.director)
    )
    assert filters.selected == {"province": (chain.alger.pk,)}


def test_parse_filters_none_keys_accepted_for_every_dimension(chain):
    params = {code: [NONE] for code in DIMENSIONS}
    filters = engine.parse_filters({**params, "country": ["DZ"]}, scope_for(chain.officer))
    assert filters.selected == {code: (NONE,) for code in DIMENSIONS}


def test_parse_filters_default_country_is_the_readers(chain):
    assert engine.parse_filters({}, scope_for(chain.officer)).country == "DZ"


# -- breakdowns ------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_breakdown_rows_add_up_to_the_total(chain, code):
    scope, indicator = scope_for(chain.director), REGISTRY[code]
    filters = engine.Filters(country="DZ")
    total = engine.total(indicator, scope, filters).value
    for by in indicator.dimensions:
        if DIMENSIONS[by].multi:
            continue
        rows = engine.breakdown(indicator, scope, filters, by)
        assert sum((f.value for f in rows), 0) == total, by


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_breakdown_row_lists_exactly_its_records(chain, code):
    scope, indicator = scope_for(chain.director), REGISTRY[code]
    for by in indicator.dimensions:
        for figure in engine.breakdown(indicator, scope, engine.Filters(country="DZ"), by):
            again = engine.parse_filters(QueryDict(figure.filters.query()), scope)
            assert engine.total(indicator, scope, again).value == figure.value, (by, figure.key)


def test_breakdown_not_given_row_comes_last(chain):
    scope = scope_for(chain.director)
    rows = engine.breakdown(REGISTRY["submitted"], scope, engine.Filters(country="DZ"), "specialty")
    assert [f.key == NONE for f in rows] == [False, True]
    assert rows[-1].filters.selected == {"specialty": (NONE,)}


def test_breakdown_by_target_category_sums_each_line_once(chain):
    """A dossier whose two holders share a category is one dossier of that category: its
    approved amount is added once, not once per holder."""
    scope = scope_for(chain.director)
    women = chain.categories[0]
    rows = engine.breakdown(
        REGISTRY["amount_approved"], scope, engine.Filters(country="DZ"), "target_category"
    )
    lines = PlanLine.objects.filter(
        decision=LineDecision.APPROVED,
        plan__dossier__province__country_id="DZ",
        plan__dossier__in=DossierHolder.objects.filter(person__target_categories=women).values("dossier"),
    )
    expected = sum((line.approved_amount for line in lines), Decimal(0))
    assert {f.key: f.value for f in rows}[women.pk] == expected
    selected = engine.Filters(country="DZ", selected={"target_category": (women.pk,)})
    assert engine.total(REGISTRY["amount_approved"], scope, selected).value == expected


def _on(record, path: str) -> datetime.date:
    value = getattr(record, path)
    return value.date() if isinstance(value, datetime.datetime) else value


# -- series ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["registered", "approved", "contracts_signed", "amount_disbursed", "trained"]
)
def test_series_bar_lists_exactly_its_month(chain, code):
    scope, indicator = scope_for(chain.director), REGISTRY[code]
    bars = engine.series(indicator, scope, engine.Filters(country="DZ"), "month")
    assert bars != []
    for bar in bars:
        assert (bar.filters.start, bar.filters.end) == (bar.key, engine.period_end(bar.key, "month"))
        again = engine.parse_filters(QueryDict(bar.url.split("?", 1)[1]), scope)
        assert again == bar.filters
        listed = engine.records(indicator, scope, again)
        assert all(bar.key <= _on(record, indicator.date) <= again.end for record in listed)
        assert engine.total(indicator, scope, again).value == bar.value


def test_series_month_of_registrations_is_their_local_day(chain):
    scope = scope_for(chain.director)
    bars = engine.series(REGISTRY["registered"], scope, engine.Filters(country="DZ"), "month")
    february = next(b for b in bars if b.key == FEB.replace(day=1))
    listed = set(engine.records(REGISTRY["registered"], scope, february.filters).values_list("pk", flat=True))
    expected = {
        r.pk
        for r in Registration.objects.filter(stop__province__country_id="DZ")
        if _local(r.captured_at).replace(day=1) == FEB.replace(day=1)
    }
    assert listed == expected


def test_series_unknown_step_is_bad_value(chain):
    with pytest.raises(FigureError) as caught:
        engine.series(REGISTRY["registered"], scope_for(chain.director), engine.Filters(country="DZ"), "week")
    assert caught.value.code == FigureErrorCode.BAD_VALUE


# -- filters that do not apply, URLs ---------------------------------------------------


def test_filter_not_applicable_gives_none_and_no_records(chain):
    scope = scope_for(chain.director)
    filters = engine.Filters(country="DZ", selected={"sex": ("F",)})
    assert engine.total(REGISTRY["visitors"], scope, filters).value is None
    assert engine.breakdown(REGISTRY["visitors"], scope, filters, "province") == []
    assert engine.series(REGISTRY["visitors"], scope, filters) == []
    with pytest.raises(FigureError) as caught:
        engine.records(REGISTRY["visitors"], scope, filters)
    assert caught.value.code == FigureErrorCode.NOT_APPLICABLE


def test_figure_url_round_trips_to_the_same_filters(chain):
    scope = scope_for(chain.director)
    filters = engine.Filters(
        country="DZ",
        selected={
            "province": (chain.oran.pk, chain.alger.pk),
            "sex": ("F", NONE),
            "programme": (chain.programmes[0].pk,),
        },
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 3, 31),
    )
    figure = engine.total(REGISTRY["registered"], scope, filters)
    path, query = figure.url.split("?", 1)
    assert resolve(path).url_name == "records"
    assert engine.parse_filters(QueryDict(query), scope) == filters


# -- age bands -------------------------------------------------------------------------


def _band(born: datetime.date, on: datetime.date) -> str:
    return age_band(on.year - born.year - ((on.month, on.day) < (born.month, born.day)))


def test_age_band_of_dossiers_is_the_lead_holders_on_the_day_reached(chain):
    scope = scope_for(chain.director)
    rows = engine.breakdown(REGISTRY["submitted"], scope, engine.Filters(country="DZ"), "age_band")
    expected: dict[str, int] = {}
    for dossier in chain.dossiers:
        if dossier.province.country_id != "DZ":
            continue
        first = (
            StateChange.objects.filter(dossier=dossier, to_state="submitted").order_by("created_at").first()
        )
        lead = DossierHolder.objects.get(dossier=dossier, is_lead=True).person
        band = _band(lead.birth_date, _local(first.created_at))
        expected[band] = expected.get(band, 0) + 1
    assert {f.key: f.value for f in rows} == expected


def test_age_band_on_the_birthday_is_the_new_age(chain):
    """Born 10 January 2000: 24 on the eve of 10 January 2025, 25 on the day."""
    dossier = chain.dossiers[0]
    lead = DossierHolder.objects.get(dossier=dossier, is_lead=True).person
    type(lead).objects.filter(pk=lead.pk).update(birth_date=datetime.date(2000, 1, 10))
    StateChange.objects.filter(dossier=dossier).delete()
    from tests.figures.chain import at

    change = StateChange.objects.create(dossier=dossier, from_state="", to_state="submitted")
    scope = scope_for(chain.director)
    only = engine.Filters(
        country="DZ", selected={"province": (dossier.province_id,)}, start=datetime.date(2025, 1, 9)
    )
    for day, band in ((datetime.date(2025, 1, 9), "18-24"), (datetime.date(2025, 1, 10), "25-29")):
        StateChange.objects.filter(pk=change.pk).update(created_at=at(day, 23))
        keyed = (
            engine.records(REGISTRY["submitted"], scope, only)
            .filter(pk=dossier.pk)
            .values_list("lead_age_band", flat=True)
        )
        assert (day, list(keyed)) == (day, [band])


# -- known gaps ------------------------------------------------------------------------


def test_visitors_counts_an_events_head_count_when_nobody_ran_the_counter(chain):
    from tests.outreach.factories import EventFactory

    before = engine.total(REGISTRY["visitors"], scope_for(chain.director), engine.Filters(country="DZ")).value
    EventFactory(province=chain.oran, attendance=40)
    after = engine.total(REGISTRY["visitors"], scope_for(chain.director), engine.Filters(country="DZ")).value
    assert after - before == 40


def test_median_days_from_the_step_before_reads_each_dossiers_two_dates(chain):
    """The independent computation: for each dossier approved, the days from its first
    change into "eligibility checked" to its first change into "approved"."""
    import statistics

    from django.utils import timezone

    from rowad.dossiers.enums import DossierState
    from rowad.dossiers.models import StateChange

    def first(dossier_id, state):
        moments = StateChange.objects.filter(dossier_id=dossier_id, to_state=state).values_list(
            "created_at", flat=True
        )
        return min(timezone.localtime(m).date() for m in moments) if moments else None

    scope = scope_for(chain.director)
    filters = engine.Filters(country="DZ")
    approved = engine.records(REGISTRY["approved"], scope, filters)
    days = [
        (first(d.pk, DossierState.APPROVED) - first(d.pk, DossierState.ELIGIBILITY_CHECKED)).days
        for d in approved
        if first(d.pk, DossierState.ELIGIBILITY_CHECKED)
    ]
    assert days, "the chain has dossiers found eligible, then approved"
    assert engine.median_days(REGISTRY["approved"], scope, filters) == statistics.median(days)
    assert engine.median_days(REGISTRY["registered"], scope, filters) is None
