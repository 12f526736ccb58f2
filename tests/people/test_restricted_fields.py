"""A person's target categories are sensitive: shown only to agency officers and
committee members reaching them, each showing logged, and the person told who saw them."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.core.models import AuditEntry
from rowad.people import sensitive
from rowad.people.services import update_person
from tests.factories import TargetCategoryFactory
from tests.portal.factories import make_holder

pytestmark = pytest.mark.integration

CATEGORY = "Zzresistancefamilyzz"


@pytest.fixture
def person(world):
    _user, _account, person = make_holder(world.oran_agency, username="holder-sara", given_name_latin="Sara")
    person.target_categories.set(
        [
            TargetCategoryFactory(
                code="resistance-family", name_en=CATEGORY, name_ar=CATEGORY, name_fr=CATEGORY
            )
        ]
    )
    return person


def _reads(person):
    return AuditEntry.objects.filter(action=sensitive.READ_ACTION, object_id=str(person.pk))


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", ["field_agent", "director"])
def test_a_field_agents_person_page_lacks_the_target_category(client, world, person, role):
    client.force_login(world.users[role])

    response = client.get(reverse("people:detail", args=[person.pk]))

    assert response.status_code == 200
    assert CATEGORY not in response.content.decode()
    assert _reads(person).count() == 0


def test_an_officers_person_page_shows_it_and_logs_one_read(client, world, person):
    officer = world.users["agency_officer"]
    client.force_login(officer)

    response = client.get(reverse("people:detail", args=[person.pk]))

    assert CATEGORY in response.content.decode()
    read = _reads(person).get()
    assert read.actor == officer
    assert read.data == {
        "via": "page",
        "fields": ["target_categories"],
        "role": "agency_officer",
        "organization": world.oran_agency.pk,
    }


def test_the_history_hides_category_changes_from_a_field_agent(client, world, person):
    other = TargetCategoryFactory(code="disability", name_en="Zzdisabilityzz")
    update_person(person, data={}, actor=world.users["agency_officer"], target_categories=[other])
    client.force_login(world.users["field_agent"])

    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()

    assert "Zzdisabilityzz" not in page and CATEGORY not in page


def test_a_field_agents_edit_form_keeps_the_categories_unseen(client, world, person):
    client.force_login(world.users["field_agent"])
    url = reverse("people:edit", args=[person.pk])

    form = client.get(url)

    assert CATEGORY not in form.content.decode()
    data = {
        "given_name_latin": "Sara",
        "family_name_latin": "Benali",
        "country": "DZ",
        "province": person.province_id,
        "preferred_language": "ar",
        "version": form.context["form"]["version"].value(),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(person.target_categories.values_list("code", flat=True)) == ["resistance-family"]


def test_a_field_agents_api_answer_lacks_the_target_category(world, person):
    api = _api(world.users["field_agent"])

    detail = api.get(f"/api/people/{person.pk}/").json()
    listing = api.get("/api/people/").json()

    assert detail["id"] == person.pk and "target_categories" not in detail
    assert all("target_categories" not in row for row in listing["results"])
    assert _reads(person).count() == 0


def test_an_officers_api_answer_shows_it_and_logs_one_read(world, person):
    detail = _api(world.users["agency_officer"]).get(f"/api/people/{person.pk}/").json()

    assert detail["target_categories"] == ["resistance-family"]
    assert _reads(person).get().data["via"] == "api"


def test_lists_and_search_never_show_it(client, world, person):
    client.force_login(world.users["agency_officer"])

    page = client.get(reverse("people:list"), {"q": "Sara"}).content.decode()
    listing = _api(world.users["agency_officer"]).get("/api/people/").json()

    assert "Sara" in page and CATEGORY not in page
    assert all("target_categories" not in row for row in listing["results"])
    assert _reads(person).count() == 0


def test_a_field_agent_cannot_export_and_an_officers_export_is_logged(client, world, person):
    client.force_login(world.users["field_agent"])
    assert client.get(reverse("people:export", args=[person.pk])).status_code == 403

    client.force_login(world.users["agency_officer"])
    response = client.get(reverse("people:export", args=[person.pk]))

    assert CATEGORY in json.dumps(json.loads(response.content), ensure_ascii=False)
    assert _reads(person).get().data["via"] == "export"


def test_an_outsider_officer_sees_nothing(client, world, person):
    client.force_login(world.outsider)

    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert _reads(person).count() == 0


def test_the_committee_member_reaching_the_person_may_see_it(world, person):
    assert sensitive.may_see(world.users["committee_member"], person)
    assert not sensitive.may_see(world.users["mentor"], person)
    assert not sensitive.may_see(world.users["sponsor_officer"], person)
    assert not sensitive.may_see(world.outsider, person)


def test_the_portal_lists_who_consulted_the_holders_sensitive_data(client, world, person):
    officer_page = reverse("people:detail", args=[person.pk])
    client.force_login(world.users["agency_officer"])
    client.get(officer_page)
    client.force_login(world.users["field_agent"])
    client.get(officer_page)  # not shown: not listed

    client.force_login(person.user)
    page = client.get(reverse("portal:sensitive_reads"))

    rows = page.context["reads"]
    assert [(r["role"], r["organization"]) for r in rows] == [("Agency officer", "ANADE Oran")]
    text = page.content.decode()
    assert "ANADE Oran" in text and world.users["agency_officer"].username not in text


def test_another_holders_reads_are_not_listed(client, world, person):
    client.force_login(world.users["agency_officer"])
    client.get(reverse("people:detail", args=[person.pk]))
    other, _account, _p = make_holder(world.oran_agency, username="holder-other", given_name_latin="Nour")

    client.force_login(other)
    page = client.get(reverse("portal:sensitive_reads"))

    assert list(page.context["reads"]) == []
