import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from tests.dossiers.factories import advance, make_dossier, oran_programme
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.users[Role.AGENCY_OFFICER])
    return client


def test_list_is_scoped_and_filtered(api, world):
    make_dossier(world, title="Visible")
    response = api.get(reverse("dossier-list"), {"state": "idea"})
    assert response.status_code == 200
    assert [d["title"] for d in response.json()["results"]] == ["Visible"]

    outsider = APIClient()
    outsider.force_authenticate(world.outsider)
    assert outsider.get(reverse("dossier-list")).json()["results"] == []


def test_list_rejects_unknown_state(api):
    response = api.get(reverse("dossier-list"), {"state": "paid"})
    assert response.status_code == 400


def test_create_with_same_client_uuid_twice_creates_one(api, world):
    programme = oran_programme(world)
    person = PersonFactory(national_id="", organization=world.oran_agency)
    payload = {
        "title": "Génie civil",
        "idea": "Tranchées",
        "programme": programme.pk,
        "province": world.oran.pk,
        "investment": "500000.00",
        "holders": [person.pk],
        "financing": [{"kind": "personal_contribution", "amount": "500000.00"}],
        "client_uuid": "8a5b3f3e-4a8e-4c55-9d7b-2d1c0f3b9a10",
    }
    first = api.post(reverse("dossier-list"), payload, format="json")
    second = api.post(reverse("dossier-list"), payload, format="json")

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    assert Dossier.objects.count() == 1
    assert first.json()["eligibility_outcome"] in {"passed", "unknown"}


def test_create_refuses_person_out_of_scope(api, world):
    foreign = PersonFactory(national_id="", country="MA", province=world.hoceima)
    response = api.post(
        reverse("dossier-list"),
        {"title": "x", "programme": oran_programme(world).pk, "holders": [foreign.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "holders" in response.json()["errors"]


def test_transition_endpoint_moves_and_returns_dossier(api, world):
    dossier = make_dossier(world)
    response = api.post(
        reverse("dossier-transition", args=[dossier.pk]), {"state": "submitted", "version": dossier.version}
    )
    assert response.status_code == 200
    assert response.json()["state"] == "submitted"


def test_transition_endpoint_400_with_code_for_invalid_transition(api, world):
    dossier = make_dossier(world)
    response = api.post(reverse("dossier-transition", args=[dossier.pk]), {"state": "approved"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_transition"


def test_transition_endpoint_409_with_code_for_stale_version(api, world):
    dossier = make_dossier(world)
    response = api.post(
        reverse("dossier-transition", args=[dossier.pk]),
        {"state": "submitted", "version": dossier.version - 1},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_edit"


def test_transition_endpoint_400_when_guard_refuses(api, world):
    dossier = advance(
        make_dossier(world), DossierState.ELIGIBILITY_CHECKED, actor=world.users[Role.AGENCY_OFFICER]
    )
    response = api.post(reverse("dossier-transition", args=[dossier.pk]), {"state": "under_study"})
    assert response.status_code == 400
    assert response.json()["code"] == "incomplete_documents"


def test_stale_update_refused_with_409(api, world):
    dossier = make_dossier(world)
    url = reverse("dossier-detail", args=[dossier.pk])
    assert api.patch(url, {"title": "Premier", "version": dossier.version}, format="json").status_code == 200
    response = api.patch(url, {"title": "Second", "version": dossier.version}, format="json")
    assert response.status_code == 409
    assert Dossier.objects.get(pk=dossier.pk).title == "Premier"


def test_holder_cannot_use_back_office_api(world):
    client = APIClient()
    client.force_authenticate(world.users[Role.PROJECT_HOLDER])
    assert client.get(reverse("dossier-list")).status_code == 403


def test_client_uuid_of_another_user_is_refused(api, world):
    from rowad.accounts.enums import Role as R

    programme = oran_programme(world)
    person = PersonFactory(national_id="", organization=world.oran_agency)
    payload = {
        "title": "Génie civil",
        "programme": programme.pk,
        "holders": [person.pk],
        "client_uuid": "1a5b3f3e-4a8e-4c55-9d7b-2d1c0f3b9a10",
    }
    assert api.post(reverse("dossier-list"), payload, format="json").status_code == 201
    other = APIClient()
    other.force_authenticate(world.users[R.FIELD_AGENT])

    response = other.post(reverse("dossier-list"), payload, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "duplicate_request")


@pytest.mark.parametrize("target", ["approved", "rejected", "deferred", "to_revise"])
def test_transition_endpoint_refuses_committee_decisions(api, world, target):
    dossier = advance(
        make_dossier(world), DossierState.READY_FOR_COMMITTEE, actor=world.users[Role.AGENCY_OFFICER]
    )
    response = api.post(reverse("dossier-transition", args=[dossier.pk]), {"state": target, "note": "motif"})
    assert (response.status_code, response.json()["code"]) == (403, "committee_only")
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.READY_FOR_COMMITTEE
