"""Territorial divisions over time: which province a record counts under, by year.

A country's map of provinces changes: Algeria had 48 wilayas from 1984, 58 from law 19-12
(2019) and 69 since law 26-06 (2025); Morocco has had its 75 prefectures and provinces in
12 regions since 2015. `rowad.core.models.Province` holds every unit ever created: a
wilaya created later keeps `created_year` and a link to its `mother` wilaya.

Showing figures "by the divisions of a year" rolls each province up to the one in force
that year: climb `mother` while `created_year` is later than the year. A record made in
El Meniaa (58, created 2019) counts under Ghardaïa (47) by the divisions of 1984; one
made in Aflou (59, created 2025) counts under Laghouat (03) by those of 2019.

The reverse cannot be done: a record made in Ghardaïa before 2019 may lie in what is now
El Meniaa, but only its commune would tell, and Rowad does not record the commune. So
"current" divisions leave every record with the province it was made in; nothing is ever
split downward (docs/figures-divisions.md).

The shipped maps (static/figures/geo/, see SOURCES.md there) draw the divisions of one
year each: `map_rollup` maps every province to the feature that draws it.

Provinces are reference data (seeded by migrations), but a test database may be flushed
and seeded again with new ids: `rollup_map` reads them (one query, under a hundred rows)
and caches the computation by their content, never by id alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from rowad.core.models import Province

# (id, created_year, mother_id) for each province of a country.
ProvinceRow = tuple[int, int | None, int | None]


class DivisionSet(models.TextChoices):
    CURRENT = "current", _("Current divisions (as recorded)")
    DZ_1984 = "dz-1984", _("Algeria: 48 wilayas (1984)")
    DZ_2019 = "dz-2019", _("Algeria: 58 wilayas (2019)")
    DZ_2025 = "dz-2025", _("Algeria: 69 wilayas (2025)")
    MA_2015 = "ma-2015", _("Morocco: 75 prefectures and provinces (2015)")


@dataclass(frozen=True)
class Division:
    country: str
    year: int
    size: int  # number of provinces in force


DIVISIONS: dict[DivisionSet, Division] = {
    DivisionSet.DZ_1984: Division("DZ", 1984, 48),
    DivisionSet.DZ_2019: Division("DZ", 2019, 58),
    DivisionSet.DZ_2025: Division("DZ", 2025, 69),
    DivisionSet.MA_2015: Division("MA", 2015, 75),
}


@dataclass(frozen=True)
class MapFile:
    """A shipped boundary file (a static path) drawing the divisions of `year`."""

    country: str
    year: int
    path: str


MAP_FILES: tuple[MapFile, ...] = (
    MapFile("DZ", 1984, "figures/geo/dz-1984.json"),
    MapFile("DZ", 2019, "figures/geo/dz-2019.json"),
    MapFile("DZ", 2025, "figures/geo/dz.json"),
    MapFile("MA", 2015, "figures/geo/ma.json"),
)


def division_sets(country: str) -> list[DivisionSet]:
    """The sets a user may pick for a country, current first."""
    return [DivisionSet.CURRENT, *(key for key, division in DIVISIONS.items() if division.country == country)]


def _rows(country: str) -> tuple[ProvinceRow, ...]:
    return tuple(
        Province.objects.filter(country_id=country)
        .order_by("pk")
        .values_list("pk", "created_year", "mother_id")
    )


@lru_cache(maxsize=64)
def _rollup(rows: tuple[ProvinceRow, ...], year: int) -> dict[int, int]:
    by_id = {pk: (created, mother) for pk, created, mother in rows}
    result = {}
    for pk in by_id:
        current = pk
        created, mother = by_id[current]
        while created is not None and created > year and mother in by_id:
            current = mother
            created, mother = by_id[current]
        result[pk] = current
    return result


def rollup_map(country: str, year: int) -> dict[int, int]:
    """Every province id of `country` -> the id of the province in force in `year`.

    Years before a unit's creation climb to its mother; a year before the oldest set
    (Algeria 1984) leaves the oldest units as they are. Do not mutate the result (cached)."""
    return _rollup(_rows(country), year)


def province_in_force(province_id: int, year: int) -> int:
    """The province that `province_id` counted under in `year` (itself if it existed)."""
    country = Province.objects.values_list("country_id", flat=True).get(pk=province_id)
    return rollup_map(country, year)[province_id]


def rollup_for(country: str, division_set: str) -> dict[int, int]:
    """Province id -> province id shown under `division_set` (identity for "current")."""
    division = DIVISIONS.get(DivisionSet(division_set))
    if division is None:
        return {pk: pk for pk, _created, _mother in _rows(country)}
    if division.country != country:
        raise ValueError(f"{division_set} is not a division set of {country}")
    return rollup_map(country, division.year)


def map_file(country: str, division_set: str = DivisionSet.CURRENT) -> MapFile:
    """The newest shipped map drawing no unit newer than the set's year."""
    division = DIVISIONS.get(DivisionSet(division_set))
    year = division.year if division else None
    candidates = [m for m in MAP_FILES if m.country == country and (year is None or m.year <= year)]
    if not candidates:
        raise ValueError(f"no map of {country} for {division_set}")
    return max(candidates, key=lambda m: m.year)


def map_rollup(country: str, division_set: str = DivisionSet.CURRENT) -> dict[int, int]:
    """Province id -> id of the province whose boundary the map for `division_set` draws.

    The current Algerian map has all 69 wilayas, so this is the identity today; a unit
    created after the newest shipped map would be drawn inside its mother."""
    return rollup_map(country, map_file(country, division_set).year)
