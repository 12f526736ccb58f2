"""Training figures: enrolled, waiting, trained (passed), completed cohorts and the pass
rate, broken down by specialty, province (the cohort's), sex and age band (the trainee's
age on the cohort's first day, in the outreach figures' bands). Each number carries the
filter that lists the enrolments it counts (`filter_enrolments`, the enrolment list)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from rowad.core.enums import Sex
from rowad.core.inputs import parse_id
from rowad.core.models import Province
from rowad.outreach.enums import AGE_BANDS, age_band
from rowad.partners.models import Specialty

from .enums import CohortState, EnrolmentStatus, TrainingResult
from .models import Enrolment

NONE = "none"
# The filters the enrolment list understands.
FILTERS = ("specialty", "province", "sex", "age_band", "result", "status", "cohort", "cohort_state")


@dataclass
class Cell:
    count: int
    # Query string listing the enrolments counted.
    query: str


@dataclass
class Row:
    label: str
    enrolled: Cell
    waiting: Cell
    trained: Cell
    # A code read left to right in every language (an age band such as "<18").
    is_code: bool = False


@dataclass
class Figures:
    enrolled: Cell
    waiting: Cell
    trained: Cell
    failed: Cell
    completed_cohorts: Cell
    pass_rate: Decimal | None
    by_specialty: list[Row] = field(default_factory=list)
    by_province: list[Row] = field(default_factory=list)
    by_sex: list[Row] = field(default_factory=list)
    by_age_band: list[Row] = field(default_factory=list)

    def breakdowns(self) -> list[tuple[str, list[Row]]]:
        return [
            (_("Specialty"), self.by_specialty),
            (_("Province of the cohort"), self.by_province),
            (_("Sex"), self.by_sex),
            (_("Age band at the start"), self.by_age_band),
        ]


def age_at(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _age_bands(enrolments: QuerySet[Enrolment]) -> dict[int, str]:
    """Enrolment id → the trainee's age band on the cohort's first day ("" unknown)."""
    rows = enrolments.values_list("pk", "person__birth_date", "cohort__starts_on")
    return {pk: age_band(age_at(born, start)) for pk, born, start in rows}


def filter_enrolments(enrolments: QuerySet[Enrolment], params: Any) -> QuerySet[Enrolment]:
    """Apply a figure's filter (its query string) to an enrolment list; unknown values
    are ignored, "none" selects the records where the value is not known."""
    for key, column in (
        ("specialty", "cohort__course__specialty_id"),
        ("province", "cohort__province_id"),
        ("cohort", "cohort_id"),
    ):
        value = params.get(key) or ""
        if value == NONE:
            enrolments = enrolments.filter(**{f"{column}__isnull": True})
        elif value:
            enrolments = enrolments.filter(
                **{
                    column: parse_id(
                        value,
                        key,
                        {"specialty": _("Specialty"), "province": _("Province"), "cohort": _("Cohort")}[key],
                    )
                }
            )
    sex = params.get("sex") or ""
    if sex == NONE:
        enrolments = enrolments.filter(person__sex="")
    elif sex in Sex.values:
        enrolments = enrolments.filter(person__sex=sex)
    for key, column, choices in (
        ("result", "result", TrainingResult.values),
        ("status", "status", EnrolmentStatus.values),
        ("cohort_state", "cohort__state", CohortState.values),
    ):
        value = params.get(key) or ""
        if value in choices:
            enrolments = enrolments.filter(**{column: value})
    band = params.get("age_band") or ""
    if band == NONE or band in {code for code, _low, _high in AGE_BANDS}:
        wanted = "" if band == NONE else band
        enrolments = enrolments.filter(
            pk__in=[pk for pk, code in _age_bands(enrolments).items() if code == wanted]
        )
    return enrolments


ENROLLED = {"status": EnrolmentStatus.ENROLLED}
WAITING = {"status": EnrolmentStatus.WAITLISTED}
TRAINED = {"result": TrainingResult.PASSED}
FAILED = {"result": TrainingResult.FAILED}


def _counts(enrolments: QuerySet[Enrolment], key: str) -> dict[Any, dict[str, int]]:
    rows = (
        enrolments.values(key)
        .annotate(
            enrolled=Count("pk", filter=Q(status=EnrolmentStatus.ENROLLED)),
            waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
            trained=Count("pk", filter=Q(result=TrainingResult.PASSED)),
        )
        .order_by()
    )
    return {row[key]: row for row in rows}


def compute(enrolments: QuerySet[Enrolment]) -> Figures:
    """Figures over `enrolments` (already scoped to the reader)."""

    def cell(count: int, **filters: str) -> Cell:
        return Cell(count, urlencode(filters))

    def row(label: str, counts: dict[str, int] | None, **filters: str) -> Row:
        counts = counts or {}
        return Row(
            label,
            cell(counts.get("enrolled", 0), **filters, **ENROLLED),
            cell(counts.get("waiting", 0), **filters, **WAITING),
            cell(counts.get("trained", 0), **filters, **TRAINED),
        )

    totals = enrolments.aggregate(
        enrolled=Count("pk", filter=Q(status=EnrolmentStatus.ENROLLED)),
        waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
        trained=Count("pk", filter=Q(result=TrainingResult.PASSED)),
        failed=Count("pk", filter=Q(result=TrainingResult.FAILED)),
        completed=Count("cohort", filter=Q(cohort__state=CohortState.COMPLETED), distinct=True),
    )
    decided = totals["trained"] + totals["failed"]
    pass_rate = (
        (Decimal(100 * totals["trained"]) / decided).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if decided
        else None
    )
    figures = Figures(
        enrolled=cell(totals["enrolled"], **ENROLLED),
        waiting=cell(totals["waiting"], **WAITING),
        trained=cell(totals["trained"], **TRAINED),
        failed=cell(totals["failed"], **FAILED),
        completed_cohorts=cell(totals["completed"], cohort_state=CohortState.COMPLETED),
        pass_rate=pass_rate,
    )

    specialties = _counts(enrolments, "cohort__course__specialty_id")
    names = {s.pk: s.name for s in Specialty.objects.filter(pk__in=[k for k in specialties if k])}
    figures.by_specialty = _named_rows(specialties, names, row, "specialty")

    provinces = _counts(enrolments, "cohort__province_id")
    province_names = {p.pk: str(p) for p in Province.objects.filter(pk__in=[k for k in provinces if k])}
    figures.by_province = _named_rows(provinces, province_names, row, "province")

    sexes = _counts(enrolments, "person__sex")
    labels = {Sex.FEMALE: _("Women"), Sex.MALE: _("Men")}
    figures.by_sex = [row(str(labels[code]), sexes.get(code), sex=code) for code in (Sex.FEMALE, Sex.MALE)]
    if sexes.get(""):
        figures.by_sex.append(row(_("Not given"), sexes[""], sex=NONE))

    bands: dict[str, dict[str, int]] = {}
    statuses = dict(enrolments.values_list("pk", "status"))
    results = dict(enrolments.values_list("pk", "result"))
    for pk, code in _age_bands(enrolments).items():
        counts = bands.setdefault(code, {"enrolled": 0, "waiting": 0, "trained": 0})
        counts["enrolled"] += statuses[pk] == EnrolmentStatus.ENROLLED
        counts["waiting"] += statuses[pk] == EnrolmentStatus.WAITLISTED
        counts["trained"] += results[pk] == TrainingResult.PASSED
    figures.by_age_band = [row(code, bands.get(code), age_band=code) for code, _low, _high in AGE_BANDS]
    for band_row in figures.by_age_band:
        band_row.is_code = True
    if bands.get(""):
        figures.by_age_band.append(row(_("Not given"), bands[""], age_band=NONE))
    return figures


def _named_rows(counts: dict[Any, dict[str, int]], names: dict[int, str], row, key: str) -> list[Row]:
    rows = sorted(
        (row(names.get(k, str(k)), n, **{key: str(k)}) for k, n in counts.items() if k),
        key=lambda r: (-r.enrolled.count, r.label),
    )
    if counts.get(None):
        rows.append(row(_("Not given"), counts[None], **{key: NONE}))
    return rows
