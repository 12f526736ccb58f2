"""The creation steps on the API (list, mark done with or without a document, reopen) and
the API's request for a holders' declaration."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from rowad.enterprises.enums import EnterpriseStatus
from rowad.enterprises.models import CreationStep, Enterprise
from tests.dossiers.factories import pdf
from tests.enterprises.calendar_helpers import foreign_enterprise, oran_enterprise
from tests.enterprises.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def step(world):
    enterprise = oran_enterprise(world)
    return CreationStep.objects.create(enterprise=enterprise, code="trade_register", due_on=TODAY())


def test_an_officer_marks_a_step_done_with_its_document_then_reopens_it(world, step):
    officer = _client(world.users[Role.AGENCY_OFFICER])
    done = officer.post(
        f"/api/enterprises/steps/{step.pk}/complete/",
        {"done_on": TODAY().isoformat(), "reference": "RC 31/00-1", "document": pdf("rc.pdf")},
        format="multipart",
    )
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "done" and done.json()["has_document"] is True
    step.refresh_from_db()
    assert step.reference == "RC 31/00-1" and step.document

    again = officer.post(f"/api/enterprises/steps/{step.pk}/complete/", {"done_on": TODAY().isoformat()})
    assert again.status_code == 400 and again.json()["code"] == "step_done"

    reopened = officer.post(f"/api/enterprises/steps/{step.pk}/reopen/")
    assert reopened.status_code == 200 and reopened.json()["done_on"] is None


def test_a_future_date_is_refused(world, step):
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = _client(world.users[Role.AGENCY_OFFICER]).post(
        f"/api/enterprises/steps/{step.pk}/complete/", {"done_on": tomorrow}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "future_date"
    assert CreationStep.objects.get(pk=step.pk).done_on is None


def test_readers_read_but_only_officers_write(world, step):
    director = _client(world.users[Role.DIRECTOR])
    assert director.get(f"/api/enterprises/steps/{step.pk}/").status_code == 200
    response = director.post(f"/api/enterprises/steps/{step.pk}/complete/", {"done_on": TODAY().isoformat()})
    assert response.status_code == 403
    foreign = CreationStep.objects.create(
        enterprise=foreign_enterprise(world), code="odco_deposit", due_on=TODAY()
    )
    officer = _client(world.users[Role.AGENCY_OFFICER])
    assert officer.get(f"/api/enterprises/steps/{foreign.pk}/").status_code == 404
    assert (
        officer.post(f"/api/enterprises/steps/{foreign.pk}/complete/", {"done_on": "2026-01-01"}).status_code
        == 404
    )
    assert CreationStep.objects.get(pk=foreign.pk).done_on is None


def test_the_mentor_asks_the_holders_through_the_api(world):
    enterprise = oran_enterprise(world)
    AssignmentFactory(dossier=enterprise.dossier, mentor=world.users[Role.MENTOR])
    response = _client(world.users[Role.MENTOR]).post(
        "/api/enterprises/declarations/ask/", {"enterprise": enterprise.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["asked_on"] == TODAY().isoformat()
    assert Enterprise.objects.get(pk=enterprise.pk).declaration_requested_on == TODAY()


def test_asking_is_refused_outside_the_caseload_and_for_a_closed_enterprise(world):
    unassigned = oran_enterprise(world)
    mentor = _client(world.users[Role.MENTOR])
    assert mentor.post("/api/enterprises/declarations/ask/", {"enterprise": unassigned.pk}).status_code == 404
    closed = oran_enterprise(world, status=EnterpriseStatus.CLOSED)
    response = _client(world.users[Role.AGENCY_OFFICER]).post(
        "/api/enterprises/declarations/ask/", {"enterprise": closed.pk}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "closed"
    holder = _client(world.users[Role.PROJECT_HOLDER])
    assert holder.post("/api/enterprises/declarations/ask/", {"enterprise": unassigned.pk}).status_code == 403
