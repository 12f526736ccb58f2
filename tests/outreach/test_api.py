import uuid

import pytest
from rest_framework.test import APIClient

from rowad.outreach.models import Registration, VisitorTally
from tests.factories import PersonFactory, SpecialtyFactory

from .factories import StopFactory

pytestmark = pytest.mark.integration

BATCH = "/api/outreach/registrations/batch/"


@pytest.fixture
def agent_api(world):
    client = APIClient()
    client.force_authenticate(world.users["field_agent"])
    return client


def item(place, **overrides):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "stop": place.pk,
        "given_name_latin": "Amine",
        "family_name_latin": "Brahimi",
        "phone": "0550 11 22 33",
        "sex": "M",
        "birth_date": "2001-03-04",
        "consent": True,
    }
    data.update(overrides)
    return data


def test_batch_saves_valid_items_and_answers_each_invalid_one(agent_api, caravan):
    SpecialtyFactory(code="fiber")
    items = [
        item(caravan, specialty="fiber"),
        item(caravan, phone="12"),
        item(caravan, consent=False),
        item(caravan, given_name_latin="", family_name_latin=""),
        item(caravan, specialty="unknown"),
        {"stop": caravan.pk},
        "not an object",
        item(caravan, stop=999999),
    ]
    response = agent_api.post(BATCH, {"items": items}, format="json")
    assert response.status_code == 200
    body = response.json()
    statuses = [(r["status"], r.get("code")) for r in body["results"]]
    assert statuses == [
        ("created", None),
        ("invalid", None),
        ("refused", "consent_required"),
        ("invalid", None),
        ("invalid", None),
        ("invalid", None),
        ("invalid", None),
        ("refused", "unknown_place"),
    ]
    assert list(body["results"][1]["errors"]) == ["phone"]
    assert (body["created"], body["duplicates"], body["rejected"]) == (1, 0, 7)
    assert Registration.objects.count() == 1
    assert Registration.objects.get().specialty.code == "fiber"


def test_batch_resent_creates_nothing_twice(agent_api, caravan):
    items = [item(caravan, phone=f"0550 11 22 3{i}", given_name_latin=f"Nom{i}") for i in range(3)]
    first = agent_api.post(BATCH, {"items": items}, format="json").json()
    second = agent_api.post(BATCH, {"items": items}, format="json").json()
    assert [r["status"] for r in first["results"]] == ["created"] * 3
    assert [r["status"] for r in second["results"]] == ["duplicate"] * 3
    assert [r["registration_id"] for r in first["results"]] == [
        r["registration_id"] for r in second["results"]
    ]
    assert Registration.objects.filter(stop=caravan).count() == 3


def test_single_post_twice_returns_201_then_200(agent_api, caravan):
    data = item(caravan)
    assert agent_api.post("/api/outreach/registrations/", data, format="json").status_code == 201
    assert agent_api.post("/api/outreach/registrations/", data, format="json").status_code == 200
    assert Registration.objects.count() == 1


def test_batch_to_deleted_stop_is_refused_per_item(agent_api, world, caravan):
    other = StopFactory(
        phase=caravan.phase,
        starts_on=caravan.starts_on,
        ends_on=caravan.ends_on,
        field_agents=[world.users["field_agent"]],
    )
    pk = other.pk
    other.delete()
    body = agent_api.post(BATCH, {"items": [item(caravan), item(caravan, stop=pk)]}, format="json").json()
    assert [(r["status"], r.get("code")) for r in body["results"]] == [
        ("created", None),
        ("refused", "unknown_place"),
    ]


def test_field_agent_cannot_register_at_stop_not_assigned(agent_api, caravan):
    other = StopFactory(phase=caravan.phase, starts_on=caravan.starts_on, ends_on=caravan.ends_on)
    body = agent_api.post(BATCH, {"items": [item(other)]}, format="json").json()
    assert body["results"][0]["code"] == "unknown_place"


def test_batch_person_id_out_of_scope_is_invalid(agent_api, world, caravan):
    from tests.factories import province_by_name

    foreign = PersonFactory(country="MA", province=province_by_name("Al Hoce"), national_id="")
    body = agent_api.post(BATCH, {"items": [item(caravan, person_id=foreign.pk)]}, format="json").json()
    assert body["results"][0]["status"] == "invalid"
    assert list(body["results"][0]["errors"]) == ["person_id"]


def test_batch_too_large_is_refused(agent_api, caravan):
    response = agent_api.post(BATCH, {"items": [item(caravan) for _ in range(201)]}, format="json")
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_batch_without_items_is_refused(agent_api):
    response = agent_api.post(BATCH, {"rows": []}, format="json")
    assert response.status_code == 400


def test_sponsor_cannot_post_registrations(world, caravan):
    client = APIClient()
    client.force_authenticate(world.users["sponsor_officer"])
    assert client.post(BATCH, {"items": [item(caravan)]}, format="json").status_code == 403


def test_tally_api_idempotent_and_confirmation(agent_api, caravan):
    key = str(uuid.uuid4())
    data = {"client_uuid": key, "stop": caravan.pk, "count": 12}
    assert agent_api.post("/api/outreach/tallies/", data, format="json").status_code == 201
    assert agent_api.post("/api/outreach/tallies/", data, format="json").status_code == 200
    high = agent_api.post(
        "/api/outreach/tallies/",
        {"client_uuid": str(uuid.uuid4()), "stop": caravan.pk, "count": 10000},
        format="json",
    )
    assert (high.status_code, high.json()["code"]) == (400, "tally_needs_confirmation")
    assert VisitorTally.objects.count() == 1


def test_registration_list_is_scoped(world, caravan):
    from .factories import RegistrationFactory

    RegistrationFactory(stop=caravan)
    RegistrationFactory()  # a stop the agent does not work at
    client = APIClient()
    client.force_authenticate(world.users["field_agent"])
    body = client.get("/api/outreach/registrations/").json()
    assert body["count"] == 1
