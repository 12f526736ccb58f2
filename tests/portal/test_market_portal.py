"""The enterprise's market pages on the portal: offers answered by the manager, quotes
until the deadline (own price only), contracts with their milestones, invoices (late
ones flagged) and photos, reports from the phone, means, the rating's comment. Every page
scoped to the holder's own enterprises (404), staff refused (403)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from rowad.accounts.enums import Role
from rowad.core.templatetags.rowad_format import money
from rowad.enterprises.enums import MemberRole
from rowad.market import services
from rowad.market.enums import MilestoneStatus, OfferStatus, ReviewDecision
from rowad.market.models import EnterpriseMeans, ExecutionReport, MilestoneReview, Quote
from tests.enterprises.factories import MemberFactory
from tests.factories import MembershipFactory, PersonFactory, UserFactory, province
from tests.market.factories import MarketWorld, equipment, holder_of
from tests.market.portal_helpers import (
    contract_of,
    invoice_of,
    jpeg_bytes,
    offer_to,
    rating_of,
    report_with_photo,
)
from tests.market.test_invitations import quoting

pytestmark = pytest.mark.django_db
HAS_REPORTS = hasattr(services, "report_execution")
HAS_CONTEST = hasattr(services, "contest_rating")


@pytest.fixture
def market():
    world = MarketWorld.build()
    mine, rival = world.enterprise(), world.enterprise()
    return world, mine, holder_of(mine), rival, holder_of(rival)


def _owner(enterprise, username="associate"):
    """A current owner who is not the manager."""
    person = PersonFactory(national_id="")
    MemberFactory(enterprise=enterprise, person=person, role=MemberRole.ASSOCIATE)
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=enterprise.organization, role=Role.PROJECT_HOLDER)
    person.user = user
    person.save(update_fields=["user"])
    return user


def test_home_lists_offers_invitations_contracts_ratings_and_means(client, market):
    world, mine, manager, rival, _ = market
    # Room for the offer and the contracts below and still eligible for the invitation.
    EnterpriseMeans.objects.create(
        enterprise=mine, workers=2, max_concurrent_orders=10, declared_on=timezone.localdate()
    )
    offer = offer_to(world, mine, title="Pose fibre Es Senia")
    offer_to(world, rival, title="Zzrivaloffer")
    invitation = quoting(world, title="Génie civil Bir El Djir")
    contract = contract_of(world, mine, title="Maintenance réseau")
    rating_of(contract_of(world, mine, title="Ancien marché"), score=81)
    client.force_login(manager)
    response = client.get(reverse("portal:market_home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-offer="{offer.pk}"' in body and "Zzrivaloffer" not in body
    assert f'data-invitation="{invitation.pk}"' in body
    assert f'data-contract="{contract.pk}"' in body
    assert reverse("portal:market_report", args=[contract.milestones.first().pk]) in body
    assert "81/100" in body
    assert reverse("portal:market_means", args=[mine.pk]) in body


def test_the_portal_home_links_to_my_work(client, market):
    _world, _mine, manager, _rival, _ = market
    client.force_login(manager)
    assert reverse("portal:market_home") in client.get(reverse("portal:home")).content.decode()


def test_the_manager_accepts_an_offer(client, market):
    world, mine, manager, *_ = market
    offer = offer_to(world, mine)
    client.force_login(manager)
    page = client.get(reverse("portal:market_offer", args=[offer.pk]))
    assert page.status_code == 200 and 'id="accept-offer"' in page.content.decode()
    response = client.post(reverse("portal:market_offer", args=[offer.pk]), {"answer": "accept"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_a_decline_asks_a_reason(client, market):
    world, mine, manager, *_ = market
    offer = offer_to(world, mine)
    client.force_login(manager)
    url = reverse("portal:market_offer", args=[offer.pk])
    refused = client.post(url, {"answer": "decline", "reason": " "})
    assert refused.status_code == 400 and "reason_error" in refused.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED
    assert client.post(url, {"answer": "decline", "reason": "Équipe prise ailleurs"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.decline_reason == "Équipe prise ailleurs"


def test_another_enterprise_offer_is_not_found_and_an_associate_cannot_answer(client, market):
    world, mine, manager, rival, _ = market
    foreign = offer_to(world, rival)
    client.force_login(manager)
    assert client.get(reverse("portal:market_offer", args=[foreign.pk])).status_code == 404
    assert (
        client.post(reverse("portal:market_offer", args=[foreign.pk]), {"answer": "accept"}).status_code
        == 404
    )

    offer = offer_to(world, mine)
    client.force_login(_owner(mine))
    page = client.get(reverse("portal:market_offer", args=[offer.pk]))
    assert page.status_code == 200 and 'id="manager-answers"' in page.content.decode()
    assert (
        client.post(reverse("portal:market_offer", args=[offer.pk]), {"answer": "accept"}).status_code == 403
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED


def test_staff_are_refused(client, market):
    world, mine, *_ = market
    offer = offer_to(world, mine)
    client.force_login(world.sponsor_officer())
    assert client.get(reverse("portal:market_home")).status_code == 403
    assert client.get(reverse("portal:market_offer", args=[offer.pk])).status_code == 403


def test_a_quote_is_sent_and_only_the_own_price_is_shown(client, market):
    world, mine, manager, rival, rival_manager = market
    order = quoting(world)
    services.submit_quote(order, rival, amount="612345", actor=rival_manager)
    client.force_login(manager)
    url = reverse("portal:market_quote", args=[order.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"amount": "700000", "note": "Équipe de 4"}).status_code == 302
    quote = Quote.objects.get(order=order, enterprise=mine)
    assert quote.amount == Decimal("700000.00")
    response = client.get(url)
    body = response.content.decode()
    with translation.override(response.headers.get("Content-Language", "ar")):
        own = money(Decimal("700000"), order.currency)
    assert 'id="own-quote"' in body and own in body and "612345" not in body and "612 345" not in body


def test_a_quote_after_the_deadline_is_closed(client, market):
    world, _mine, manager, *_ = market
    order = quoting(world)
    order.quote_deadline = timezone.now() - datetime.timedelta(minutes=1)
    order.save(update_fields=["quote_deadline"])
    client.force_login(manager)
    url = reverse("portal:market_quote", args=[order.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="quote-closed"' in page.content.decode() and 'data-form="quote"' not in page.content.decode()
    assert client.post(url, {"amount": "400000"}).status_code == 409
    assert not Quote.objects.filter(order=order).exists()


def test_a_quote_sent_after_the_deadline_is_refused_with_the_form_closed(client, market):
    world, mine, manager, *_ = market
    order = quoting(world)
    services.submit_quote(order, mine, amount="500000", actor=manager)
    order.quote_deadline = timezone.now() - datetime.timedelta(minutes=1)
    order.save(update_fields=["quote_deadline"])
    client.force_login(manager)
    url = reverse("portal:market_quote", args=[order.pk])
    page = client.get(url).content.decode()
    assert 'id="quote-closed"' in page and 'data-form="quote"' not in page
    response = client.post(url, {"amount": "400000"})
    assert response.status_code == 409
    assert Quote.objects.get(order=order, enterprise=mine).amount == Decimal("500000.00")


def test_the_manager_declares_the_means(client, market):
    _world, mine, manager, rival, _ = market
    equipment("splicer")
    client.force_login(manager)
    url = reverse("portal:market_means", args=[mine.pk])
    page = client.get(url)
    assert page.status_code == 200 and "capture" not in page.content.decode()
    response = client.post(
        url,
        {
            "workers": "5",
            "max_concurrent_orders": "2",
            "equipment": [str(equipment("splicer").pk)],
            "served_provinces": [str(province("DZ", "16").pk)],
        },
    )
    assert response.status_code == 302
    means = EnterpriseMeans.objects.get(enterprise=mine)
    assert means.workers == 5 and means.served_provinces.get().code == "16"
    stale = client.post(url, {"workers": "6", "max_concurrent_orders": "2", "version": "0"})
    assert stale.status_code == 409
    assert client.get(reverse("portal:market_means", args=[rival.pk])).status_code == 404


def test_the_contract_shows_milestones_rejections_invoices_and_late_payment(client, market):
    world, mine, manager, rival, _ = market
    contract = contract_of(world, mine)
    first, second = contract.milestones.all()
    first.status = MilestoneStatus.ACCEPTED
    first.save(update_fields=["status"])
    invoice_of(first, due_days=30, paid="100")
    second.status = MilestoneStatus.REJECTED
    second.save(update_fields=["status"])
    MilestoneReview.objects.create(
        milestone=second,
        decision=ReviewDecision.REJECTED,
        remarks="Regards non scellés",
        decided_on=timezone.localdate(),
    )
    photo = report_with_photo(second)
    client.force_login(manager)
    body = client.get(reverse("portal:market_contract", args=[contract.pk])).content.decode()
    assert "Regards non scellés" in body
    assert 'data-late="true"' in body
    assert reverse("portal:market_photo", args=[photo.pk]) in body
    assert reverse("portal:market_report", args=[second.pk]) in body
    assert reverse("portal:market_report", args=[first.pk]) not in body
    foreign = contract_of(world, rival)
    assert client.get(reverse("portal:market_contract", args=[foreign.pk])).status_code == 404


def test_photos_are_served_to_their_enterprise_only(client, market):
    world, mine, manager, _rival, rival_manager = market
    photo = report_with_photo(contract_of(world, mine).milestones.first())
    client.force_login(manager)
    response = client.get(reverse("portal:market_photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(rival_manager)
    assert client.get(reverse("portal:market_photo", args=[photo.pk])).status_code == 404


def test_the_report_page_is_scoped(client, market):
    world, mine, manager, rival, _ = market
    milestone = contract_of(world, mine).milestones.first()
    foreign = contract_of(world, rival).milestones.first()
    client.force_login(manager)
    page = client.get(reverse("portal:market_report", args=[milestone.pk])).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page and "multiple" in page
    assert 'name="client_uuid"' in page
    assert client.get(reverse("portal:market_report", args=[foreign.pk])).status_code == 404
    body = {"quantity": "5", "done_on": timezone.localdate().isoformat(), "client_uuid": str(uuid.uuid4())}
    assert client.post(reverse("portal:market_report", args=[foreign.pk]), body).status_code == 404
    assert not ExecutionReport.objects.filter(milestone=foreign).exists()


@pytest.mark.skipif(not HAS_REPORTS, reason="services.report_execution comes with the WORK part")
def test_a_report_sent_twice_with_photos_is_recorded_once(client, market):
    world, mine, _manager, *_ = market
    milestone = contract_of(world, mine).milestones.first()
    client.force_login(_owner(mine))  # any current owner reports
    url = reverse("portal:market_report", args=[milestone.pk])
    key = str(uuid.uuid4())

    def body():
        return {
            "quantity": "12.5",
            "done_on": timezone.localdate().isoformat(),
            "note": "Tranchée ouverte",
            "client_uuid": key,
            "photos": [
                SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"),
                SimpleUploadedFile("b.jpg", jpeg_bytes(color=(1, 2, 3)), content_type="image/jpeg"),
            ],
        }

    assert client.post(url, body()).status_code == 302
    assert client.post(url, body()).status_code == 302
    report = ExecutionReport.objects.get(milestone=milestone)
    assert report.quantity == Decimal("12.50") and report.photos.count() == 2


@pytest.mark.skipif(not HAS_REPORTS, reason="services.report_execution comes with the WORK part")
def test_a_report_in_the_future_or_not_an_image_is_refused(client, market):
    world, mine, manager, *_ = market
    milestone = contract_of(world, mine).milestones.first()
    client.force_login(manager)
    url = reverse("portal:market_report", args=[milestone.pk])
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    assert (
        client.post(url, {"quantity": "1", "done_on": future, "client_uuid": str(uuid.uuid4())}).status_code
        == 400
    )
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    refused = client.post(
        url,
        {
            "quantity": "1",
            "done_on": timezone.localdate().isoformat(),
            "client_uuid": str(uuid.uuid4()),
            "photos": [fake],
        },
    )
    assert refused.status_code == 400
    assert not ExecutionReport.objects.filter(milestone=milestone).exists()


def test_the_rating_is_shown_with_the_contest_form(client, market):
    world, mine, manager, rival, _ = market
    rating = rating_of(contract_of(world, mine), score=64)
    client.force_login(manager)
    page = client.get(reverse("portal:market_contest", args=[rating.pk]))
    assert page.status_code == 200 and "64" in page.content.decode()
    foreign = rating_of(contract_of(world, rival))
    assert client.get(reverse("portal:market_contest", args=[foreign.pk])).status_code == 404


@pytest.mark.skipif(not HAS_CONTEST, reason="services.contest_rating comes with the WORK part")
def test_the_manager_contests_a_rating(client, market):
    world, mine, manager, *_ = market
    rating = rating_of(contract_of(world, mine))
    client.force_login(manager)
    url = reverse("portal:market_contest", args=[rating.pk])
    assert client.post(url, {"comment": "Le retard vient des autorisations de voirie."}).status_code == 302
    rating.refresh_from_db()
    assert rating.contest_comment.startswith("Le retard") and rating.score == 72
