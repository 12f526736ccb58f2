"""The orders API: post (idempotent), edit (stale → 409), allocate (two allocations of one
order: one wins, 409), override refused with the reason, cancel, the explained
eligibility, sealed quotes (409 quotes_sealed), documents (a 40 MB one and one that is
not what its name says refused) and the scoped allocations."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from rowad.market.enums import AllocationMethod, OrderStatus
from rowad.market.models import Allocation, Quote, WorkOrder
from tests.factories import ProgrammeFactory
from tests.market.factories import MarketWorld

pytestmark = pytest.mark.django_db
ORDERS = "/api/market/orders/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _body(world, **changes) -> dict:
    start = timezone.localdate() + datetime.timedelta(days=20)
    body = {
        "sponsor": world.sponsor.pk,
        "programme": world.programme.pk,
        "title": "Raccordement FTTH",
        "specialty": world.specialty.pk,
        "province": world.province.pk,
        "quantity": "40",
        "unit": "connection",
        "estimated_amount": "320000.00",
        "starts_on": start.isoformat(),
        "ends_on": (start + datetime.timedelta(days=20)).isoformat(),
        "method": "rotation",
    }
    body.update(changes)
    return body


def test_post_an_order_twice_with_one_client_uuid():
    world = MarketWorld.build()
    api = _api(world.sponsor_officer())
    body = _body(world, client_uuid=str(uuid.uuid4()))
    first = api.post(ORDERS, body, format="json")
    second = api.post(ORDERS, body, format="json")
    assert first.status_code == 201, first.json()
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["reference"].startswith("WO-DZ-")
    assert WorkOrder.objects.count() == 1


def test_an_order_outside_the_sponsors_programmes_is_refused():
    world = MarketWorld.build()
    response = _api(world.sponsor_officer()).post(
        ORDERS, _body(world, programme=ProgrammeFactory().pk), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_sponsored"


def test_a_quote_deadline_after_the_start_is_refused():
    world = MarketWorld.build()
    body = _body(world, method="quote")
    body["quote_deadline"] = f"{datetime.date.fromisoformat(body['ends_on']).isoformat()}T10:00:00Z"
    response = _api(world.sponsor_officer()).post(ORDERS, body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "quote_deadline"


def test_a_stale_patch_is_a_conflict():
    world = MarketWorld.build()
    order = world.order()
    api = _api(world.sponsor_officer())
    ok = api.patch(f"{ORDERS}{order.pk}/", {"title": "Lot révisé", "version": order.version}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["title"] == "Lot révisé"
    stale = api.patch(f"{ORDERS}{order.pk}/", {"title": "Autre", "version": order.version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_edit"


def test_two_allocations_of_one_order_one_wins():
    world = MarketWorld.build()
    world.enterprise()
    world.enterprise()
    order = world.order()
    api = _api(world.agency_officer())
    first = api.post(f"{ORDERS}{order.pk}/allocate/", {}, format="json")
    second = api.post(f"{ORDERS}{order.pk}/allocate/", {}, format="json")
    assert first.status_code == 200, first.json()
    assert second.status_code == 409
    assert second.json()["code"] == "already_awarded"
    assert Allocation.objects.filter(order=order).count() == 1


def test_an_override_to_an_ineligible_enterprise_is_refused_with_the_reason():
    world = MarketWorld.build()
    ineligible = world.enterprise(certified=False)
    order = world.order()
    response = _api(world.sponsor_officer()).post(
        f"{ORDERS}{order.pk}/override/",
        {"enterprise": ineligible.pk, "reason": "Connaît bien le quartier et ses habitants."},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "ineligible"
    assert "No owner passed a course of the specialty." in response.json()["detail"]


def test_eligibility_lists_the_candidates_with_their_lines():
    world = MarketWorld.build()
    world.enterprise()
    world.enterprise(certified=False)
    order = world.order()
    rows = _api(world.sponsor_officer()).get(f"{ORDERS}{order.pk}/eligibility/").json()
    assert sorted(row["eligible"] for row in rows) == [False, True]
    assert all(row["lines"] and "reason" in row["lines"][0] for row in rows)


def test_quotes_are_sealed_until_the_deadline():
    world = MarketWorld.build()
    enterprise = world.enterprise()
    order = world.order(
        method=AllocationMethod.QUOTE,
        status=OrderStatus.QUOTING,
        quote_deadline=timezone.now() + datetime.timedelta(days=1),
    )
    Quote.objects.create(
        order=order, enterprise=enterprise, amount=Decimal("5000"), submitted_at=timezone.now()
    )
    api = _api(world.sponsor_officer())
    sealed = api.get(f"{ORDERS}{order.pk}/quotes/")
    assert sealed.status_code == 409
    assert sealed.json()["code"] == "quotes_sealed"
    WorkOrder.objects.filter(pk=order.pk).update(
        quote_deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    opened = api.get(f"{ORDERS}{order.pk}/quotes/")
    assert opened.status_code == 200
    assert opened.json()[0]["amount"] == "5000.00"


def test_cancel_then_allocations_are_scoped():
    world = MarketWorld.build()
    world.enterprise()
    order = world.order()
    api = _api(world.sponsor_officer())
    api.post(f"{ORDERS}{order.pk}/allocate/", {}, format="json")
    cancelled = api.post(f"{ORDERS}{order.pk}/cancel/", {"reason": "Chantier reporté"}, format="json")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert len(api.get("/api/market/allocations/").json()["results"]) == 1
    stranger = _api(MarketWorld.build(province_code="16").sponsor_officer())
    assert stranger.get("/api/market/allocations/").json()["results"] == []
    assert stranger.get(f"{ORDERS}{order.pk}/").status_code == 404


def test_documents_bad_content_and_40_mb_are_refused():
    world = MarketWorld.build()
    order = world.order()
    api = _api(world.sponsor_officer())
    url = f"{ORDERS}{order.pk}/documents/"
    ok = api.post(url, {"file": SimpleUploadedFile("cahier.pdf", PDF)}, format="multipart")
    assert ok.status_code == 201, ok.json()
    lying = api.post(url, {"file": SimpleUploadedFile("photo.docx", PNG)}, format="multipart")
    assert lying.status_code == 400
    assert lying.json()["code"] == "file_refused"
    big = api.post(
        url, {"file": SimpleUploadedFile("plans.pdf", PDF + b"\0" * (40 * 1024 * 1024))}, format="multipart"
    )
    assert big.status_code == 400
    assert "too large" in big.json()["detail"]
    assert order.documents.count() == 1
