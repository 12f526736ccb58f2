"""The enterprise's phone API: its offers (answered by the manager), its quotes (its own
price; none after the deadline), its reports (multipart with photos, sent twice recorded
once, never on another enterprise's contract) and its declared means."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rowad.market import services
from rowad.market.enums import OfferStatus
from rowad.market.models import EnterpriseMeans, ExecutionReport, Quote
from tests.factories import province
from tests.market.factories import MarketWorld, equipment, holder_of
from tests.market.portal_helpers import contract_of, jpeg_bytes, offer_to
from tests.market.test_invitations import quoting

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


@pytest.fixture
def market():
    world = MarketWorld.build()
    mine, rival = world.enterprise(), world.enterprise()
    return world, mine, holder_of(mine), rival, holder_of(rival)


def test_offers_are_listed_and_answered(market):
    world, mine, manager, rival, _ = market
    offer = offer_to(world, mine)
    foreign = offer_to(world, rival)
    api = _api(manager)
    assert [row["id"] for row in _rows(api.get(reverse("market-my-offers-list")))] == [offer.pk]
    assert api.get(reverse("market-my-offers-detail", args=[foreign.pk])).status_code == 404
    url = reverse("market-my-offers-respond", args=[offer.pk])
    no_reason = api.post(url, {"accept": False}, format="json")
    assert no_reason.status_code == 400
    answered = api.post(url, {"accept": False, "reason": "Pas d'équipe libre"}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == OfferStatus.DECLINED
    again = api.post(url, {"accept": True}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "wrong_state"
    assert (
        api.post(reverse("market-my-offers-respond", args=[foreign.pk]), {"accept": True}).status_code == 404
    )


def test_staff_are_refused(market):
    world, *_ = market
    api = _api(world.sponsor_officer())
    assert api.get(reverse("market-my-offers-list")).status_code == 403
    assert api.get(reverse("market-my-reports-list")).status_code == 403


def test_a_quote_before_the_deadline_then_refused_after(market):
    world, mine, manager, rival, rival_manager = market
    order = quoting(world)
    services.submit_quote(order, rival, amount="600000", actor=rival_manager)
    api = _api(manager)
    created = api.post(
        reverse("market-my-quotes-list"), {"order": order.pk, "amount": "650000.00"}, format="json"
    )
    assert created.status_code == 201 and created.json()["enterprise"] == mine.pk
    rows = _rows(api.get(reverse("market-my-quotes-list")))
    assert [(r["enterprise"], r["amount"]) for r in rows] == [(mine.pk, "650000.00")]

    order.quote_deadline = timezone.now() - datetime.timedelta(seconds=1)
    order.save(update_fields=["quote_deadline"])
    late = api.post(reverse("market-my-quotes-list"), {"order": order.pk, "amount": "500000"}, format="json")
    assert late.status_code == 409 and late.json()["code"] == "quote_closed"
    assert Quote.objects.get(order=order, enterprise=mine).amount == Decimal("650000.00")
    unknown = api.post(
        reverse("market-my-quotes-list"), {"order": world.order().pk, "amount": "1"}, format="json"
    )
    assert unknown.status_code == 404


def test_a_report_with_photos_sent_twice_is_recorded_once(market):
    world, mine, manager, rival, _ = market
    milestone = contract_of(world, mine).milestones.first()
    api = _api(manager)
    key = str(uuid.uuid4())

    def send():
        return api.post(
            reverse("market-my-reports-list"),
            {
                "milestone": milestone.pk,
                "quantity": "20",
                "done_on": timezone.localdate().isoformat(),
                "client_uuid": key,
                "photos": [SimpleUploadedFile("site.jpg", jpeg_bytes(), content_type="image/jpeg")],
            },
            format="multipart",
        )

    first, second = send(), send()
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"] and len(first.json()["photos"]) == 1
    assert ExecutionReport.objects.filter(milestone=milestone).count() == 1
    assert [r["id"] for r in _rows(api.get(reverse("market-my-reports-list")))] == [first.json()["id"]]

    foreign = contract_of(world, rival).milestones.first()
    refused = api.post(
        reverse("market-my-reports-list"),
        {"milestone": foreign.pk, "quantity": "1", "done_on": timezone.localdate().isoformat()},
        format="multipart",
    )
    assert refused.status_code == 404
    assert not ExecutionReport.objects.filter(milestone=foreign).exists()


def test_a_report_above_the_milestone_or_not_an_image_is_refused(market):
    world, mine, manager, *_ = market
    milestone = contract_of(world, mine).milestones.first()
    api = _api(manager)
    url = reverse("market-my-reports-list")
    today = timezone.localdate().isoformat()
    too_much = api.post(
        url, {"milestone": milestone.pk, "quantity": "99999", "done_on": today}, format="multipart"
    )
    assert too_much.status_code == 400 and too_much.json()["code"] == "quantity_exceeded"
    fake = SimpleUploadedFile("site.jpg", b"%PDF-1.4 nothing", content_type="image/jpeg")
    not_image = api.post(
        url,
        {"milestone": milestone.pk, "quantity": "1", "done_on": today, "photos": [fake]},
        format="multipart",
    )
    assert not_image.status_code == 400 and not_image.json()["code"] == "not_an_image"
    assert not ExecutionReport.objects.filter(milestone=milestone).exists()


def test_means_are_read_and_declared_by_enterprise(market):
    _world, mine, manager, rival, _ = market
    api = _api(manager)
    url = reverse("market-my-means-detail", args=[mine.pk])
    assert api.get(url).json()["workers"] is None
    saved = api.put(
        url,
        {
            "workers": 4,
            "max_concurrent_orders": 2,
            "equipment": [equipment("splicer").pk],
            "served_provinces": [province("DZ", "16").pk],
        },
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["version"] == 1
    patched = api.patch(url, {"workers": 6, "version": 1}, format="json")
    assert patched.status_code == 200 and patched.json()["workers"] == 6
    assert patched.json()["equipment"] == [equipment("splicer").pk]
    stale = api.patch(url, {"workers": 8, "version": 1}, format="json")
    assert stale.status_code == 409
    assert EnterpriseMeans.objects.get(enterprise=mine).workers == 6
    assert api.get(reverse("market-my-means-detail", args=[rival.pk])).status_code == 404
    assert (
        api.put(reverse("market-my-means-detail", args=[rival.pk]), {"workers": 2}, format="json").status_code
        == 404
    )
