"""Issue 16, item 10: the duplicate review says how likely in words and as a percentage,
shows each record's dossiers and registrations, and previews the merged person from the
merge's own rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rowad.people.likelihood import likelihood_of
from rowad.people.merging import merge_people, merge_preview
from rowad.people.models import DuplicateCandidate
from tests.dossiers.factories import make_dossier
from tests.factories import PersonFactory
from tests.outreach.factories import RegistrationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users["agency_officer"])
    return client


@pytest.fixture
def pair(world):
    a = PersonFactory(
        given_name_latin="Mohamed", family_name_latin="Benali", national_id="", phone="",
        organization=world.oran_agency,
    )  # fmt: skip
    b = PersonFactory(
        given_name_latin="Mouhamed", family_name_latin="Ben Ali", national_id="123456789012345678",
        phone="+213550123456", organization=world.oran_agency,
    )  # fmt: skip
    return DuplicateCandidate.objects.create(
        person_a=a, person_b=b, score=23.5, probability=0.99999,
        explanation=[{"field": "given_name", "level": "same_key", "weight": 4.9}],
    )  # fmt: skip


def test_likelihood_in_words_and_percent():
    assert (likelihood_of(23.5).level, likelihood_of(23.5).percent) == ("very_likely", 99.9)
    assert likelihood_of(12).level == "likely"
    assert (likelihood_of(3.5).level, likelihood_of(3.5).percent) == ("possible", 91.8)
    assert (likelihood_of(-2).level, likelihood_of(-2).percent) == ("unlikely", 20.0)
    assert str(likelihood_of(23.5).words) == "Very likely the same person"


def test_pair_page_says_how_likely_without_bits(officer_client, pair):
    page = officer_client.get(reverse("people:duplicate_detail", args=[pair.pk])).content.decode()
    assert "Very likely the same person" in page and "99.9 %" in page
    assert "23.5" not in page and "text-bg-danger" not in page.split('id="likelihood"')[1][:300]
    listing = officer_client.get(reverse("people:duplicate_list")).content.decode()
    assert "Very likely the same person" in listing and "23.5" not in listing


def test_the_preview_is_what_the_merge_does(pair):
    a, b = pair.person_a, pair.person_b
    preview = {f.name: (f.value, f.from_merged) for f in merge_preview(a, b)}
    assert preview["given_name_latin"] == ("Mohamed", False)
    assert preview["national_id"] == ("123456789012345678", True)
    assert preview["phone"] == ("+213550123456", True)
    merge_people(a, b, actor=None)
    a.refresh_from_db()
    assert {name: getattr(a, name) for name in preview} == {name: v for name, (v, _f) in preview.items()}


def test_pair_page_previews_both_choices(officer_client, pair):
    page = officer_client.get(reverse("people:duplicate_detail", args=[pair.pk])).content.decode()
    keep_a = page.split('id="preview-keep-a"')[1].split("</section>")[0]
    keep_b = page.split('id="preview-keep-b"')[1].split("</section>")[0]
    assert "Mohamed" in keep_a and "Mouhamed" not in keep_a and "from the other record" in keep_a
    assert "Mouhamed" in keep_b and "Mohamed<" not in keep_b


def test_pair_page_shows_each_records_dossiers_and_registrations(officer_client, world, pair):
    dossier = make_dossier(world, holders=[pair.person_a])
    RegistrationFactory(person=pair.person_b)
    page = officer_client.get(reverse("people:duplicate_detail", args=[pair.pk])).content.decode()
    records = page.split('id="pair-records"')[1].split("</tr>")[0]
    first, second = records.split("</td>")[0], records.split("</td>")[1]
    assert reverse("dossiers:dossier_detail", args=[dossier.pk]) in first
    assert 'data-records="dossiers"' in second and 'data-records="registrations"' in second
    assert first.count('data-records="registrations"') == 1
