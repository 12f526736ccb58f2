"""Checks on the shipped geography reference data (rowad/core/data/*.csv).

Pure csv reads: no Django, no database.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

DATA_DIR = Path(__file__).resolve().parents[2] / "rowad/core/data"
REFERENCE_DIR = Path(__file__).resolve().parents[3] / "shared/reference"

REGION_COLUMNS = ["country", "code", "iso_code", "name_ar", "name_fr", "name_en"]
PROVINCE_COLUMNS = [
    "country",
    "code",
    "iso_code",
    "region_code",
    "kind",
    "name_ar",
    "name_fr",
    "name_en",
    "created_year",
    "mother_code",
]

# Arabic spellings of three wilayas differ between public sources; either form is accepted
# (see shared/reference/README.md).
DZ_ARABIC_VARIANTS = {
    "44": {"عين الدفلى", "عين الدفلة"},
    "46": {"عين تموشنت", "عين تيموشنت"},
    "55": {"توقرت", "تقرت"},
}


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def _data(name):
    return _read(DATA_DIR / name)


def _reference(name):
    if not REFERENCE_DIR.is_dir():
        pytest.skip(f"reference data not available at {REFERENCE_DIR}")
    return _read(REFERENCE_DIR / name)[1]


@pytest.fixture(scope="module")
def regions():
    return _data("regions.csv")[1]


@pytest.fixture(scope="module")
def provinces():
    return _data("provinces.csv")[1]


@pytest.fixture(scope="module")
def wilayas(provinces):
    return [p for p in provinces if p["country"] == "DZ"]


@pytest.fixture(scope="module")
def ma_provinces(provinces):
    return [p for p in provinces if p["country"] == "MA"]


# --- structure -------------------------------------------------------------------------------


def test_csv_headers_match_expected_columns():
    assert _data("regions.csv")[0] == REGION_COLUMNS
    assert _data("provinces.csv")[0] == PROVINCE_COLUMNS


def test_rows_have_no_missing_or_padded_fields(regions, provinces):
    for row in [*regions, *provinces]:
        assert None not in row, row
        for key, value in row.items():
            assert value is not None, (key, row)
            assert value == value.strip(), (key, row)
        for key in ("country", "code", "name_ar", "name_fr", "name_en", "kind"):
            if key in row:
                assert row[key], (key, row)


def test_countries_are_only_dz_and_ma(regions, provinces):
    assert {r["country"] for r in regions} == {"MA"}
    assert {p["country"] for p in provinces} == {"DZ", "MA"}


# --- Algeria ---------------------------------------------------------------------------------


def test_algeria_wilayas_total_is_69(wilayas):
    assert len(wilayas) == 69
    assert [w["code"] for w in wilayas] == [f"{n:02d}" for n in range(1, 70)]


def test_algeria_wilayas_up_to_2019_are_58_contiguous(wilayas):
    legacy = [w for w in wilayas if int(w["created_year"]) <= 2019]
    assert len(legacy) == 58
    assert sorted(w["code"] for w in legacy) == [f"{n:02d}" for n in range(1, 59)]


def test_algeria_created_year_matches_code_range(wilayas):
    for w in wilayas:
        n = int(w["code"])
        expected = 1984 if n <= 48 else 2019 if n <= 58 else 2025
        assert int(w["created_year"]) == expected, w


def test_algeria_iso_code_present_only_up_to_58(wilayas):
    for w in wilayas:
        if int(w["code"]) <= 58:
            assert w["iso_code"] == f"DZ-{w['code']}", w
        else:
            assert w["iso_code"] == "", w


def test_algeria_mother_code_set_only_for_new_wilayas(wilayas):
    codes = {w["code"] for w in wilayas}
    for w in wilayas:
        n = int(w["code"])
        if n <= 48:
            assert w["mother_code"] == "", w
        else:
            assert w["mother_code"] in codes, w
            assert int(w["mother_code"]) <= 48, w


def test_algeria_wilayas_have_no_region_and_kind_wilaya(wilayas):
    for w in wilayas:
        assert w["region_code"] == "", w
        assert w["kind"] == "wilaya", w


# --- Morocco ---------------------------------------------------------------------------------


def test_morocco_regions_count_is_12(regions):
    assert len(regions) == 12
    assert [r["code"] for r in regions] == [f"{n:02d}" for n in range(1, 13)]


def test_morocco_region_iso_code_matches_code(regions):
    for r in regions:
        assert r["iso_code"] == f"MA-{r['code']}", r


def test_morocco_provinces_count_is_75(ma_provinces):
    assert len(ma_provinces) == 75


def test_morocco_province_codes_unique(ma_provinces):
    codes = [p["code"] for p in ma_provinces]
    assert len(set(codes)) == len(codes)


def test_morocco_province_code_prefix_is_region_code(ma_provinces):
    for p in ma_provinces:
        assert p["code"].split(".")[0] == p["region_code"], p


def test_morocco_province_region_code_exists(regions, ma_provinces):
    region_codes = {r["code"] for r in regions}
    for p in ma_provinces:
        assert p["region_code"] in region_codes, p


def test_morocco_province_kind_is_prefecture_or_province(ma_provinces):
    for p in ma_provinces:
        assert p["kind"] in {"prefecture", "province"}, p
        assert p["created_year"] == "" and p["mother_code"] == "", p


def test_morocco_iso_codes_unique_and_well_formed(ma_provinces):
    iso = [p["iso_code"] for p in ma_provinces if p["iso_code"]]
    assert len(set(iso)) == len(iso)
    for code in iso:
        assert code.startswith("MA-") and len(code) == 6 and code[3:].isalpha() and code[3:].isupper(), code


def test_morocco_per_region_counts_match_reference_province_count(ma_provinces):
    reference = _reference("morocco_regions.csv")
    counts = Counter(p["region_code"] for p in ma_provinces)
    assert {r["code"]: int(r["province_count"]) for r in reference} == dict(counts)


def test_all_codes_unique_per_country(regions, provinces):
    for rows in (regions, provinces):
        keys = [(r["country"], r["code"]) for r in rows]
        assert len(set(keys)) == len(keys)
        iso = [r["iso_code"] for r in rows if r["iso_code"]]
        assert len(set(iso)) == len(iso)


# --- cross-check with shared/reference (skipped when absent) ----------------------------------


def test_algeria_wilayas_match_reference_codes_and_names(wilayas):
    reference = {r["code"]: r for r in _reference("algeria_wilayas.csv")}
    ours = {w["code"]: w for w in wilayas}
    assert set(ours) == set(reference)
    for code, w in ours.items():
        ref = reference[code]
        assert w["name_fr"] == ref["name_fr"], (code, w["name_fr"], ref["name_fr"])
        if code in DZ_ARABIC_VARIANTS:
            assert w["name_ar"] in DZ_ARABIC_VARIANTS[code], (code, w["name_ar"])
            assert ref["name_ar"] in DZ_ARABIC_VARIANTS[code], (code, ref["name_ar"])
        else:
            assert w["name_ar"] == ref["name_ar"], (code, w["name_ar"], ref["name_ar"])
        assert w["created_year"] == ref["created"], code
        assert w["mother_code"] == ref["mother_wilaya_code"], code


def test_morocco_regions_match_reference_codes_and_names(regions):
    reference = {r["code"]: r for r in _reference("morocco_regions.csv")}
    ours = {r["code"]: r for r in regions}
    assert set(ours) == set(reference)
    for code, r in ours.items():
        assert r["name_ar"] == reference[code]["name_ar"], code
        assert r["name_fr"] == reference[code]["name_fr"], code


def test_morocco_provinces_match_reference_codes_and_names(ma_provinces):
    reference = {r["code"]: r for r in _reference("morocco_provinces.csv")}
    ours = {p["code"]: p for p in ma_provinces}
    assert set(ours) == set(reference)
    for code, p in ours.items():
        ref = reference[code]
        assert p["region_code"] == ref["region_code"], code
        assert p["kind"] == ref["type"], code
        assert p["name_ar"] == ref["name_ar"], (code, p["name_ar"], ref["name_ar"])
        assert p["name_fr"] == ref["name_fr"], (code, p["name_fr"], ref["name_fr"])
