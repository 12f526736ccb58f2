"""The shipped province boundaries (rowad/figures/static/figures/geo/) match provinces.csv."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from rowad.figures.divisions import MAP_FILES, MapFile

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "rowad" / "figures" / "static"
PROVINCES_CSV = ROOT / "rowad" / "core" / "data" / "provinces.csv"
EXPECTED_SIZES = {("DZ", 1984): 48, ("DZ", 2019): 58, ("DZ", 2025): 69, ("MA", 2015): 75}


def csv_rows(country: str) -> dict[str, dict[str, str]]:
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle) if row["country"] == country}


def codes_in_force(country: str, year: int) -> set[str]:
    """Codes of the provinces of `country` that existed in `year`, from the CSV alone."""
    rows = csv_rows(country)
    return {code for code, row in rows.items() if not row["created_year"] or int(row["created_year"]) <= year}


def features(map_file: MapFile) -> list[dict]:
    collection = json.loads((STATIC / map_file.path).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


@pytest.mark.parametrize("map_file", MAP_FILES, ids=lambda m: m.path)
def test_geo_file_features_are_the_provinces_in_force(map_file):
    codes = [feature["properties"]["code"] for feature in features(map_file)]

    assert len(codes) == EXPECTED_SIZES[(map_file.country, map_file.year)]
    assert sorted(codes) == sorted(codes_in_force(map_file.country, map_file.year))


@pytest.mark.parametrize("map_file", MAP_FILES, ids=lambda m: m.path)
def test_geo_file_features_carry_the_csv_names_and_a_polygon(map_file):
    rows = csv_rows(map_file.country)
    for feature in features(map_file):
        properties = feature["properties"]
        row = rows[properties["code"]]
        assert (properties["name_ar"], properties["name_fr"]) == (row["name_ar"], row["name_fr"])
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize("map_file", MAP_FILES, ids=lambda m: m.path)
def test_geo_file_stays_small(map_file):
    assert (STATIC / map_file.path).stat().st_size < 400_000


def test_geo_files_cover_each_set_of_a_country_once():
    assert sorted((m.country, m.year) for m in MAP_FILES) == sorted(EXPECTED_SIZES)
