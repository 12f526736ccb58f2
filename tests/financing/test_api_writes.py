"""What the financing API's writing endpoints record, through the real services (written
on the plans, disbursements and schedules branches): this module is skipped until all
three are merged. Scope and role refusals, and bad amounts, are tested in test_api.py."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.urls import reverse

from rowad.financing.enums import LineDecision
from rowad.financing.models import Disbursement, FunderDecision, Payment, PlanLine
from tests.dossiers.factories import pdf
from tests.financing.api_factories import api_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def fin(world):
    return api_world(world)


TODAY = datetime.date.today().isoformat()


def _post(client, user, name, pk, body, *, as_json=True):
    client.force_login(user)
    url = reverse(f"financing-{name}", kwargs={"pk": pk})
    if as_json:
        return client.post(url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


# --- Decisions ----------------------------------------------------------------------------


def test_a_funders_officer_posts_an_approval(fin, client):
    body = {"decision": "approved", "decided_on": TODAY, "amount": "300000.00", "reference": "BNA-77"}
    response = _post(client, fin.officer_a, "line-decisions", fin.waiting_a.pk, body)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["decision"], answer["amount"], answer["currency"], answer["reference"]) == (
        "approved",
        "300000.00",
        "DZD",
        "BNA-77",
    )
    line = PlanLine.objects.get(pk=fin.waiting_a.pk)
    assert (line.decision, str(line.approved_amount)) == (LineDecision.APPROVED, "300000.00")
    assert FunderDecision.objects.get(line=line).recorded_by == fin.officer_a


def test_a_refusal_with_its_reason(fin, client):
    body = {"decision": "refused", "decided_on": TODAY, "reason": "Garanties insuffisantes"}
    response = _post(client, fin.officer_a, "line-decisions", fin.waiting_a.pk, body)
    assert response.status_code == 201, response.content
    assert PlanLine.objects.get(pk=fin.waiting_a.pk).decision == LineDecision.REFUSED


def test_a_decision_on_an_outdated_line_is_a_409(fin, client):
    body = {"decision": "approved", "decided_on": TODAY, "amount": "300000.00", "version": 99}
    response = _post(client, fin.officer_a, "line-decisions", fin.waiting_a.pk, body)
    assert response.status_code == 409
    assert response.json()["code"] == "stale_edit"
    assert PlanLine.objects.get(pk=fin.waiting_a.pk).decision == LineDecision.SUBMITTED


# --- Disbursements ----------------------------------------------------------------------


def test_a_tranche_posted_twice_with_its_key_is_stored_once(fin, client):
    key = str(uuid.uuid4())
    body = {"amount": "50000.25", "paid_on": TODAY, "purpose": "equipment", "client_uuid": key}
    first = _post(client, fin.officer_a, "line-disbursements", fin.line_a.pk, body)
    assert first.status_code == 201, first.content
    assert (first.json()["amount"], first.json()["currency"]) == ("50000.25", "DZD")
    again = _post(client, fin.officer_a, "line-disbursements", fin.line_a.pk, body)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Disbursement.objects.filter(client_uuid=key).count() == 1
    assert str(PlanLine.objects.get(pk=fin.line_a.pk).disbursed_amount) == "200000.75"


def test_a_tranche_with_its_invoice_as_multipart(fin, client):
    body = {
        "amount": "1000.00",
        "paid_on": TODAY,
        "purpose": "equipment",
        "supplier": "Equipements Oran",
        "invoice_number": "F-2026-12",
        "invoice": pdf("facture.pdf"),
    }
    response = _post(
        client, fin.world.users["agency_officer"], "line-disbursements", fin.line_a.pk, body, as_json=False
    )
    assert response.status_code == 201, response.content
    assert response.json()["has_invoice"] is True
    assert Disbursement.objects.get(pk=response.json()["id"]).invoice


def test_a_tranche_above_the_approved_amount_is_refused(fin, client):
    body = {"amount": "600000.00", "paid_on": TODAY, "purpose": "equipment"}
    response = _post(client, fin.officer_a, "line-disbursements", fin.line_a.pk, body)
    assert response.status_code == 400
    assert response.json()["code"] == "above_approved"
    assert Disbursement.objects.filter(line=fin.line_a).count() == 1


# --- Payments -----------------------------------------------------------------------------


def test_a_payment_is_allocated_interest_first_and_stored_once(fin, client):
    key = str(uuid.uuid4())
    body = {
        "amount": "1000.00",
        "currency": "DZD",
        "paid_on": TODAY,
        "reference": "VIR-9",
        "client_uuid": key,
    }
    first = _post(client, fin.officer_a, "schedule-payments", fin.schedule_a.pk, body)
    assert first.status_code == 201, first.content
    answer = first.json()
    assert (answer["amount"], answer["currency"]) == ("1000.00", "DZD")
    assert answer["allocations"] == [{"instalment": 2, "principal": "899.90", "interest": "100.10"}]
    again = _post(client, fin.officer_a, "schedule-payments", fin.schedule_a.pk, body)
    assert again.status_code == 200
    assert Payment.objects.filter(client_uuid=key).count() == 1


def test_a_payment_as_a_json_number_with_two_decimals(fin, client):
    client.force_login(fin.officer_a)
    url = reverse("financing-schedule-payments", kwargs={"pk": fin.schedule_a.pk})
    raw = '{"amount": 250.5, "currency": "DZD", "paid_on": "' + TODAY + '"}'
    response = client.post(url, raw, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "250.50"


def test_a_payment_in_the_wrong_currency_is_refused(fin, client):
    body = {"amount": "1000.00", "currency": "MAD", "paid_on": TODAY}
    response = _post(client, fin.officer_a, "schedule-payments", fin.schedule_a.pk, body)
    assert response.status_code == 400
    assert response.json()["code"] == "currency_mismatch"
    assert Payment.objects.filter(schedule=fin.schedule_a).count() == 1


def test_a_payment_on_an_outdated_schedule_is_a_409(fin, client):
    body = {"amount": "1000.00", "currency": "DZD", "paid_on": TODAY, "version": 99}
    response = _post(client, fin.officer_a, "schedule-payments", fin.schedule_a.pk, body)
    assert response.status_code == 409
    assert response.json()["code"] == "stale_edit"
    assert Payment.objects.filter(schedule=fin.schedule_a).count() == 1
