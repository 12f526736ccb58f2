"""Enterprise figures on a hand-made cohort: survival counts and Kaplan–Meier values worked
out by hand below, jobs, breakdowns, and every number's link reproducing on the list
exactly the records it counts."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Sum

from rowad.dossiers.enums import DossierState
from rowad.enterprises import figures
from rowad.enterprises.definitions import filter_enterprises
from rowad.enterprises.enums import EnterpriseStatus, LegalForm
from rowad.enterprises.models import Enterprise
from tests.committees.factories import DossierFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 6, 30)
OPERATING, SUSPENDED = EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED
CLOSED, TRANSFERRED = EnterpriseStatus.CLOSED, EnterpriseStatus.TRANSFERRED
D = datetime.date

# The 2022 cohort: 10 enterprises created 2022-03-01 (anniversaries 2023-03-01,
# 2024-03-01, 2025-03-01, all passed on ON); managers E1–E5 women, E6–E10 men.
COHORT_2022 = [
    # name, status, ended_on, initial_jobs, jobs now (permanent m/w, seasonal m/w)
    ("E1", CLOSED, D(2022, 10, 1), 2, (5, 0, 0, 0)),  # dies in year 1
    ("E2", CLOSED, D(2023, 1, 15), 2, (0, 0, 0, 0)),  # dies in year 1
    ("E3", TRANSFERRED, D(2022, 12, 1), 2, (1, 0, 0, 0)),  # censored in year 1
    ("E4", CLOSED, D(2023, 6, 1), 2, (0, 0, 0, 0)),  # dies in year 2
    ("E5", TRANSFERRED, D(2023, 9, 1), 2, (0, 0, 0, 0)),  # censored in year 2
    ("E6", CLOSED, D(2024, 8, 1), 2, (0, 0, 0, 0)),  # dies in year 3
    ("E7", CLOSED, D(2025, 5, 1), 2, (3, 0, 0, 0)),  # alive at 3 years, closed since
    ("E8", SUSPENDED, None, 2, (1, 0, 0, 0)),
    ("E9", OPERATING, None, 2, (2, 1, 0, 2)),
    ("E10", OPERATING, None, None, (0, 0, 0, 0)),  # never observed
]
# The 2024 cohort: 4 enterprises created 2024-09-01 (first anniversary 2025-09-01, not yet
# come on ON); managers' sex unknown.
COHORT_2024 = [
    ("F1", CLOSED, D(2025, 1, 10), 2, (0, 0, 0, 0)),  # dies in year 1
    ("F2", TRANSFERRED, D(2025, 2, 1), 2, (0, 0, 0, 0)),  # censored in year 1
    ("F3", OPERATING, None, 2, (0, 1, 3, 0)),  # censored: not yet one year old
    ("F4", OPERATING, None, None, (0, 0, 0, 0)),  # idem, never observed
]


def _enterprise(world, programme, name, status, ended_on, initial, jobs, created_on, sex, form):
    dossier = DossierFactory(
        programme=programme,
        organization=world.oran_agency,
        province=world.oran,
        state=DossierState.COMPANY_CREATED,
        title=name,
    )
    men, women, s_men, s_women = jobs
    return EnterpriseFactory(
        dossier=dossier,
        name_latin=name,
        created_on=created_on,
        status=status,
        ended_on=ended_on,
        initial_jobs=initial,
        permanent_men=men,
        permanent_women=women,
        seasonal_men=s_men,
        seasonal_women=s_women,
        manager_sex=sex,
        legal_form=form,
    )


@pytest.fixture
def cohort(world):
    first = ProgrammeFactory(operator=world.oran_agency, name_fr="Programme A")
    second = ProgrammeFactory(operator=world.oran_agency, name_fr="Programme B")
    for index, row in enumerate(COHORT_2022):
        sex = "F" if index < 5 else "M"
        form = LegalForm.SARL if index < 5 else LegalForm.MICRO_ENTERPRISE
        _enterprise(world, first, *row, D(2022, 3, 1), sex, form)
    for row in COHORT_2024:
        _enterprise(world, second, *row, D(2024, 9, 1), "", LegalForm.MICRO_ENTERPRISE)
    return Enterprise.objects.all()


def _values(row, name):
    return [cells[name].value for cells in row["by_year"]]


def test_survival_counts_of_the_hand_made_cohort(cohort):
    rows = figures.survival_by_cohort(cohort, on=ON)
    assert [r["label"] for r in rows] == ["2022", "2024", "Total"]
    y2022, y2024, total = rows
    # 2022, all observed. Alive at 1: not ended before 2023-03-01 (E1, E2, E3 did) → 7;
    # at 2: E4, E5 ended too → 5; at 3: E6 too → 4 (E7 closed after its third year).
    # Closed before k: E1 E2 | + E4 | + E6. Censored = created − alive − closed.
    assert y2022["created"].value == 10
    assert _values(y2022, "observed") == [10, 10, 10]
    assert _values(y2022, "alive") == [7, 5, 4]
    assert _values(y2022, "closed") == [2, 3, 4]
    assert _values(y2022, "censored") == [1, 2, 2]
    # KM: n1 = 10, d1 = 2 → S1 = 0.8; n2 = 7 (alive at 1), d2 = 1 (E4) → 0.8 × 6/7 =
    # 0.6857; n3 = 5, d3 = 1 (E6) → 0.6857 × 4/5 = 0.5486.
    assert _values(y2022, "at_risk") == [10, 7, 5]
    assert _values(y2022, "deaths") == [2, 1, 1]
    assert [c["km"] for c in y2022["by_year"]] == [
        figures.km_rate(0.8),
        figures.km_rate(0.8 * 6 / 7),
        figures.km_rate(0.8 * 6 / 7 * 4 / 5),
    ]
    assert [str(c["km"]) for c in y2022["by_year"]] == ["80.0", "68.6", "54.9"]
    # 2024: no first anniversary yet. Observed: only F1 and F2 (their fate is known);
    # alive 0; closed F1; censored F2, F3, F4. KM: n1 = 4, d1 = 1 → 0.75, then nobody
    # at risk. (The plain share alive/observed would say 0 %.)
    assert _values(y2024, "observed") == [2, 2, 2]
    assert _values(y2024, "alive") == [0, 0, 0]
    assert _values(y2024, "closed") == [1, 1, 1]
    assert _values(y2024, "censored") == [3, 3, 3]
    assert [c["km"] for c in y2024["by_year"]] == [figures.km_rate(0.75), None, None]
    # Pooled: n1 = 14, d1 = 3 → 11/14; n2 = 7, d2 = 1 → × 6/7; n3 = 5, d3 = 1 → × 4/5.
    assert total["created"].value == 14
    assert _values(total, "observed") == [12, 12, 12]
    assert _values(total, "alive") == [7, 5, 4]
    assert _values(total, "closed") == [3, 4, 5]
    assert _values(total, "censored") == [4, 5, 5]
    assert [str(c["km"]) for c in total["by_year"]] == ["78.6", "67.3", "53.9"]


def test_jobs_summary(cohort):
    jobs = figures.jobs_summary(cohort, on=ON)
    values = {key: cell.value for key, cell in jobs.items()}
    # Created: 12 enterprises observed × 2. Kept: the alive ones now (E8, E9, E10, F3,
    # F4): 1 + 5 + 0 + 4 + 0; closed E1 and E7 and transferred E3 keep nothing.
    assert values == {
        "enterprises": 14,
        "jobs_created": 24,
        "alive_now": 5,
        "jobs_kept": 10,
        "not_observed": 2,
        "kept_permanent_men": 3,
        "kept_permanent_women": 2,
        "kept_seasonal_men": 3,
        "kept_seasonal_women": 2,
    }


def test_breakdown_by_sex(cohort):
    rows = {r["label"]: r for r in figures.breakdown(cohort, "sex", on=ON)}

    def summary(row):
        years = [(c["alive"].value, c["observed"].value) for c in row["by_year"]]
        return (row["enterprises"].value, row["alive_now"].value, years, row["jobs_created"].value,
                row["jobs_kept"].value)  # fmt: skip

    assert summary(rows["Female"]) == (5, 0, [(2, 5), (0, 5), (0, 5)], 10, 0)
    assert summary(rows["Male"]) == (5, 3, [(5, 5), (5, 5), (4, 5)], 8, 6)
    assert summary(rows["Not given"]) == (4, 2, [(0, 2), (0, 2), (0, 2)], 6, 4)
    assert summary(rows["Total"]) == (14, 5, [(7, 12), (5, 12), (4, 12)], 24, 10)
    assert rows["Not given"]["enterprises"].params == {"sex": "-"}
    assert str(rows["Male"]["by_year"][2]["rate"]) == "80.0"


def test_the_filter_bar_narrows_every_figure_and_its_links(cohort):
    params = {"legal_form": LegalForm.SARL, "page": "3"}
    total = figures.survival_by_cohort(cohort, on=ON, params=params)[-1]
    assert total["created"].value == 5 and total["created"].params == {"legal_form": "sarl"}
    assert _values(total, "alive") == [2, 0, 0]
    assert figures.jobs_summary(cohort, on=ON, params=params)["jobs_created"].value == 10


def test_malformed_filters_are_left_out_of_the_figures_and_their_links(cohort):
    assert figures.clean_filters({"programme": "1x", "sex": "-", "age_band": "old", "page": "2"}) == (
        {"sex": "-"},
        ["programme", "age_band"],
    )
    total = figures.survival_by_cohort(cohort, on=ON, params={"programme": "1x", "sex": "-"})[-1]
    assert total["created"].value == 4 and total["created"].params == {"sex": "-"}


def test_an_unknown_dimension_is_refused(cohort):
    with pytest.raises(ValueError):
        figures.breakdown(cohort, "colour", on=ON)


def _check(visible, cell, measure="count"):
    linked = filter_enterprises(visible, cell.params, on=ON)
    if measure == "count":
        assert linked.count() == cell.value, cell
    elif measure == "total":
        kept = linked.aggregate(n=Sum(figures.TOTAL_JOBS))["n"] or 0
        assert kept == cell.value, cell
    else:
        assert (linked.aggregate(n=Sum(measure))["n"] or 0) == cell.value, cell


@pytest.mark.parametrize("params", [{}, {"legal_form": LegalForm.MICRO_ENTERPRISE}])
def test_every_number_lists_exactly_what_it_counts(cohort, params):
    visible = cohort
    unlinked = []
    for row in figures.survival_by_cohort(visible, on=ON, params=params):
        _check(visible, row["created"])
        for cells in row["by_year"]:
            for name in ("observed", "alive", "closed", "censored", "at_risk", "deaths"):
                if cells[name].params is None:
                    unlinked.append(name)
                else:
                    _check(visible, cells[name])
    # Every survival number links to the list, the censored included (definitions.censored_q).
    assert unlinked == []
    jobs = figures.jobs_summary(visible, on=ON, params=params)
    for key in ("enterprises", "alive_now"):
        _check(visible, jobs[key])
    _check(visible, jobs["jobs_created"], "initial_jobs")
    _check(visible, jobs["jobs_kept"], "total")
    for name in figures.JOB_FIELDS:
        _check(visible, jobs[f"kept_{name}"], name)
    assert jobs["not_observed"].params is None
    for dimension in figures.DIMENSIONS:
        for row in figures.breakdown(visible, dimension, on=ON, params=params):
            if row["enterprises"].params is None:
                assert dimension == "specialty" and row["key"] is None
                continue
            _check(visible, row["enterprises"])
            _check(visible, row["alive_now"])
            _check(visible, row["jobs_created"], "initial_jobs")
            _check(visible, row["jobs_kept"], "total")
            for cells in row["by_year"]:
                _check(visible, cells["alive"])
                _check(visible, cells["observed"])


@pytest.mark.parametrize("dimension", list(figures.DIMENSIONS))
def test_the_page_s_single_query_gives_the_same_numbers(cohort, dimension):
    params = {"programme": str(cohort.first().programme_id)}
    together = figures.compute(cohort, dimension=dimension, on=ON, params=params)
    assert together.survival == figures.survival_by_cohort(cohort, on=ON, params=params)
    assert together.jobs == figures.jobs_summary(cohort, on=ON, params=params)
    assert together.breakdown == figures.breakdown(cohort, dimension, on=ON, params=params)
    assert together.survival[-1]["created"].value in (4, 10)
