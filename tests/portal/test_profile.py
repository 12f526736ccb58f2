"""The holder's own profile, data export and erasure request; the officer's side."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from rowad.people.models import Person
from rowad.portal.enums import ErasureStatus
from rowad.portal.models import ErasureRequest, HolderAccount
from tests.factories import PersonFactory, province
from tests.portal.factories import ErasureRequestFactory, make_holder

pytestmark = pytest.mark.integration


def profile_data(**overrides):
    data = {
        "given_name_ar": "أمينة",
        "family_name_ar": "حموش",
        "given_name_latin": "Amina",
        "family_name_latin": "Hammouche",
        "national_id": "209960514000000031",
        "birth_date": "1996-05-14",
        "sex": "F",
        "province": province("DZ", "31").pk,
        "education_level": "vocational",
        "diploma": "Technicienne en télécommunications",
        "employment_status": "unemployed",
        "preferred_language": "fr",
    }
    data.update(overrides)
    return data


@pytest.fixture
def new_holder(world):
    """Signed up, no profile yet."""
    return make_holder(world.oran_agency, username="holder-new", with_person=False)


def test_first_profile_creates_a_linked_person_with_the_verified_phone(client, new_holder):
    user, account, _ = new_holder
    account.consents = ["registration"]
    account.save()
    client.force_login(user)
    response = client.post(reverse("portal:profile"), profile_data())
    assert response.status_code == 302
    person = Person.objects.get(user=user)
    assert (person.name_latin, person.phone, person.country, person.national_id) == (
        "Amina Hammouche",
        account.phone,
        "DZ",
        "209960514000000031",
    )
    assert list(person.consents.values_list("purpose", flat=True)) == ["registration"]
    assert response.cookies["rowad_language"].value == "fr"
    user.refresh_from_db()
    assert user.preferred_language == "fr"


def test_profile_refuses_a_bad_national_id(client, new_holder):
    client.force_login(new_holder[0])
    response = client.post(reverse("portal:profile"), profile_data(national_id="12345"))
    assert response.status_code == 400
    assert "exactly 18 digits" in response.content.decode()
    assert Person.objects.filter(user=new_holder[0]).exists() is False


def test_profile_refuses_a_future_birth_date(client, new_holder):
    client.force_login(new_holder[0])
    response = client.post(reverse("portal:profile"), profile_data(birth_date="2100-01-01"))
    assert response.status_code == 400
    assert "This birth date is not plausible." in response.content.decode()


def test_profile_refuses_a_province_of_another_country(client, new_holder, world):
    client.force_login(new_holder[0])
    response = client.post(reverse("portal:profile"), profile_data(province=world.hoceima.pk))
    assert response.status_code == 400


def test_profile_with_a_taken_national_id_does_not_reveal_whose(client, new_holder):
    PersonFactory(national_id="209960514000000031", given_name_latin="Otherperson")
    client.force_login(new_holder[0])
    response = client.post(reverse("portal:profile"), profile_data())
    page = response.content.decode()
    assert response.status_code == 400
    assert "already registered" in page
    assert "Otherperson" not in page


def test_profile_edit_saves_through_the_registry_service(client, holder):
    user, _account, person = holder
    client.force_login(user)
    data = profile_data(national_id="", version=person.updated_at.isoformat(), diploma="BTS fibre optique")
    response = client.post(reverse("portal:profile"), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.diploma == "BTS fibre optique"
    assert person.history.first().history_user == user


def test_stale_profile_edit_is_refused(client, holder):
    user, _account, person = holder
    client.force_login(user)
    stale = person.updated_at.isoformat()
    Person.objects.filter(pk=person.pk).update(diploma="changed by an officer")
    person.refresh_from_db()
    person.save()  # a newer version
    response = client.post(
        reverse("portal:profile"), profile_data(national_id="", version=stale, diploma="mine")
    )
    assert response.status_code == 409
    person.refresh_from_db()
    assert person.diploma == "changed by an officer"


def test_holder_cannot_change_their_verified_phone_through_the_profile(client, holder):
    user, account, person = holder
    client.force_login(user)
    data = profile_data(national_id="", version=person.updated_at.isoformat(), phone="+213550000000")
    client.post(reverse("portal:profile"), data)
    person.refresh_from_db()
    assert person.phone == account.phone


def test_export_contains_the_holders_data(client, holder):
    user, account, person = holder
    client.force_login(user)
    response = client.get(reverse("portal:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-rowad-data.json"'
    data = json.loads(response.content)
    assert data["account"]["phone"] == account.phone
    (record,) = next(s for s in data["sections"] if s["key"] == "people.person")["records"]
    assert (record["given_name_latin"], record["id"]) == ("Amina", person.pk)


def test_erasure_request_is_recorded_once(client, holder):
    user, _account, person = holder
    client.force_login(user)
    for _ in range(2):
        response = client.post(reverse("portal:erasure_request"), {"reason": "je pars", "confirm": "on"})
        assert response.status_code == 302
    assert list(ErasureRequest.objects.values_list("person_id", "status")) == [
        (person.pk, ErasureStatus.PENDING)
    ]
    assert "erasure-pending" in client.get(reverse("portal:privacy")).content.decode()


def test_erasure_request_needs_the_confirmation(client, holder):
    client.force_login(holder[0])
    response = client.post(reverse("portal:erasure_request"), {"reason": "x"})
    assert response.status_code == 400
    assert ErasureRequest.objects.count() == 0


def test_officer_executes_an_erasure_request(client, holder, world):
    user, _account, person = holder
    erasure = ErasureRequestFactory(person=person, requested_by=user)
    client.force_login(world.users["agency_officer"])
    assert person.display_name in client.get(reverse("portal:erasure_list")).content.decode()
    response = client.post(reverse("portal:erasure_decide", args=[erasure.pk]), {"decision": "erase"})
    assert response.status_code == 302
    person.refresh_from_db()
    erasure.refresh_from_db()
    user.refresh_from_db()
    assert (person.given_name_latin, person.phone, person.erased_at is not None) == ("", "", True)
    assert (erasure.status, erasure.handled_by) == (ErasureStatus.DONE, world.users["agency_officer"])
    assert (user.is_active, HolderAccount.objects.get(user=user).phone) == (False, "")


def test_officer_refusal_needs_a_note(client, holder, world):
    erasure = ErasureRequestFactory(person=holder[2], requested_by=holder[0])
    client.force_login(world.users["agency_officer"])
    client.post(reverse("portal:erasure_decide", args=[erasure.pk]), {"decision": "refuse"})
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.PENDING
    client.post(
        reverse("portal:erasure_decide", args=[erasure.pk]),
        {"decision": "refuse", "note": "dossier en cours"},
    )
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.REFUSED


def test_a_handled_request_is_not_executed_twice(client, holder, world):
    erasure = ErasureRequestFactory(person=holder[2], requested_by=holder[0], status=ErasureStatus.REFUSED)
    client.force_login(world.users["agency_officer"])
    response = client.post(reverse("portal:erasure_decide", args=[erasure.pk]), {"decision": "erase"})
    assert response.status_code == 409
    holder[2].refresh_from_db()
    assert holder[2].erased_at is None


def test_officer_of_another_province_does_not_see_the_request(client, holder, world):
    erasure = ErasureRequestFactory(person=holder[2], requested_by=holder[0])
    client.force_login(world.outsider)
    assert (
        client.post(reverse("portal:erasure_decide", args=[erasure.pk]), {"decision": "erase"}).status_code
        == 404
    )
