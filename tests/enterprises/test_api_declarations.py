"""The declarations API: holders read and post their own enterprises' declarations, staff
read those they reach, an officer managing the enterprise or its mentor confirms."""

from __future__ import annotations

import json
import uuid

import pytest

from rowad.enterprises.models import JobsDeclaration
from rowad.enterprises.services.declarations import declare_jobs
from tests.enterprises.declaration_helpers import days_ago, holder_with_enterprise

pytestmark = pytest.mark.integration

LIST = "/api/enterprises/declarations/"


@pytest.fixture
def held(world):
    return holder_with_enterprise(world, mentor=world.users["mentor"])


@pytest.fixture
def other(world):
    return holder_with_enterprise(world, username="holder-karim", title="Zzkarimzz")


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _declared(user, enterprise, **fields):
    return declare_jobs(enterprise, actor=user, permanent_men=2, seasonal_women=1, **fields)


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_holder_lists_only_their_own_enterprises_declarations(client, held, other):
    mine = _declared(held[0], held[2])
    theirs = _declared(other[0], other[2])
    client.force_login(held[0])
    assert _ids(client.get(LIST)) == {mine.pk}
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404


def test_staff_list_what_they_reach_and_filter_pending(client, world, held, other):
    mine = _declared(held[0], held[2])
    theirs = _declared(other[0], other[2])
    client.force_login(world.users["agency_officer"])
    assert _ids(client.get(LIST)) == {mine.pk, theirs.pk}
    assert _ids(client.get(f"{LIST}?enterprise={held[2].pk}")) == {mine.pk}
    client.force_login(world.users["mentor"])  # accompanies only Amina's dossier
    assert _ids(client.get(LIST)) == {mine.pk}
    client.force_login(world.outsider)
    assert _ids(client.get(LIST)) == set()


def test_pending_filter(client, world, held):
    first = _declared(held[0], held[2])
    second = _declared(held[0], held[2], declared_on=days_ago(2))
    client.force_login(world.users["agency_officer"])
    _post(client, f"{LIST}{first.pk}/confirm/")
    assert _ids(client.get(f"{LIST}?pending=true")) == {second.pk}


def test_a_holder_declares_once_per_client_uuid(client, held):
    user, person, enterprise = held
    client.force_login(user)
    key = str(uuid.uuid4())
    body = {
        "enterprise": enterprise.pk,
        "permanent_men": 3,
        "permanent_women": 1,
        "turnover_band": "under_2m",
        "client_uuid": key,
    }
    first = _post(client, LIST, body)
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["total_jobs"] == 4 and data["confirmed"] is False and data["declared_by"] == person.pk
    again = _post(client, LIST, body)
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert JobsDeclaration.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"declared_on": days_ago(-1).isoformat()}, "future_date", "declared_on"),
        ({"permanent_men": -3}, "invalid", "permanent_men"),
        ({"seasonal_men": 20_000}, "invalid", "seasonal_men"),
    ],
)
def test_bad_values_are_refused_with_their_code(client, held, change, code, field):
    client.force_login(held[0])
    response = _post(client, LIST, {"enterprise": held[2].pk, **change})
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["field"] == field
    assert not JobsDeclaration.objects.exists()


def test_a_band_outside_the_list_is_refused(client, held):
    client.force_login(held[0])
    response = _post(client, LIST, {"enterprise": held[2].pk, "turnover_band": "huge"})
    assert response.status_code == 400 and "turnover_band" in response.json()["errors"]


def test_a_holder_may_not_declare_for_another_enterprise(client, held, other):
    client.force_login(held[0])
    response = _post(client, LIST, {"enterprise": other[2].pk, "permanent_men": 1})
    assert response.status_code == 404
    assert not JobsDeclaration.objects.exists()


@pytest.mark.parametrize("role", ["agency_officer", "mentor", "director"])
def test_staff_may_not_declare(client, world, held, role):
    client.force_login(world.users[role])
    response = _post(client, LIST, {"enterprise": held[2].pk, "permanent_men": 1})
    assert response.status_code == 403
    assert not JobsDeclaration.objects.exists()


@pytest.mark.parametrize("role", ["agency_officer", "mentor"])
def test_an_officer_or_the_mentor_confirms_once(client, world, held, role):
    declaration = _declared(held[0], held[2])
    client.force_login(world.users[role])
    url = f"{LIST}{declaration.pk}/confirm/"
    response = _post(client, url)
    assert response.status_code == 200 and response.json()["confirmed"] is True
    held[2].refresh_from_db()
    assert held[2].total_jobs == 3
    again = _post(client, url)
    assert again.status_code == 409 and again.json()["code"] == "already_confirmed"


def test_the_director_reads_but_may_not_confirm(client, world, held):
    declaration = _declared(held[0], held[2])
    client.force_login(world.users["director"])
    assert client.get(f"{LIST}{declaration.pk}/").status_code == 200
    assert _post(client, f"{LIST}{declaration.pk}/confirm/").status_code == 403
    assert JobsDeclaration.objects.get().confirmed_at is None


def test_the_holder_may_not_confirm(client, held):
    declaration = _declared(held[0], held[2])
    client.force_login(held[0])
    assert _post(client, f"{LIST}{declaration.pk}/confirm/").status_code == 403


def test_a_mentor_outside_the_caseload_does_not_reach_it(client, world, other):
    declaration = _declared(other[0], other[2])
    client.force_login(world.users["mentor"])
    assert _post(client, f"{LIST}{declaration.pk}/confirm/").status_code == 404


def test_an_officer_elsewhere_does_not_reach_it(client, world, held):
    declaration = _declared(held[0], held[2])
    client.force_login(world.outsider)
    assert _post(client, f"{LIST}{declaration.pk}/confirm/").status_code == 404


def test_anonymous_is_refused(client, held):
    assert client.get(LIST).status_code in (401, 403)
    assert _post(client, LIST, {"enterprise": held[2].pk}).status_code in (401, 403)


def test_the_schema_documents_the_endpoints(client, world):
    client.force_login(world.users["agency_officer"])
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert "/api/enterprises/declarations/" in paths
    assert "/api/enterprises/declarations/{id}/confirm/" in paths
