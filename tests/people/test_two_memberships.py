"""An agency officer in Al Hoceima who is also a mentor in Oran reads Oran's people as a
mentor and nothing more: the officer role never acts through the mentor membership
(issue 11, point 2)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from rowad.people.forms import PersonForm
from rowad.people.models import Person
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.matrix.base import form_body

pytestmark = pytest.mark.integration


@pytest.fixture
def two_hats(world):
    user = UserFactory(username="officer-hoceima-mentor-oran")
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.AGENCY_OFFICER, provinces=[world.hoceima]
    )
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.MENTOR, provinces=[world.oran])
    return user


@pytest.fixture
def oran_person(world):
    return PersonFactory(
        given_name_latin="Amina", national_id="", province=world.oran, organization=world.oran_agency
    )


def test_two_hats_read_an_oran_person_but_cannot_edit_export_or_erase(client, two_hats, oran_person):
    client.force_login(two_hats)
    detail = client.get(reverse("people:detail", kwargs={"pk": oran_person.pk}))
    assert detail.status_code == 200
    assert detail.context["can_change"] is False
    assert detail.context["can_erase"] is False

    edit = reverse("people:edit", kwargs={"pk": oran_person.pk})
    body = form_body(PersonForm(instance=oran_person), given_name_latin="Changed")
    assert client.get(edit).status_code == 403
    assert client.post(edit, body).status_code == 403
    assert client.get(reverse("people:export", kwargs={"pk": oran_person.pk})).status_code == 403
    erase = client.post(
        reverse("people:erase", kwargs={"pk": oran_person.pk}), {"reason": "Request", "confirm": "on"}
    )
    assert erase.status_code == 403

    person = Person.objects.get(pk=oran_person.pk)
    assert (person.given_name_latin, person.erased_at) == ("Amina", None)


def test_two_hats_cannot_edit_an_oran_person_through_the_api(two_hats, oran_person):
    api = APIClient()
    api.force_authenticate(two_hats)
    url = reverse("person-detail", kwargs={"pk": oran_person.pk})
    assert api.get(url).status_code == 200

    response = api.patch(url, {"given_name_latin": "Changed"}, format="json")

    assert response.status_code == 403
    assert Person.objects.get(pk=oran_person.pk).given_name_latin == "Amina"


def test_person_api_refuses_a_province_outside_the_editor_memberships(world, two_hats, oran_person):
    """The mentor membership covers Oran, but registering people there is an officer's or a
    field agent's right, held here only in Al Hoceima."""
    api = APIClient()
    api.force_authenticate(two_hats)
    payload = {
        "given_name_latin": "Yacine",
        "family_name_latin": "Benali",
        "country": "DZ",
        "province": world.oran.pk,
    }

    response = api.post(reverse("person-list"), payload, format="json")

    assert response.status_code == 400
    assert "province" in response.json()["errors"]
    assert not Person.objects.filter(given_name_latin="Yacine").exists()


def test_officer_with_two_memberships_registers_for_the_membership_of_the_province(world):
    """The person registered in Oran belongs to the Oran membership's organization, not to
    whichever organization comes first."""
    user = UserFactory(username="officer-two-agencies")
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.AGENCY_OFFICER, provinces=[world.hoceima]
    )
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.AGENCY_OFFICER, provinces=[world.oran]
    )
    api = APIClient()
    api.force_authenticate(user)
    payload = {
        "given_name_latin": "Yacine",
        "family_name_latin": "Benali",
        "country": "DZ",
        "province": world.oran.pk,
    }

    response = api.post(reverse("person-list"), payload, format="json")

    assert response.status_code == 201, response.json()
    assert Person.objects.get(pk=response.json()["id"]).organization_id == world.oran_agency.pk
