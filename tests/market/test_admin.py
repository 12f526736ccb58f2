"""The market in the admin: the configuration is edited (and audited); orders, offers and
contracts are lists to look things up, never written there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rowad.core.models import AuditEntry
from rowad.market import services
from rowad.market.models import Equipment
from tests.factories import UserFactory
from tests.market.factories import MarketWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_lists_open_and_search(admin_client):
    world = MarketWorld.build()
    world.enterprise()
    order = world.order(title="Raccordement Es Senia")
    offer = services.allocate_order(order, actor=world.sponsor_officer())
    for model in ("equipment", "programmemarketrules", "workorder", "allocation", "contract"):
        response = admin_client.get(reverse(f"admin:market_{model}_changelist"), {"q": "Senia"})
        assert response.status_code == 200, model
    found = admin_client.get(reverse("admin:market_workorder_changelist"), {"q": order.reference})
    assert order.reference in found.content.decode()
    assert admin_client.get(reverse("admin:market_allocation_change", args=[offer.pk])).status_code == 200


def test_orders_offers_and_contracts_are_read_only(admin_client):
    world = MarketWorld.build()
    order = world.order()
    assert admin_client.get(reverse("admin:market_workorder_add")).status_code == 403
    assert admin_client.get(reverse("admin:market_contract_add")).status_code == 403
    response = admin_client.post(reverse("admin:market_workorder_delete", args=[order.pk]), {"post": "yes"})
    assert response.status_code == 403
    page = admin_client.get(reverse("admin:market_workorder_change", args=[order.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_equipment_is_edited_and_audited(admin_client):
    response = admin_client.post(
        reverse("admin:market_equipment_add"),
        {
            "code": "micro-trencher",
            "name_ar": "آلة حفر دقيقة",
            "name_fr": "Micro-trancheuse",
            "name_en": "Micro-trencher",
        },
    )
    assert response.status_code == 302
    equipment = Equipment.objects.get(code="micro-trencher")
    assert AuditEntry.objects.filter(
        action="market.equipment.admin_added", object_id=str(equipment.pk)
    ).exists()
