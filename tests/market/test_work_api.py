"""The work API for the sponsor's systems: scoped reads, reviews and idempotent payments."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from rowad.market.models import SponsorPayment
from tests.market.factories import MarketWorld
from tests.market.work_factories import awarded, contract_of, image_file, reported, today

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_sponsor_reads_reports_with_photo_urls_and_reviews():
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract, photos=[image_file()])
    api = _api(case.sponsor)
    contracts = api.get("/api/market/contracts/").json()
    rows = contracts["results"] if isinstance(contracts, dict) else contracts
    assert [c["reference"] for c in rows] == [contract.reference]
    reports = api.get("/api/market/reports/").json()
    rows = reports["results"] if isinstance(reports, dict) else reports
    photo = milestone.reports.get().photos.get()
    assert rows[0]["photos"][0].endswith(f"/market/photos/{photo.pk}/")
    refused = api.post(
        f"/api/market/milestones/{milestone.pk}/review/", {"accept": False, "decided_on": today()}
    )
    assert refused.status_code == 400 and refused.json()["code"] == "reason_required"
    response = api.post(
        f"/api/market/milestones/{milestone.pk}/review/",
        {"accept": True, "decided_on": today()},
        format="json",
    )
    assert response.status_code == 201 and response.json()["decision"] == "accepted"
    again = api.post(
        f"/api/market/milestones/{milestone.pk}/review/", {"accept": True, "decided_on": today()}
    )
    assert again.status_code == 409 and again.json()["code"] == "wrong_state"


def test_payments_are_idempotent_by_client_key_and_never_above_the_invoice():
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract)
    api = _api(case.sponsor)
    api.post(f"/api/market/milestones/{milestone.pk}/review/", {"accept": True, "decided_on": today()})
    invoice = api.get("/api/market/invoices/").json()
    invoice = (invoice["results"] if isinstance(invoice, dict) else invoice)[0]
    url = f"/api/market/invoices/{invoice['id']}/payments/"
    body = {"amount": "1000.00", "paid_on": today(), "client_key": "ERP-1"}
    first = api.post(url, body)
    assert first.status_code == 201
    second = api.post(url, body)
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert SponsorPayment.objects.count() == 1
    over = api.post(url, {"amount": invoice["amount"], "paid_on": today(), "client_key": "ERP-2"})
    assert over.status_code == 400 and over.json()["code"] == "overpayment"


def test_others_are_refused_or_see_nothing():
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract)
    officer = _api(case.officer)
    assert officer.get("/api/market/contracts/").status_code == 200
    refused = officer.post(
        f"/api/market/milestones/{milestone.pk}/review/", {"accept": True, "decided_on": today()}
    )
    assert refused.status_code == 403
    assert _api(case.holder).get("/api/market/contracts/").status_code == 403
    elsewhere = _api(MarketWorld.build(province_code="16").agency_officer())
    listed = elsewhere.get("/api/market/contracts/").json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    assert elsewhere.get(f"/api/market/milestones/{milestone.pk}/").status_code == 404
