"""Rows set aside because their national ID is already registered: what the file says,
kept with the problem, beside what the registry holds, for the officer who reviews them.
Nothing is written here: services.apply_review writes the values the officer chooses
through the registry's own update."""

from __future__ import annotations

from datetime import date
from typing import Any

from rowad.core.models import Province
from rowad.people.models import Person

from .enums import ProblemKind
from .models import ImportProblem

COMPARED = (
    "given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin", "birth_date", "sex", "phone",
    "phone_alt", "email", "province", "address", "education_level", "diploma", "employment_status",
)  # fmt: skip


def row_values(data: dict[str, Any]) -> dict[str, Any]:
    """The cleaned values of a row as JSON: dates in ISO, the province by id, choices by code."""
    values: dict[str, Any] = {}
    for name in COMPARED:
        value = data.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, Province):
            value = value.pk
        elif isinstance(value, date):
            value = value.isoformat()
        values[name] = value
    return values


def with_registered_people(problems: list[ImportProblem], visible_people) -> list[ImportProblem]:
    """Each review problem gets `registered_person_id`, `registered_version` and `comparison`
    (field, label, in the file, registered, differs) when the reader may see the registered
    person (`visible_people`, a scoped queryset), else None and []: the page says the ID is
    taken, never whose it is."""
    review = {p.pk for p in problems if p.kind == ProblemKind.REVIEW and p.value}
    people = {
        person.national_id: person
        for person in visible_people.filter(national_id__in={p.value for p in problems if p.pk in review})
    }
    province_ids = {p.row.get("province") for p in problems if p.pk in review} | {
        person.province_id for person in people.values()
    }
    provinces = {pr.pk: str(pr) for pr in Province.objects.filter(pk__in=province_ids - {None})}
    for problem in problems:
        person = people.get(problem.value) if problem.pk in review else None
        problem.registered_person_id = person.pk if person else None
        problem.registered_version = person.updated_at.isoformat() if person else ""
        problem.comparison = _compare(problem.row, person, provinces) if person else []
    return problems


def _compare(
    row: dict[str, Any], person: Person, provinces: dict[int, str]
) -> list[tuple[str, str, str, str, bool]]:
    lines = []
    for name in COMPARED:
        field = Person._meta.get_field(name)
        stored = getattr(person, "province_id" if name == "province" else name)
        if isinstance(stored, date):
            stored = stored.isoformat()
        incoming = row.get(name)
        if incoming in (None, "") and stored in (None, ""):
            continue
        shown = [_display(field, value, provinces) for value in (incoming, stored)]
        differs = incoming not in (None, "") and incoming != stored
        lines.append((name, str(field.verbose_name), shown[0], shown[1], differs))
    return lines


def _display(field, value: Any, provinces: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if field.name == "province":
        return provinces.get(value, "—")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def values_for_update(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The chosen fields of a kept row as people.services.update_person takes them."""
    values: dict[str, Any] = {}
    for name in fields:
        if name not in COMPARED or row.get(name) in (None, ""):
            continue
        value = row[name]
        if name == "birth_date":
            value = date.fromisoformat(value)
        elif name == "province":
            value = Province.objects.filter(pk=value).first()
            if value is None:
                continue
        values[name] = value
    return values
