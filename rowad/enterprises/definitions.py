"""The one definition of each enterprise figure: the survival and jobs figures, the list
of enterprises a figure links to, the API and the exports all build on these.

- An enterprise **dies** when it is closed (a CLOSED life event, `ended_on` its date). A
  transferred one leaves the follow-up alive: it is *censored* at its transfer date
  (Kaplan–Meier), never counted as dead.
- It is **observed for k years** when its k-th anniversary has come (on `on`), or it
  died or was transferred before then (its fate is known).
- It is **alive at k years** when it is observed for k years and neither died nor was
  transferred before its k-th anniversary.
- **Jobs created**: the first count of jobs observed (`initial_jobs`); **jobs kept**: the
  jobs of the last observation of an enterprise still alive (not closed, not transferred).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import F, Q, QuerySet

from rowad.core.inputs import is_ascii_integer
from rowad.financing.schedule_math import add_months

from .enums import AgeBand, EnterpriseStatus, LegalForm, StepState

SURVIVAL_YEARS = (1, 2, 3)


def anniversary_cutoff(years: int, on: datetime.date) -> datetime.date:
    """Enterprises created on or before this date have had their `years`-th anniversary."""
    return add_months(on, -12 * years)


def observed_q(years: int, on: datetime.date) -> Q:
    """Enterprises whose fate at `years` years is known on `on` (the anniversary passed,
    or they ended before it)."""
    return Q(created_on__lte=anniversary_cutoff(years, on)) | Q(ended_on__isnull=False, ended_on__lte=on)


def _ended_before_anniversary(years: int) -> Q:
    # ended_on < created_on + years: compared year by year in Python would cost a query per
    # row; as SQL, the anniversary is created_on shifted by whole years, which both
    # PostgreSQL and SQLite compare through the year and month-day parts.
    return Q(ended_on__isnull=False) & (
        Q(ended_on__year__lt=F("created_on__year") + years)
        | (
            Q(ended_on__year=F("created_on__year") + years)
            & (
                Q(ended_on__month__lt=F("created_on__month"))
                | Q(ended_on__month=F("created_on__month"), ended_on__day__lt=F("created_on__day"))
            )
        )
    )


def alive_at_q(years: int, on: datetime.date) -> Q:
    """Alive `years` years after creation (among those observed that long)."""
    return Q(created_on__lte=anniversary_cutoff(years, on)) & ~_ended_before_anniversary(years)


def died_before_q(years: int) -> Q:
    """Closed before the `years`-th anniversary (transfers are not deaths)."""
    return _ended_before_anniversary(years) & Q(status=EnterpriseStatus.CLOSED)


def censored_q(years: int, on: datetime.date) -> Q:
    """Neither alive nor closed at `years` years: transferred before the anniversary, or
    not yet at it (their fate there is unknown; Kaplan–Meier censors them)."""
    return ~alive_at_q(years, on) & ~died_before_q(years)


ALIVE_NOW_Q = Q(status__in=[EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED])

# The query parameters of the enterprise list and of every figure's link to it.
FILTER_PARAMS = (
    "programme",
    "province",
    "specialty",
    "legal_form",
    "status",
    "created_year",
    "sex",
    "age_band",
    "alive_at",
    "observed_at",
    "died_before",
    "censored_at",
    "alive_now",
)


# The filters that carry a number: ids, a creation year, a number of years.
NUMBER_PARAMS = {
    "programme": (1, None),
    "province": (1, None),
    "specialty": (1, None),
    "created_year": (1, 9999),
    "alive_at": (0, 100),
    "observed_at": (0, 100),
    "died_before": (0, 100),
    "censored_at": (0, 100),
}


def malformed_params(params: Mapping[str, Any]) -> list[str]:
    """The number filters present in `params` whose value is not an ASCII integer in its
    range (a page says so rather than showing a list filtered on nothing)."""
    return [
        name
        for name in NUMBER_PARAMS
        if params.get(name) not in (None, "") and _int(params.get(name), name) is None
    ]


def _int(value: Any, name: str = "") -> int | None:
    if not is_ascii_integer(
        value if isinstance(value, str) else str(value) if isinstance(value, int) else None
    ):
        return None
    number = int(value)
    low, high = NUMBER_PARAMS.get(name, (None, None))
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def filter_enterprises(
    queryset: QuerySet, params: Mapping[str, Any], *, on: datetime.date | None = None
) -> QuerySet:
    """Narrow `queryset` by the FILTER_PARAMS present in `params` (a GET QueryDict or a
    dict); unknown or malformed values are ignored (a hand-edited link shows everything
    rather than an error). `on`: the day survival is judged (default today)."""
    on = on or datetime.date.today()
    get = params.get
    for name, lookup in (
        ("programme", "programme_id"),
        ("province", "province_id"),
        ("specialty", "specialty_id"),
    ):
        if (value := _int(get(name), name)) is not None:
            queryset = queryset.filter(**{lookup: value})
    if get("legal_form") in LegalForm.values:
        queryset = queryset.filter(legal_form=get("legal_form"))
    if get("status") in EnterpriseStatus.values:
        queryset = queryset.filter(status=get("status"))
    if (year := _int(get("created_year"), "created_year")) is not None:
        queryset = queryset.filter(created_on__year=year)
    if get("sex") in ("F", "M", "-"):
        queryset = queryset.filter(manager_sex="" if get("sex") == "-" else get("sex"))
    if get("age_band") in AgeBand.values:
        queryset = queryset.filter(manager_age_band=get("age_band"))
    if (years := _int(get("alive_at"))) in SURVIVAL_YEARS:
        queryset = queryset.filter(alive_at_q(years, on))
    if (years := _int(get("observed_at"))) in SURVIVAL_YEARS:
        queryset = queryset.filter(observed_q(years, on))
    if (years := _int(get("died_before"))) in SURVIVAL_YEARS:
        queryset = queryset.filter(died_before_q(years))
    if (years := _int(get("censored_at"))) in SURVIVAL_YEARS:
        queryset = queryset.filter(censored_q(years, on))
    if get("alive_now") in ("1", "true", 1, True):
        queryset = queryset.filter(ALIVE_NOW_Q)
    return queryset


def dated_state(done_on: datetime.date | None, due_on: datetime.date, on: datetime.date) -> StepState:
    """A creation step or an obligation on `on`: done; late (its due date has passed and it
    is not done); or due. Pages, the API and the portal show this one definition."""
    if done_on is not None:
        return StepState.DONE
    return StepState.LATE if due_on < on else StepState.DUE


def late_obligation_q(on: datetime.date) -> Q:
    """`dated_state` is LATE, as a filter (the market's eligibility reads it)."""
    return Q(done_on__isnull=True, due_on__lt=on)
