"""Provinces rolled up to the divisions in force in a year, with the seeded provinces."""

from __future__ import annotations

import pytest

from rowad.core.models import Province
from rowad.figures.divisions import (
    DivisionSet,
    division_sets,
    map_file,
    map_rollup,
    province_in_force,
    rollup_for,
    rollup_map,
)
from tests.factories import province

pytestmark = pytest.mark.django_db


def test_province_in_force_2019_wilaya_under_1984_is_its_mother():
    assert province_in_force(province("DZ", "58").pk, 1984) == province("DZ", "47").pk


def test_province_in_force_2025_wilaya_under_2019_is_its_mother():
    assert province_in_force(province("DZ", "59").pk, 2019) == province("DZ", "03").pk


def test_province_in_force_2025_wilaya_under_1984_is_its_mother():
    # Ksar Chellala (64) was carved out of Tiaret (14), a 1984 wilaya.
    assert province_in_force(province("DZ", "64").pk, 1984) == province("DZ", "14").pk


def test_province_in_force_existing_wilaya_is_itself():
    assert province_in_force(province("DZ", "58").pk, 2019) == province("DZ", "58").pk


def test_rollup_map_1984_has_48_targets():
    rollup = rollup_map("DZ", 1984)

    assert len(rollup) == 69
    assert len(set(rollup.values())) == 48


def test_rollup_map_2019_has_58_targets():
    assert len(set(rollup_map("DZ", 2019).values())) == 58


def test_rollup_for_current_is_identity():
    ids = set(Province.objects.filter(country_id="DZ").values_list("pk", flat=True))

    assert rollup_for("DZ", DivisionSet.CURRENT) == {pk: pk for pk in ids}


def test_rollup_for_morocco_2015_is_identity():
    rollup = rollup_for("MA", DivisionSet.MA_2015)

    assert len(rollup) == 75
    assert all(source == target for source, target in rollup.items())


def test_rollup_for_other_country_set_raises():
    with pytest.raises(ValueError):
        rollup_for("MA", DivisionSet.DZ_1984)


def test_division_sets_algeria_lists_current_then_years():
    assert division_sets("DZ") == [
        DivisionSet.CURRENT,
        DivisionSet.DZ_1984,
        DivisionSet.DZ_2019,
        DivisionSet.DZ_2025,
    ]


def test_map_file_current_algeria_draws_69_wilayas():
    assert map_file("DZ").path == "figures/geo/dz.json"


def test_map_file_2019_algeria_draws_58_wilayas():
    assert map_file("DZ", DivisionSet.DZ_2019).path == "figures/geo/dz-2019.json"


def test_map_rollup_current_algeria_is_identity():
    rollup = map_rollup("DZ")

    assert rollup[province("DZ", "59").pk] == province("DZ", "59").pk
    assert len(set(rollup.values())) == 69


def test_map_rollup_1984_folds_new_wilayas_into_mothers():
    rollup = map_rollup("DZ", DivisionSet.DZ_1984)

    assert rollup[province("DZ", "58").pk] == province("DZ", "47").pk
    assert rollup[province("DZ", "59").pk] == province("DZ", "03").pk


def test_map_rollup_morocco_is_identity():
    rollup = map_rollup("MA")

    assert rollup[province("MA", "06.141").pk] == province("MA", "06.141").pk
    assert len(set(rollup.values())) == 75


def test_rollup_map_follows_reseeded_ids():
    """A province added after a first call is rolled up too (the cache keys on content)."""
    before = rollup_map("DZ", 2019)
    mother = province("DZ", "47")
    added = Province.objects.create(
        country_id="DZ", code="70", kind=mother.kind, created_year=2030, mother=mother, name_fr="Test"
    )

    after = rollup_map("DZ", 2019)

    assert added.pk not in before
    assert after[added.pk] == mother.pk
