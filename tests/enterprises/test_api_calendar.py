"""The calendar and life-event API: scoped lists, marking an obligation done, recording a
life event, and their refusals (400 with the code, 403/404, 409 on a stale version)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from rowad.enterprises.enums import EnterpriseStatus
from rowad.enterprises.models import Enterprise, LifeEvent, Obligation
from tests.enterprises.calendar_helpers import foreign_enterprise, obligation, oran_enterprise

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = datetime.date.today()
OBLIGATIONS = "enterprise-obligation-list"
EVENTS = "enterprise-life-event-list"


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users["agency_officer"])
    return client


@pytest.fixture
def enterprise(world):
    return oran_enterprise(world)


def test_obligations_are_listed_in_scope_with_their_state(officer_client, world, enterprise):
    late = obligation(enterprise, in_days=-1)
    obligation(foreign_enterprise(world), in_days=-1, label="Zforeignz")
    body = officer_client.get(reverse(OBLIGATIONS)).json()
    assert [(row["id"], row["state"]) for row in body["results"]] == [(late.pk, "late")]


def test_complete_an_obligation(officer_client, enterprise):
    due = obligation(enterprise)
    url = reverse("enterprise-obligation-complete", args=[due.pk])
    response = officer_client.post(url, {"done_on": TODAY.isoformat()}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "done"
    assert Obligation.objects.get(pk=due.pk).done_on == TODAY
    response = officer_client.post(url, {"done_on": TODAY.isoformat()}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "step_done")


def test_a_future_done_date_is_a_400(officer_client, enterprise):
    due = obligation(enterprise)
    url = reverse("enterprise-obligation-complete", args=[due.pk])
    response = officer_client.post(
        url, {"done_on": (TODAY + DAY).isoformat()}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "future_date")
    assert Obligation.objects.get(pk=due.pk).done_on is None


@pytest.mark.parametrize("role", ["director", "mentor", "project_holder"])
def test_other_roles_cannot_complete(client, world, enterprise, role):
    due = obligation(enterprise)
    client.force_login(world.users[role])
    response = client.post(
        reverse("enterprise-obligation-complete", args=[due.pk]),
        {"done_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert Obligation.objects.get(pk=due.pk).done_on is None


def _event(client, enterprise, **fields):
    body = {"enterprise": enterprise.pk, "occurred_on": (TODAY - DAY).isoformat(), **fields}
    return client.post(reverse(EVENTS), body, content_type="application/json")


def test_record_a_life_event_and_list_it(officer_client, world, enterprise):
    response = _event(officer_client, enterprise, kind="suspended", version=1)
    assert response.status_code == 201 and response.json()["kind"] == "suspended"
    assert Enterprise.objects.get(pk=enterprise.pk).status == EnterpriseStatus.SUSPENDED
    foreign = foreign_enterprise(world)
    LifeEvent.objects.create(enterprise=foreign, kind="suspended", occurred_on=TODAY, note="Zforeignz")
    listed = officer_client.get(reverse(EVENTS)).json()["results"]
    assert [row["enterprise"] for row in listed] == [enterprise.pk]


def test_life_event_bad_inputs(officer_client, enterprise):
    cases = [
        ({"kind": "closed"}, 400, "invalid_event"),
        ({"kind": "resumed"}, 400, "invalid_event"),
        ({"kind": "suspended", "occurred_on": (TODAY + DAY).isoformat()}, 400, "future_date"),
        ({"kind": "suspended", "version": 7}, 409, "stale_edit"),
        ({"kind": "sold"}, 400, "invalid"),
    ]
    for fields, status, code in cases:
        response = _event(officer_client, enterprise, **fields)
        assert (response.status_code, response.json()["code"]) == (status, code), fields
    assert not LifeEvent.objects.exists()
    assert _event(officer_client, enterprise, kind="closed", reason="debt").status_code == 201
    response = _event(officer_client, enterprise, kind="resumed")
    assert (response.status_code, response.json()["code"]) == (400, "closed")


@pytest.mark.parametrize("role", ["director", "mentor", "project_holder"])
def test_other_roles_cannot_record_events(client, world, enterprise, role):
    client.force_login(world.users[role])
    assert _event(client, enterprise, kind="suspended").status_code in (403, 404)
    client.force_login(world.outsider)
    assert _event(client, enterprise, kind="suspended").status_code in (403, 404)
    assert not LifeEvent.objects.exists()
