"""Figures of a stop, phase, campaign or event: visitors, registrations and their
breakdowns, each with the filter that lists the records it counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from rowad.core.enums import Sex
from rowad.core.inputs import parse_id
from rowad.core.models import Province
from rowad.partners.models import Specialty

from .enums import AGE_BANDS
from .models import Registration, VisitorTally

# Whether a registered person went on to open a dossier is the dossiers app's to say, and
# it sits above this one: it provides the lookup when it is ready (rowad/dossiers/apps.py),
# so outreach never imports it.
_providers: dict[str, Callable[[Iterable[int]], Iterable[int]]] = {}


def provide_dossier_lookup(lookup: Callable[[Iterable[int]], Iterable[int]]) -> None:
    _providers["dossiers"] = lookup


def person_ids_with_dossiers(person_ids: set[int]) -> set[int]:
    """The people among `person_ids` who have a dossier."""
    return set(_providers["dossiers"](person_ids))


# Likewise the training app (above dossiers) says who passed a course: the funnel's
# "trained" step (rowad/training/apps.py).
def provide_training_lookup(lookup: Callable[[Iterable[int]], Iterable[int]]) -> None:
    _providers["training"] = lookup


def person_ids_trained(person_ids: set[int]) -> set[int]:
    """The people among `person_ids` who passed a course."""
    return set(_providers["training"](person_ids))


@dataclass
class Row:
    label: str
    count: int
    # Query string that filters the registration list to the records counted.
    query: str


@dataclass
class Figures:
    visitors: int
    registrations: int
    became_dossiers: int
    trained: int = 0
    by_sex: list[Row] = field(default_factory=list)
    by_age_band: list[Row] = field(default_factory=list)
    by_specialty: list[Row] = field(default_factory=list)
    by_province: list[Row] = field(default_factory=list)
    by_day: list[Row] = field(default_factory=list)

    def breakdowns(self) -> list[tuple[str, list[Row]]]:
        return [
            (_("Sex"), self.by_sex),
            (_("Age band"), self.by_age_band),
            (_("Specialty of interest"), self.by_specialty),
            (_("Province of residence"), self.by_province),
        ]


def _grouped(registrations: QuerySet[Registration], key: str) -> dict[Any, int]:
    return {row[key]: row["n"] for row in registrations.values(key).annotate(n=Count("id")).order_by()}


def compute(
    registrations: QuerySet[Registration], tallies: QuerySet[VisitorTally], *, attendance: int | None = None
) -> Figures:
    """`attendance`: an event's recorded head count, used when nobody ran the counter."""
    total = registrations.count()
    visitors = tallies.aggregate(s=Sum("count"))["s"] or attendance or 0
    person_ids = set(registrations.values_list("person_id", flat=True))
    with_dossiers = person_ids_with_dossiers(person_ids) if person_ids else set()
    trained = person_ids_trained(person_ids) if person_ids else set()
    figures = Figures(
        visitors=visitors, registrations=total, became_dossiers=len(with_dossiers), trained=len(trained)
    )
    sexes = _grouped(registrations, "sex")
    labels = {Sex.FEMALE: _("Women"), Sex.MALE: _("Men")}
    figures.by_sex = [Row(labels[code], sexes.get(code, 0), f"sex={code}") for code in (Sex.FEMALE, Sex.MALE)]
    if sexes.get(""):
        figures.by_sex.append(Row(_("Not given"), sexes[""], "sex=none"))
    bands = _grouped(registrations, "age_band")
    figures.by_age_band = [
        Row(code, bands.get(code, 0), f"age_band={code}") for code, _low, _high in AGE_BANDS
    ]
    if bands.get(""):
        figures.by_age_band.append(Row(_("Not given"), bands[""], "age_band=none"))
    specialties = _grouped(registrations, "specialty_id")
    names = {s.pk: s.name for s in Specialty.objects.filter(pk__in=[k for k in specialties if k])}
    figures.by_specialty = sorted(
        (Row(names[k], n, f"specialty={k}") for k, n in specialties.items() if k), key=lambda r: -r.count
    )
    if specialties.get(None):
        figures.by_specialty.append(Row(_("Not given"), specialties[None], "specialty=none"))
    provinces = _grouped(registrations, "residence_province_id")
    province_names = {p.pk: str(p) for p in Province.objects.filter(pk__in=[k for k in provinces if k])}
    figures.by_province = sorted(
        (Row(province_names[k], n, f"province={k}") for k, n in provinces.items() if k),
        key=lambda r: -r.count,
    )
    if provinces.get(None):
        figures.by_province.append(Row(_("Not given"), provinces[None], "province=none"))
    days = {row["day"]: row["n"] for row in tallies.values("day").annotate(n=Sum("count")).order_by("day")}
    figures.by_day = [Row(day.isoformat(), n, "") for day, n in days.items()]
    return figures


def filter_registrations(registrations: QuerySet[Registration], params: Any) -> QuerySet[Registration]:
    """Apply a figure's filter (the `query` of a Row) to a registration list."""
    sex = params.get("sex")
    if sex:
        registrations = registrations.filter(sex="" if sex == "none" else sex)
    band = params.get("age_band")
    if band:
        registrations = registrations.filter(age_band="" if band == "none" else band)
    for key, column in (("specialty", "specialty_id"), ("province", "residence_province_id")):
        value = params.get(key)
        if value == "none":
            registrations = registrations.filter(**{f"{column}__isnull": True})
        elif value:
            registrations = registrations.filter(
                **{
                    column: parse_id(
                        value,
                        key,
                        {"specialty": _("Specialty of interest"), "province": _("Province of residence")}[
                            key
                        ],
                    )
                }
            )
    if params.get("dossier") == "1":
        ids = person_ids_with_dossiers(set(registrations.values_list("person_id", flat=True)))
        registrations = registrations.filter(person_id__in=ids)
    if params.get("trained") == "1":
        ids = person_ids_trained(set(registrations.values_list("person_id", flat=True)))
        registrations = registrations.filter(person_id__in=ids)
    return registrations


def rows_for_export(figures: Figures) -> list[tuple[str, str, int]]:
    rows = [
        (_("Total"), _("Visitors"), figures.visitors),
        (_("Total"), _("Registrations"), figures.registrations),
        (_("Total"), _("Became dossiers"), figures.became_dossiers),
        (_("Total"), _("Trained (passed)"), figures.trained),
    ]
    for title, breakdown in figures.breakdowns():
        rows.extend((str(title), row.label, row.count) for row in breakdown)
    rows.extend((_("Visitors by day"), row.label, row.count) for row in figures.by_day)
    return rows
