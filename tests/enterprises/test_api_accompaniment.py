"""The accompaniment API: scoped lists (a mentor sees only their caseload), writes by the
right roles only, errors with their codes, and a visit replayed with its client_uuid
answered 200 with the stored row."""

from __future__ import annotations

import datetime
import uuid

import pytest
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from rowad.enterprises.models import AccompanimentSession, MentorAssignment, Visit
from rowad.enterprises.services.accompaniment import record_visit
from tests.enterprises.accompaniment_factories import TODAY, accompanied, mentor, oran_enterprise

pytestmark = pytest.mark.django_db

VISITS = "/api/enterprises/visits/"
SESSIONS = "/api/enterprises/sessions/"
ASSIGNMENTS = "/api/enterprises/assignments/"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rows(response) -> list:
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_a_visit_replayed_with_its_uuid_is_stored_once(world):
    enterprise = accompanied(world)
    client = _client(world.users[Role.MENTOR])
    body = {
        "enterprise": enterprise.pk,
        "visited_on": TODAY.isoformat(),
        "permanent_men": 2,
        "seasonal_women": 1,
        "difficulties": ["cash", "orders"],
        "needs": ["financing"],
        "client_uuid": str(uuid.uuid4()),
    }
    first = client.post(VISITS, body, format="json")
    again = client.post(VISITS, body, format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and first.json()["total_jobs"] == 3
    assert Visit.objects.count() == 1


def test_bad_visits_come_back_with_their_code(world):
    enterprise = accompanied(world)
    client = _client(world.users[Role.MENTOR])
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(VISITS, {"enterprise": enterprise.pk, "visited_on": tomorrow}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "future_date"
    before = (enterprise.created_on - datetime.timedelta(days=1)).isoformat()
    response = client.post(VISITS, {"enterprise": enterprise.pk, "visited_on": before}, format="json")
    assert response.json()["code"] == "before_creation"
    response = client.post(
        VISITS,
        {"enterprise": enterprise.pk, "visited_on": TODAY.isoformat(), "difficulties": ["x"]},
        format="json",
    )
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_a_mentor_lists_and_writes_only_their_caseload(world):
    mine = accompanied(world)
    theirs = accompanied(world, by=mentor(world, "mentor-two"))
    officer = world.users[Role.AGENCY_OFFICER]
    for enterprise in (mine, theirs):
        record_visit(enterprise, actor=officer, visited_on=TODAY)
    client = _client(world.users[Role.MENTOR])
    assert [row["enterprise"] for row in _rows(client.get(VISITS))] == [mine.pk]
    assert {row["dossier"] for row in _rows(client.get(ASSIGNMENTS))} == {mine.dossier_id}
    response = client.post(VISITS, {"enterprise": theirs.pk, "visited_on": TODAY.isoformat()}, format="json")
    assert response.status_code == 404
    response = client.post(
        SESSIONS,
        {"dossier": theirs.dossier_id, "topic": "management", "held_on": TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 404
    officer_rows = _rows(_client(officer).get(VISITS))
    assert {row["enterprise"] for row in officer_rows} == {mine.pk, theirs.pk}


def test_sessions_through_the_api(world):
    enterprise = accompanied(world)
    holder = enterprise.dossier.holders.first()
    client = _client(world.users[Role.MENTOR])
    body = {
        "dossier": enterprise.dossier_id,
        "topic": "management",
        "held_on": TODAY.isoformat(),
        "attendees": [holder.pk],
        "client_uuid": str(uuid.uuid4()),
    }
    first = client.post(SESSIONS, body, format="json")
    assert first.status_code == 201 and first.json()["phase"] == "post_creation"
    assert client.post(SESSIONS, body, format="json").status_code == 200
    assert AccompanimentSession.objects.count() == 1
    bad = client.post(SESSIONS, {**body, "client_uuid": None, "topic": "nope"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "topic"


def test_assignments_through_the_api(world):
    dossier = oran_enterprise(world).dossier
    officer = _client(world.users[Role.AGENCY_OFFICER])
    body = {"dossier": dossier.pk, "mentor": world.users[Role.MENTOR].pk, "reason": "Début"}
    assert officer.post(ASSIGNMENTS, body, format="json").status_code == 201
    again = officer.post(ASSIGNMENTS, body, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_assigned"
    far = mentor(world, "mentor-far", province=world.hoceima, organization=world.hoceima_agency)
    response = officer.post(ASSIGNMENTS, {**body, "mentor": far.pk}, format="json")
    assert response.json()["code"] == "mentor_outside"
    response = officer.post(ASSIGNMENTS, {**body, "mentor": world.users[Role.DIRECTOR].pk}, format="json")
    assert response.json()["code"] == "not_a_mentor"
    assert MentorAssignment.objects.filter(dossier=dossier).count() == 1


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PLATFORM_ADMIN])
def test_writes_by_every_other_role_are_refused(world, role):
    """The POSTs of the collections (outside the matrix's body walk): only an Oran officer
    assigns; only the mentor or an officer records; the Al Hoceima officer never."""
    enterprise = accompanied(world)
    waiting = oran_enterprise(world).dossier
    other = mentor(world, "mentor-two")
    posts = {
        ASSIGNMENTS: ({"dossier": waiting.pk, "mentor": other.pk}, {Role.AGENCY_OFFICER}),
        SESSIONS: (
            {"dossier": enterprise.dossier_id, "topic": "management", "held_on": TODAY.isoformat()},
            {Role.AGENCY_OFFICER, Role.MENTOR},
        ),
        VISITS: (
            {"enterprise": enterprise.pk, "visited_on": TODAY.isoformat()},
            {Role.AGENCY_OFFICER, Role.MENTOR},
        ),
    }
    counts = lambda: (  # noqa: E731
        MentorAssignment.objects.count(),
        AccompanimentSession.objects.count(),
        Visit.objects.count(),
    )
    for url, (body, writers) in posts.items():
        for user, allowed in ((world.users[role], role in writers), (world.outsider, False)):
            before = counts()
            response = _client(user).post(url, body, format="json")
            if allowed:
                assert response.status_code == 201, (url, role)
            else:
                assert response.status_code in (403, 404), (url, role, response.status_code)
                assert counts() == before
