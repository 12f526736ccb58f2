"""The survival definitions on a hand-made cohort: anniversaries on the very day, a
leap-day creation, a transfer censored (never a death), and the list filters ignoring
malformed parameters. Runs on SQLite and PostgreSQL (the year/month/day transforms)."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from rowad.enterprises.definitions import (
    ALIVE_NOW_Q,
    alive_at_q,
    anniversary_cutoff,
    died_before_q,
    filter_enterprises,
    observed_q,
)
from rowad.enterprises.enums import AgeBand, EnterpriseStatus, LegalForm
from rowad.enterprises.models import Enterprise
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2026, 6, 1)
OPERATING, SUSPENDED = EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED
CLOSED, TRANSFERRED = EnterpriseStatus.CLOSED, EnterpriseStatus.TRANSFERRED


@pytest.fixture
def make():
    """make(name, created_on, status, ended_on, **fields): an enterprise of one shared
    programme and agency (fewer rows per test than a programme each)."""
    shared = ProgrammeFactory()

    def make(name, created_on, status=OPERATING, ended_on=None, **fields):
        programme = fields.pop("programme", shared)
        return EnterpriseFactory(
            name_latin=name,
            created_on=created_on,
            status=status,
            ended_on=ended_on,
            dossier__programme=programme,
            dossier__organization=programme.operator,
            **fields,
        )

    return make


@pytest.fixture
def cohort(make):
    """Judged on 2026-06-01."""
    return {
        e.name_latin: e
        for e in (
            make("today", D(2025, 6, 1)),  # 1st anniversary is today
            make("tomorrow", D(2025, 6, 2)),  # 1st anniversary tomorrow
            make("closed_eve", D(2024, 3, 10), CLOSED, D(2025, 3, 9)),  # the day before its 1st
            make("closed_on_day", D(2024, 3, 10), CLOSED, D(2025, 3, 10)),  # on its 1st
            make("transferred", D(2024, 1, 15), TRANSFERRED, D(2024, 9, 1)),
            make("suspended", D(2023, 5, 1), SUSPENDED),
            make("old", D(2022, 1, 1)),
            make("young_closed", D(2026, 1, 10), CLOSED, D(2026, 4, 1)),  # died before observed
        )
    }


def names(q):
    return set(Enterprise.objects.filter(q).values_list("name_latin", flat=True))


def test_the_anniversary_cutoff():
    assert anniversary_cutoff(1, ON) == D(2025, 6, 1)
    assert anniversary_cutoff(3, ON) == D(2023, 6, 1)
    assert anniversary_cutoff(1, D(2025, 2, 28)) == D(2024, 2, 28)


def test_observed_at_one_year(cohort):
    # Observed: the anniversary came (on the very day counts) or the fate is known earlier.
    assert names(observed_q(1, ON)) == set(cohort) - {"tomorrow"}


def test_alive_at_one_year(cohort):
    assert names(alive_at_q(1, ON)) == {"today", "closed_on_day", "suspended", "old"}


def test_died_before_one_year_counts_only_closures(cohort):
    assert names(died_before_q(1)) == {"closed_eve", "young_closed"}


def test_at_two_and_three_years(cohort):
    assert names(observed_q(2, ON)) == {
        "closed_eve",
        "closed_on_day",
        "transferred",
        "suspended",
        "old",
        "young_closed",
    }
    assert names(alive_at_q(2, ON)) == {"suspended", "old"}
    assert names(died_before_q(2)) == {"closed_eve", "closed_on_day", "young_closed"}
    # "suspended" (2023-05-01) had its third anniversary on 2026-05-01: still alive.
    assert names(alive_at_q(3, ON)) == {"suspended", "old"}
    assert names(observed_q(3, ON)) == names(observed_q(2, ON))


def test_a_transfer_is_censored_not_a_death(cohort):
    for years in (1, 2, 3):
        assert "transferred" not in names(died_before_q(years))
        assert "transferred" not in names(alive_at_q(years, ON))
    # Its fate is known (it left the follow-up), so it is in the observed count, and the
    # Kaplan–Meier table shows it as censored: observed, neither alive nor dead.
    observed, alive, died = names(observed_q(1, ON)), names(alive_at_q(1, ON)), names(died_before_q(1))
    assert observed - alive - died == {"transferred"}


def test_the_kaplan_meier_counts_of_the_cohort(cohort):
    counts = {
        years: (
            len(names(observed_q(years, ON))),
            len(names(alive_at_q(years, ON))),
            len(names(died_before_q(years)) & names(observed_q(years, ON))),
        )
        for years in (1, 2, 3)
    }
    # (observed, alive, died); the rest of the observed are censored by a transfer.
    assert counts == {1: (7, 4, 2), 2: (6, 2, 3), 3: (6, 2, 3)}


def test_alive_now(cohort):
    assert names(ALIVE_NOW_Q) == {"today", "tomorrow", "suspended", "old"}


@pytest.fixture
def leap(make):
    return make("leap", D(2024, 2, 29))


def test_a_leap_day_enterprise_has_its_first_anniversary_on_1_march(leap):
    assert names(observed_q(1, D(2025, 2, 28))) == set()
    assert names(alive_at_q(1, D(2025, 2, 28))) == set()
    assert names(observed_q(1, D(2025, 3, 1))) == {"leap"}
    assert names(alive_at_q(1, D(2025, 3, 1))) == {"leap"}
    # In a leap year the anniversary is the 29th itself.
    assert names(alive_at_q(4, D(2028, 2, 29))) == {"leap"}
    assert names(alive_at_q(4, D(2028, 2, 28))) == set()


@pytest.mark.parametrize(
    ("ended_on", "died_before_one"),
    [(D(2025, 2, 27), True), (D(2025, 2, 28), True), (D(2025, 3, 1), False), (D(2025, 3, 2), False)],
)
def test_a_leap_day_enterprise_closed_around_its_anniversary(make, ended_on, died_before_one):
    make("leap", D(2024, 2, 29), CLOSED, ended_on)
    on = D(2025, 6, 1)
    assert (names(died_before_q(1)) == {"leap"}) is died_before_one
    assert (names(alive_at_q(1, on)) == {"leap"}) is not died_before_one
    assert names(observed_q(1, on)) == {"leap"}


@pytest.mark.parametrize(
    ("created_on", "ended_on", "alive"),
    [
        (D(2023, 12, 31), D(2024, 12, 30), False),
        (D(2023, 12, 31), D(2024, 12, 31), True),
        (D(2023, 1, 1), D(2023, 12, 31), False),
        (D(2023, 1, 1), D(2024, 1, 1), True),
        (D(2023, 7, 15), D(2024, 6, 20), False),  # an earlier month in the anniversary year
        (D(2023, 7, 15), D(2024, 8, 1), True),  # a later month, an earlier day
    ],
)
def test_closures_on_either_side_of_the_first_anniversary(make, created_on, ended_on, alive):
    make("one", created_on, CLOSED, ended_on)
    assert (names(alive_at_q(1, ON)) == {"one"}) is alive
    assert (names(died_before_q(1)) == {"one"}) is not alive


# --- filter_enterprises ---------------------------------------------------------------------


def filtered(params, on=ON):
    return set(
        filter_enterprises(Enterprise.objects.all(), params, on=on).values_list("name_latin", flat=True)
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"programme": "abc"},
        {"province": "31; DROP TABLE"},
        {"specialty": ""},
        {"legal_form": "gmbh"},
        {"status": "dead"},
        {"created_year": "20x4"},
        {"sex": "X"},
        {"age_band": "old"},
        {"alive_at": "x"},
        {"alive_at": "4"},
        {"alive_at": "0"},
        {"observed_at": "-1"},
        {"died_before": "1.5"},
        {"alive_now": "maybe"},
        {"unknown": "1"},
        {"programme": None, "alive_at": None},
    ],
)
def test_malformed_or_unknown_parameters_are_ignored(cohort, params):
    assert filtered(params) == set(cohort)


def test_a_querydict_with_malformed_values_is_ignored_too(cohort):
    assert filtered(QueryDict("alive_at=three&status=&created_year=&legal_form=LLC")) == set(cohort)


def test_the_filters_narrow_by_the_definitions(cohort):
    assert filtered({"alive_at": "1"}) == names(alive_at_q(1, ON))
    assert filtered(QueryDict("observed_at=2")) == names(observed_q(2, ON))
    assert filtered({"died_before": 1}) == {"closed_eve", "young_closed"}
    assert filtered({"alive_now": "1"}) == {"today", "tomorrow", "suspended", "old"}
    assert filtered({"status": "transferred"}) == {"transferred"}
    assert filtered({"created_year": "2024"}) == {"closed_eve", "closed_on_day", "transferred"}
    assert filtered({"created_year": "2024", "died_before": "1"}) == {"closed_eve"}
    # `on` moves the judgement day: a year later, "tomorrow" has had its anniversary.
    assert "tomorrow" in filtered({"alive_at": "1"}, on=D(2027, 6, 1))


def test_the_filters_by_programme_province_form_sex_and_age_band(cohort, make):
    one = make(
        "woman",
        D(2025, 1, 1),
        programme=ProgrammeFactory(),
        legal_form=LegalForm.SARL,
        manager_sex="F",
        manager_age_band=AgeBand.FROM_25,
    )
    assert filtered({"programme": str(one.programme_id)}) == {"woman"}
    assert filtered({"legal_form": "sarl"}) == {"woman"}
    assert filtered({"sex": "F"}) == {"woman"}
    assert filtered({"sex": "-"}) == set(cohort)  # the manager's sex unknown
    assert filtered({"age_band": AgeBand.FROM_25}) == {"woman"}
    assert "woman" in filtered({"province": str(one.province_id)})
    assert filtered({"programme": str(one.programme_id + 1000)}) == set()
