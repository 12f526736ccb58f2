"""Enterprise figures: cohort survival (Kaplan–Meier from yearly intervals), jobs created
and kept, and breakdowns by programme, province, specialty, legal form, sex and age band
of the manager. Built only on `definitions` (the one definition of survival and of the
list's filters): every number is a `Cell` whose `params` (FILTER_PARAMS → value) list on
the enterprise list exactly the records it counts (`filter_enterprises(visible, params)`),
or None where the list has no filter for them: the enterprises never observed, the group
with no specialty (shown as plain numbers).

Everything is a handful of aggregate queries (conditional Count/Sum with `filter=Q`); no
figure loops over enterprises in Python.

Kaplan–Meier from yearly intervals: interval k runs from the (k-1)-th to the k-th
anniversary. At risk at its start: n_k = the enterprises alive at k-1 years (every
enterprise for k = 1). Deaths in it: d_k = those closed before the k-th anniversary
among them. Censored in it: the others that are not alive at k — transferred in the
interval, or not yet at their k-th anniversary (still followed, fate unknown). S(k) =
Π_{j≤k} (1 - d_j / n_j); censoring in an interval counts after its deaths (the KM
convention for ties). None once no enterprise is at risk.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rowad.core.enums import Sex
from rowad.core.inputs import is_ascii_integer
from rowad.core.models import Province
from rowad.partners.models import Programme, Specialty

from .definitions import (
    ALIVE_NOW_Q,
    FILTER_PARAMS,
    SURVIVAL_YEARS,
    alive_at_q,
    died_before_q,
    filter_enterprises,
    observed_q,
)
from .enums import AgeBand, LegalForm

# The filters a figures page narrows everything by (its filter bar; the API takes them too).
BASE_FILTERS = ("programme", "province", "legal_form", "specialty", "sex", "age_band")
DIMENSIONS = {
    "programme": ("programme_id", gettext_lazy("Programme")),
    "province": ("province_id", gettext_lazy("Province")),
    "specialty": ("specialty_id", gettext_lazy("Specialty")),
    "legal_form": ("legal_form", gettext_lazy("Legal form")),
    "sex": ("manager_sex", gettext_lazy("Sex of the manager")),
    "age_band": ("manager_age_band", gettext_lazy("Age band of the manager")),
}
JOB_FIELDS = ("permanent_men", "permanent_women", "seasonal_men", "seasonal_women")
TOTAL_JOBS = F("permanent_men") + F("permanent_women") + F("seasonal_men") + F("seasonal_women")
ALIVE_NOW = {"alive_now": "1"}


@dataclass
class Cell:
    value: int
    # The enterprise list's filter listing exactly what is counted (or summed); None: the
    # list has no filter for these records.
    params: dict[str, str] | None

    @property
    def query(self) -> str:
        return "" if self.params is None else urlencode(self.params)


FILTER_VALUES = {
    "legal_form": set(LegalForm.values),
    "sex": {"F", "M", "-"},
    "age_band": set(AgeBand.values),
}


def clean_filters(params: Mapping[str, Any] | None) -> tuple[dict[str, str], list[str]]:
    """The filter-bar part of `params` (request.GET or a dict) as link parameters, and the
    names of those given with a value the list would ignore (left out)."""
    params = params or {}
    cleaned, bad = {}, []
    for name in BASE_FILTERS:
        value = params.get(name)
        if value in (None, ""):
            continue
        value = str(value)
        valid = is_ascii_integer(value) if name not in FILTER_VALUES else value in FILTER_VALUES[name]
        if valid:
            cleaned[name] = value
        else:
            bad.append(name)
    return cleaned, bad


def base_params(params: Mapping[str, Any] | None) -> dict[str, str]:
    return clean_filters(params)[0]


def _scoped(queryset: QuerySet, params: Mapping[str, Any] | None, on: datetime.date) -> tuple:
    base = base_params(params)
    return filter_enterprises(queryset, base, on=on).order_by(), base


def _link(base: dict[str, str], extra: dict[str, Any] | None) -> dict[str, str] | None:
    if extra is None:
        return None
    return {**base, **{k: str(v) for k, v in extra.items() if k in FILTER_PARAMS}}


def km_rate(value: float | None) -> Decimal | None:
    """S(k) in percent, one decimal."""
    if value is None:
        return None
    return (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- the counts every figure sums --------------------------------------------------------


JOB_COUNTS = ("enterprises", "alive_now", "jobs_created", "jobs_kept", "not_observed")
JOB_COUNTS += tuple(f"kept_{name}" for name in JOB_FIELDS)
SURVIVAL_COUNTS = ("enterprises",)
SURVIVAL_COUNTS += tuple(
    f"{what}_{k}" for k in SURVIVAL_YEARS for what in ("observed", "alive", "closed", "deaths")
)
BREAKDOWN_COUNTS = ("enterprises", "alive_now", "jobs_created", "jobs_kept")
BREAKDOWN_COUNTS += tuple(f"{what}_{k}" for k in SURVIVAL_YEARS for what in ("observed", "alive"))


def _counts(on: datetime.date, names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Every figure is a sum of these, per group (`names`: only those; None: all). The
    page computes all of them in one query grouped by cohort and breakdown group, then
    adds groups up."""
    counts: dict[str, Any] = {
        "enterprises": Count("pk"),
        "alive_now": Count("pk", filter=ALIVE_NOW_Q),
        "jobs_created": Coalesce(Sum("initial_jobs"), 0),
        "jobs_kept": Coalesce(Sum(TOTAL_JOBS, filter=ALIVE_NOW_Q), 0),
        "not_observed": Count("pk", filter=Q(initial_jobs__isnull=True)),
        **{f"kept_{name}": Coalesce(Sum(name, filter=ALIVE_NOW_Q), 0) for name in JOB_FIELDS},
    }
    for k in SURVIVAL_YEARS:
        counts[f"observed_{k}"] = Count("pk", filter=observed_q(k, on))
        counts[f"alive_{k}"] = Count("pk", filter=alive_at_q(k, on))
        counts[f"closed_{k}"] = Count("pk", filter=died_before_q(k))
        # Deaths in interval k: closed before k among those alive at k-1.
        at_risk = alive_at_q(k - 1, on) if k > 1 else Q()
        counts[f"deaths_{k}"] = Count("pk", filter=at_risk & died_before_q(k))
    return counts if names is None else {name: counts[name] for name in names}


def _grouped(
    enterprises: QuerySet, on: datetime.date, names: tuple[str, ...] | None, *keys: str
) -> list[dict]:
    return list(
        enterprises.annotate(cohort=ExtractYear("created_on"))
        .values(*keys)
        .annotate(**_counts(on, names))
        .order_by()
    )


def _fold(rows: list[dict], key: str | None, names: tuple[str, ...]) -> dict:
    """Add up the grouped counts `names` by `key` (None: everything into one)."""
    folded: dict[Any, dict[str, int]] = {}
    for row in rows:
        sums = folded.setdefault(None if key is None else row[key], dict.fromkeys(names, 0))
        for name in names:
            sums[name] += row[name]
    if key is None:
        return folded.get(None) or dict.fromkeys(names, 0)
    return folded


# --- survival by cohort ---------------------------------------------------------------


def _survival_row(label: str, counts: dict[str, int], base: dict[str, str], year: int | None) -> dict:
    cohort = {} if year is None else {"created_year": year}
    created = counts["enterprises"]
    row: dict[str, Any] = {"label": label, "year": year, "created": Cell(created, _link(base, cohort))}
    row["by_year"] = []
    survival, at_risk = 1.0, created
    censoring = "censored_at" in FILTER_PARAMS  # a list filter the definitions may offer
    for k in SURVIVAL_YEARS:
        alive, closed, deaths = counts[f"alive_{k}"], counts[f"closed_{k}"], counts[f"deaths_{k}"]
        if survival is not None:
            survival = survival * (1 - deaths / at_risk) if at_risk else None
        deaths_link = {**cohort, "died_before": k, **({"alive_at": k - 1} if k > 1 else {})}
        row["by_year"].append(
            {
                "years": k,
                "observed": Cell(counts[f"observed_{k}"], _link(base, {**cohort, "observed_at": k})),
                "alive": Cell(alive, _link(base, {**cohort, "alive_at": k})),
                "closed": Cell(closed, _link(base, {**cohort, "died_before": k})),
                "censored": Cell(
                    created - alive - closed,
                    _link(base, {**cohort, "censored_at": k}) if censoring else None,
                ),
                "at_risk": Cell(at_risk, _link(base, {**cohort, "alive_at": k - 1} if k > 1 else cohort)),
                "deaths": Cell(deaths, _link(base, deaths_link)),
                "km": km_rate(survival),
            }
        )
        at_risk = alive
    return row


def _survival_rows(by_year: dict, totals: dict, base: dict[str, str]) -> list[dict]:
    rows = [_survival_row(str(year), by_year[year], base, year) for year in sorted(by_year)]
    return [*rows, _survival_row(_("Total"), totals, base, None)]


def survival_by_cohort(
    queryset: QuerySet, *, on: datetime.date | None = None, params: Mapping[str, Any] | None = None
) -> list[dict]:
    """One row per creation year (oldest first) then a total row (label "Total", year
    None). Each row: `created` and `by_year`, one dict per k in SURVIVAL_YEARS: `observed`,
    `alive` (alive at k), `closed` (closed before k), `censored` (created − alive − closed:
    transferred before k, or not yet at the k-th anniversary), `at_risk` and `deaths` of
    interval k, and `km` (S(k) in percent, or None). `params`: the filter bar. One query."""
    on = on or datetime.date.today()
    enterprises, base = _scoped(queryset, params, on)
    grouped = _grouped(enterprises, on, SURVIVAL_COUNTS, "cohort")
    return _survival_rows(
        _fold(grouped, "cohort", SURVIVAL_COUNTS), _fold(grouped, None, SURVIVAL_COUNTS), base
    )


# --- jobs -------------------------------------------------------------------------------

JOB_LINKS: dict[str, dict | None] = {
    "enterprises": {},
    "jobs_created": {},
    "alive_now": ALIVE_NOW,
    "jobs_kept": ALIVE_NOW,
    "not_observed": None,  # the list has no filter for "never observed"
    **{f"kept_{name}": ALIVE_NOW for name in JOB_FIELDS},
}


def _jobs(totals: dict, base: dict[str, str]) -> dict[str, Cell]:
    return {key: Cell(totals[key], _link(base, extra)) for key, extra in JOB_LINKS.items()}


def jobs_summary(
    queryset: QuerySet, *, on: datetime.date | None = None, params: Mapping[str, Any] | None = None
) -> dict[str, Cell]:
    """Enterprises, jobs created (sum of `initial_jobs`), enterprises alive now and the
    jobs they hold (kept: their last observation), by kind and sex, and the enterprises
    never observed (no jobs count yet). One query."""
    on = on or datetime.date.today()
    enterprises, base = _scoped(queryset, params, on)
    return _jobs(enterprises.aggregate(**_counts(on, JOB_COUNTS)), base)


# --- breakdowns -------------------------------------------------------------------------


def _labels(dimension: str, keys: list) -> dict:
    present = [k for k in keys if k not in (None, "")]
    if dimension == "programme":
        return {p.pk: p.name for p in Programme.objects.filter(pk__in=present)}
    if dimension == "province":
        return {p.pk: str(p) for p in Province.objects.filter(pk__in=present)}
    if dimension == "specialty":
        return {s.pk: s.name for s in Specialty.objects.filter(pk__in=present)}
    choices = {"legal_form": LegalForm, "sex": Sex, "age_band": AgeBand}[dimension]
    return {code: str(label) for code, label in choices.choices}


def _link_value(dimension: str, key: Any) -> str | None:
    """The list's value for a group (None: the list cannot select it)."""
    if dimension == "sex":
        return key or "-"
    return None if key is None else str(key)


def _breakdown_row(key: Any, label: str, counts: dict, group: dict | None, base: dict[str, str]) -> dict:
    def cell(value: int, extra: dict) -> Cell:
        return Cell(value, None if group is None else _link(base, {**group, **extra}))

    row: dict[str, Any] = {"key": key, "label": label, "by_year": []}
    for name, extra in (
        ("enterprises", {}),
        ("alive_now", ALIVE_NOW),
        ("jobs_created", {}),
        ("jobs_kept", ALIVE_NOW),
    ):
        row[name] = cell(counts[name], extra)
    for k in SURVIVAL_YEARS:
        row["by_year"].append(
            {
                "years": k,
                "alive": cell(counts[f"alive_{k}"], {"alive_at": k}),
                "observed": cell(counts[f"observed_{k}"], {"observed_at": k}),
                "rate": _rate(counts[f"alive_{k}"], counts[f"observed_{k}"]),
            }
        )
    return row


def _breakdown_rows(dimension: str, by_group: dict, totals: dict, base: dict[str, str]) -> list[dict]:
    labels = _labels(dimension, list(by_group))
    rows = []
    for key, counts in sorted(
        by_group.items(), key=lambda kv: (-kv[1]["enterprises"], str(labels.get(kv[0], "")))
    ):
        value = _link_value(dimension, key)
        label = labels.get(key) or _("Not given")
        rows.append(_breakdown_row(key, label, counts, None if value is None else {dimension: value}, base))
    return [*rows, _breakdown_row(None, _("Total"), totals, {}, base)]


def _column(dimension: str) -> str:
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    return DIMENSIONS[dimension][0]


def breakdown(
    queryset: QuerySet,
    dimension: str,
    *,
    on: datetime.date | None = None,
    params: Mapping[str, Any] | None = None,
) -> list[dict]:
    """Per group of `dimension` (a key of DIMENSIONS; largest group first, then a total
    row with key None): enterprises, alive now, alive at / observed at k years (and their
    plain share `rate`), jobs created and kept. One aggregate query (and one for the
    group names)."""
    column = _column(dimension)
    on = on or datetime.date.today()
    enterprises, base = _scoped(queryset, params, on)
    grouped = _grouped(enterprises, on, BREAKDOWN_COUNTS, column)
    by_group = _fold(grouped, column, BREAKDOWN_COUNTS)
    return _breakdown_rows(dimension, by_group, _fold(grouped, None, BREAKDOWN_COUNTS), base)


def _rate(part: int, whole: int) -> Decimal | None:
    """Alive at k among those observed at k, in percent (the plain share, beside KM)."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    survival: list[dict]
    jobs: dict[str, Cell]
    dimension: str
    breakdown: list[dict] = field(default_factory=list)


def compute(
    queryset: QuerySet,
    *,
    dimension: str = "programme",
    on: datetime.date | None = None,
    params: Mapping[str, Any] | None = None,
) -> Figures:
    """The three figures of the page from ONE aggregate query grouped by cohort and
    breakdown group (the reader's scope is evaluated once), added up per table; the same
    numbers as survival_by_cohort, jobs_summary and breakdown."""
    column = _column(dimension)
    on = on or datetime.date.today()
    enterprises, base = _scoped(queryset, params, on)
    names = tuple(_counts(on))
    grouped = _grouped(enterprises, on, None, "cohort", column)
    totals = _fold(grouped, None, names)
    return Figures(
        survival=_survival_rows(_fold(grouped, "cohort", names), totals, base),
        jobs=_jobs(totals, base),
        dimension=dimension,
        breakdown=_breakdown_rows(dimension, _fold(grouped, column, names), totals, base),
    )
