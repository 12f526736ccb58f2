"""Duplicate review pages: queue, comparison, decisions, undo."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rowad.people.merging import merge_people
from rowad.people.models import DuplicateCandidate, Person, PersonMerge
from tests.factories import PersonFactory, province_by_name

pytestmark = pytest.mark.integration


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users["agency_officer"])
    return client


@pytest.fixture
def pair(world):
    a = PersonFactory(
        given_name_latin="Mohamed", family_name_latin="Benali", national_id="", organization=world.oran_agency
    )
    b = PersonFactory(
        given_name_latin="",
        family_name_latin="",
        national_id="123456789012345678",
        organization=world.oran_agency,
    )
    return DuplicateCandidate.objects.create(
        person_a=a,
        person_b=b,
        score=22.5,
        probability=0.999,
        explanation=[
            {"field": "given_name", "level": "same_key", "weight": 4.9},
            {"field": "national_id", "level": "missing", "weight": 0.0},
        ],
    )


def test_duplicate_list_shows_pair_with_its_likelihood(officer_client, pair):
    response = officer_client.get(reverse("people:duplicate_list"))
    content = response.content.decode()
    assert (response.status_code, "Very likely the same person" in content, "22.5" in content) == (
        200,
        True,
        False,
    )


def test_duplicate_list_htmx_returns_rows_only(officer_client, pair):
    response = officer_client.get(reverse("people:duplicate_list"), headers={"HX-Request": "true"})
    assert ("<html" in response.content.decode(), "duplicate-table" in response.content.decode()) == (
        False,
        True,
    )


def test_duplicate_list_hides_out_of_scope_pair(officer_client, world):
    hoceima = province_by_name("Al Hoce")
    a, b = (
        PersonFactory(family_name_latin=f"Zzhidden{i}", country="MA", province=hoceima, national_id="")
        for i in range(2)
    )
    DuplicateCandidate.objects.create(person_a=a, person_b=b, score=30, probability=1)
    response = officer_client.get(reverse("people:duplicate_list"))
    assert "Zzhidden" not in response.content.decode()


def test_duplicate_detail_shows_explanation(officer_client, pair):
    response = officer_client.get(reverse("people:duplicate_detail", args=[pair.pk]))
    content = response.content.decode()
    assert ("same name, other spelling or script" in content, "+4.9" in content) == (True, True)


def test_duplicate_merge_keeps_chosen_record(officer_client, pair):
    response = officer_client.post(
        reverse("people:duplicate_merge", args=[pair.pk]), {"survivor": pair.person_b_id}
    )
    merged = Person.objects.get(pk=pair.person_a_id)
    assert (response.status_code, response["Location"], merged.merged_into_id) == (
        302,
        reverse("people:detail", args=[pair.person_b_id]),
        pair.person_b_id,
    )


def test_duplicate_merge_without_survivor_refused(officer_client, pair):
    response = officer_client.post(reverse("people:duplicate_merge", args=[pair.pk]), {"survivor": "x"})
    assert (response.status_code, PersonMerge.objects.count()) == (302, 0)


def test_duplicate_merge_other_person_refused(officer_client, pair):
    other = PersonFactory(national_id="")
    officer_client.post(reverse("people:duplicate_merge", args=[pair.pk]), {"survivor": other.pk})
    assert PersonMerge.objects.count() == 0


def test_duplicate_merge_double_submit_merges_once(officer_client, pair):
    url = reverse("people:duplicate_merge", args=[pair.pk])
    officer_client.post(url, {"survivor": pair.person_a_id})
    officer_client.post(url, {"survivor": pair.person_a_id})
    assert PersonMerge.objects.count() == 1


def test_duplicate_distinct_remembered(officer_client, pair):
    officer_client.post(reverse("people:duplicate_distinct", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.status == DuplicateCandidate.Status.DISTINCT


def test_duplicate_distinct_leaves_queue(officer_client, pair):
    officer_client.post(reverse("people:duplicate_distinct", args=[pair.pk]))
    response = officer_client.get(reverse("people:duplicate_list"))
    assert "Compare" not in response.content.decode()


def test_merge_undo_restores_person(officer_client, world):
    survivor, merged = PersonFactory(national_id=""), PersonFactory(national_id="")
    merge = merge_people(survivor, merged, actor=None)
    response = officer_client.post(reverse("people:merge_undo", args=[merge.pk]))
    merged.refresh_from_db()
    assert (response.status_code, merged.merged_into_id) == (302, None)


def test_person_detail_lists_merges_with_undo(officer_client, world):
    survivor, merged = PersonFactory(national_id=""), PersonFactory(national_id="")
    merge = merge_people(survivor, merged, actor=None)
    response = officer_client.get(reverse("people:detail", args=[survivor.pk]))
    assert reverse("people:merge_undo", args=[merge.pk]) in response.content.decode()


def test_duplicate_merge_get_not_allowed(officer_client, pair):
    response = officer_client.get(reverse("people:duplicate_merge", args=[pair.pk]))
    assert response.status_code == 405


def test_duplicates_api_lists_pair(officer_client, pair):
    response = officer_client.get("/api/duplicates/")
    results = response.json()["results"] if "results" in response.json() else response.json()
    assert [(r["person_a"], r["person_b"], r["score"]) for r in results] == [
        (pair.person_a_id, pair.person_b_id, 22.5)
    ]
