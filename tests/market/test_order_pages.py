"""The order pages: the scoped and filtered list, posting (a double submit posts once),
a stale edit shown, the order's page with the explained eligibility, the allocations and
why they won, the override refused with its reasons, the sealed quotes, the documents
and the supplier pages (never the registry)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from rowad.core.templatetags.rowad_format import money
from rowad.market import services
from rowad.market.enums import AllocationMethod, OrderStatus
from rowad.market.models import Quote, WorkOrder
from tests.market.factories import MarketWorld

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _form(world, **changes) -> dict:
    start = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "sponsor": world.sponsor.pk,
        "programme": world.programme.pk,
        "title": "Raccordement fibre, Bir El Djir",
        "specialty": world.specialty.pk,
        "province": world.province.pk,
        "quantity": "800",
        "unit": "metre",
        "estimated_amount": "450000",
        "starts_on": start.isoformat(),
        "ends_on": (start + datetime.timedelta(days=15)).isoformat(),
        "min_workers": "1",
        "reserved_for_micro": "on",
        "method": AllocationMethod.ROTATION,
        "weight_performance": "50",
        "weight_distance": "20",
        "weight_capacity": "30",
        "payment_days": "30",
        "client_uuid": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def test_the_list_shows_the_sponsors_orders_only_and_filters(client):
    world = MarketWorld.build()
    other = MarketWorld.build(province_code="16")
    mine = world.order(title="Lot Oran A")
    world.order(title="Lot Oran B", status=OrderStatus.CANCELLED)
    other.order(title="Lot Alger")
    client.force_login(world.sponsor_officer())
    page = client.get(reverse("market:order_list")).content.decode()
    assert "Lot Oran A" in page and "Lot Oran B" in page
    assert "Lot Alger" not in page
    filtered = client.get(reverse("market:order_list"), {"status": "open"}).content.decode()
    assert mine.reference in filtered and "Lot Oran B" not in filtered


def test_the_agency_reads_its_provinces_orders(client):
    world = MarketWorld.build()
    other = MarketWorld.build(province_code="16")
    world.order(title="Lot Oran")
    other.order(title="Lot Alger")
    client.force_login(world.agency_officer())
    page = client.get(reverse("market:order_list")).content.decode()
    assert "Lot Oran" in page and "Lot Alger" not in page


def test_a_double_submitted_form_posts_one_order(client):
    world = MarketWorld.build()
    client.force_login(world.sponsor_officer())
    body = _form(world)
    first = client.post(reverse("market:order_create"), body)
    second = client.post(reverse("market:order_create"), body)
    order = WorkOrder.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("market:order_detail", args=[order.pk])


def test_an_order_outside_the_sponsors_programmes_is_shown_next_to_the_field(client):
    world = MarketWorld.build()
    from tests.factories import ProgrammeFactory

    foreign = ProgrammeFactory(operator=world.agency)
    foreign.sponsors.add(MarketWorld.build(province_code="16").sponsor)
    client.force_login(world.sponsor_officer())
    response = client.post(reverse("market:order_create"), _form(world, programme=foreign.pk))
    # The foreign programme is not even offered in the form: refused as an invalid choice.
    assert response.status_code == 200
    assert not WorkOrder.objects.exists()


def test_a_quote_deadline_after_the_start_is_shown_next_to_the_field(client):
    world = MarketWorld.build()
    client.force_login(world.sponsor_officer())
    body = _form(world, method=AllocationMethod.QUOTE)
    late = datetime.date.fromisoformat(body["starts_on"]) + datetime.timedelta(days=2)
    response = client.post(reverse("market:order_create"), {**body, "quote_deadline": f"{late}T10:00"})
    assert response.status_code == 200
    assert "id_quote_deadline_error" in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_a_stale_edit_is_shown_and_nothing_saved(client):
    world = MarketWorld.build()
    officer = world.sponsor_officer()
    order = world.order(title="Avant")
    client.force_login(officer)
    form = client.get(reverse("market:order_edit", args=[order.pk]))
    assert form.status_code == 200
    services.update_order(
        order, data={"title": "Changé ailleurs"}, expected_version=order.version, actor=officer
    )
    body = _form(world, title="Mon titre", version=str(order.version))
    body.pop("client_uuid")
    response = client.post(reverse("market:order_edit", args=[order.pk]), body)
    assert response.status_code == 200
    assert "Someone else changed this order" in response.content.decode()
    order.refresh_from_db()
    assert order.title == "Changé ailleurs"


def test_the_order_page_explains_eligibility_and_why_the_offer_won(client):
    world = MarketWorld.build()
    world.enterprise(name_latin="Fibre Ouest")
    world.enterprise(name_latin="Sans Cours", certified=False)
    officer = world.sponsor_officer()
    order = world.order()
    client.force_login(officer)
    response = client.post(reverse("market:order_allocate", args=[order.pk]), {"version": order.version})
    assert response.status_code == 302
    page = client.get(reverse("market:order_detail", args=[order.pk])).content.decode()
    assert "Fibre Ouest" in page and "Sans Cours" in page
    assert "No owner passed a course of the specialty." in page
    assert "Least served of" in page
    assert "candidates looked at" in page


def test_an_override_to_an_ineligible_enterprise_is_refused_with_the_reason(client):
    world = MarketWorld.build()
    world.enterprise()
    uncertified = world.enterprise(certified=False)
    order = world.order()
    client.force_login(world.sponsor_officer())
    response = client.post(
        reverse("market:order_override", args=[order.pk]),
        {"enterprise": uncertified.pk, "reason": "Elle connaît le terrain mieux que les autres."},
        follow=True,
    )
    assert "may not take this order" in response.content.decode()
    assert "No owner passed a course of the specialty." in response.content.decode()
    assert not order.allocations.exists()


def test_an_override_is_shown_with_its_reason(client):
    world = MarketWorld.build()
    chosen = world.enterprise()
    order = world.order()
    client.force_login(world.agency_officer())
    client.post(
        reverse("market:order_override", args=[order.pk]),
        {"enterprise": chosen.pk, "reason": "Seule équipe disponible cette semaine à Es Senia."},
    )
    page = client.get(reverse("market:order_detail", args=[order.pk])).content.decode()
    assert "Seule équipe disponible cette semaine" in page
    assert "override-reason" in page


def test_quotes_are_counted_while_sealed_and_priced_after(client):
    world = MarketWorld.build()
    enterprise = world.enterprise()
    order = world.order(
        method=AllocationMethod.QUOTE,
        status=OrderStatus.QUOTING,
        quote_deadline=timezone.now() + datetime.timedelta(days=2),
    )
    Quote.objects.create(
        order=order, enterprise=enterprise, amount=Decimal("777123"), submitted_at=timezone.now()
    )
    client.force_login(world.sponsor_officer())
    page = client.get(reverse("market:order_detail", args=[order.pk])).content.decode()
    assert "quotes-sealed" in page and "777123" not in page
    WorkOrder.objects.filter(pk=order.pk).update(quote_deadline=timezone.now() - datetime.timedelta(hours=1))
    response = client.get(reverse("market:order_detail", args=[order.pk]))
    with translation.override(response.headers.get("Content-Language", "ar")):
        assert money(Decimal("777123"), order.currency) in response.content.decode()


def test_documents_are_checked_and_served_privately(client):
    world = MarketWorld.build()
    order = world.order()
    client.force_login(world.sponsor_officer())
    url = reverse("market:order_document_add", args=[order.pk])
    client.post(url, {"file": SimpleUploadedFile("faux.pdf", PNG)})
    assert not order.documents.exists()
    response = client.post(url, {"file": SimpleUploadedFile("cahier.pdf", PDF)}, follow=True)
    assert "The document is attached." in response.content.decode()
    document = order.documents.get()
    served = client.get(reverse("market:order_document", args=[order.pk, document.pk]))
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PDF

    client.force_login(MarketWorld.build(province_code="16").sponsor_officer())
    assert client.get(reverse("market:order_document", args=[order.pk, document.pk])).status_code == 404


def test_a_40_mb_document_is_refused_with_a_clear_message(client, settings):
    world = MarketWorld.build()
    order = world.order()
    client.force_login(world.sponsor_officer())
    big = SimpleUploadedFile("plans.pdf", PDF + b"\0" * (40 * 1024 * 1024))
    response = client.post(reverse("market:order_document_add", args=[order.pk]), {"file": big}, follow=True)
    assert "The file is too large" in response.content.decode()
    assert not order.documents.exists()


def test_cancel_from_the_page(client):
    world = MarketWorld.build()
    order = world.order()
    client.force_login(world.sponsor_officer())
    client.post(
        reverse("market:order_cancel", args=[order.pk]),
        {"reason": "Projet reporté", "version": order.version},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    page = client.get(reverse("market:order_detail", args=[order.pk])).content.decode()
    assert "Projet reporté" in page


def test_suppliers_are_the_enterprises_offered_the_sponsors_orders_only(client):
    world = MarketWorld.build()
    offered = world.enterprise(name_latin="Offerte SARL")
    world.enterprise(name_latin="Jamais Vue")
    officer = world.sponsor_officer()
    services.override_allocation(
        world.order(), offered, reason="Équipe la plus proche du chantier.", actor=officer
    )
    client.force_login(officer)
    page = client.get(reverse("market:supplier_list")).content.decode()
    assert "Offerte SARL" in page and "Jamais Vue" not in page
    detail = client.get(reverse("market:supplier_detail", args=[offered.pk])).content.decode()
    assert "Offerte SARL" in detail
    never = world.enterprise(name_latin="Autre")
    assert client.get(reverse("market:supplier_detail", args=[never.pk])).status_code == 404


def test_the_menu_shows_the_market_to_its_readers(client):
    world = MarketWorld.build()
    client.force_login(world.sponsor_officer())
    page = client.get(reverse("market:order_list")).content.decode()
    assert reverse("market:order_list") in page
