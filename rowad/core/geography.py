"""Shipped geography: Algeria's wilayas and Morocco's regions and prefectures/provinces.

The data lives in rowad/core/data/*.csv; `sync_geography` loads it idempotently (a data
migration calls it, so every database, test databases included, has it)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES = [
    {"code": "DZ", "name_ar": "الجزائر", "name_fr": "Algérie", "name_en": "Algeria", "phone_prefix": "+213"},
    {"code": "MA", "name_ar": "المغرب", "name_fr": "Maroc", "name_en": "Morocco", "phone_prefix": "+212"},
]


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sync_geography(country_model, region_model, province_model) -> None:
    """Create or update countries, regions and provinces from the shipped CSV files."""
    for row in COUNTRIES:
        country_model.objects.update_or_create(code=row["code"], defaults=row)
    regions = {}
    for row in read_rows("regions.csv"):
        region, _ = region_model.objects.update_or_create(
            country_id=row["country"],
            code=row["code"],
            defaults={k: row[k] for k in ("iso_code", "name_ar", "name_fr", "name_en")},
        )
        regions[(row["country"], row["code"])] = region
    rows = read_rows("provinces.csv")
    provinces = {}
    for row in rows:
        province, _ = province_model.objects.update_or_create(
            country_id=row["country"],
            code=row["code"],
            defaults={
                "iso_code": row["iso_code"],
                "kind": row["kind"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "created_year": int(row["created_year"]) if row["created_year"] else None,
                "region": regions.get((row["country"], row["region_code"])) if row["region_code"] else None,
            },
        )
        provinces[(row["country"], row["code"])] = province
    for row in rows:
        if row["mother_code"]:
            province = provinces[(row["country"], row["code"])]
            province.mother = provinces[(row["country"], row["mother_code"])]
            province.save(update_fields=["mother"])
