"""The demo's story told by the engine from the records the demo loads: the caravan's
72,000 visitors and 631 registrations (all at phase 1's stops), the four Oran
micro-enterprises and the twenty work orders of the operator's Oran directorate, the Al
Hoceima awareness meeting (eight young people pitching ideas). Loading the demo takes
minutes on a busy machine: the module loads it once (marked `slow`)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

import rowad.figures.definitions  # noqa: F401  (fills the registry)
from rowad.accounts.models import User
from rowad.accounts.scope import scope_for
from rowad.core.models import Province
from rowad.figures import engine
from rowad.figures.indicators import REGISTRY
from rowad.market.demo_story import ORAN_ORDERS
from rowad.outreach.demo import HOCEIMA_IDEAS, TOTAL_REGISTRATIONS, TOTAL_VISITORS
from rowad.outreach.models import Campaign

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _value(username: str, code: str, **params) -> object:
    scope = scope_for(User.objects.get(username=username))
    filters = engine.parse_filters({k: [str(v)] for k, v in params.items()}, scope)
    return engine.total(REGISTRY[code], scope, filters).value


@pytest.mark.parametrize("username", ["director", "admin"])
def test_demo_caravan_counts_72000_visitors_and_631_registered(loaded, db, username):
    caravan = Campaign.objects.get(country="DZ")
    phase_1 = caravan.phases.get(number=1)
    values = {
        code: (
            _value(username, code, country="DZ", campaign=caravan.pk),
            _value(username, code, country="DZ", phase=phase_1.pk),
        )
        for code in ("visitors", "registered")
    }
    assert values == {"visitors": (72_000, 72_000), "registered": (631, 631)}
    assert (TOTAL_VISITORS, TOTAL_REGISTRATIONS) == (72_000, 631)


def test_demo_oran_enterprises_and_their_orders(loaded, db):
    oran = Province.objects.get(country_id="DZ", code="31")
    values = {
        code: _value("admin", code, country="DZ", province=oran.pk)
        for code in ("enterprises_created", "contracted", "orders_placed", "orders_met", "contracts_signed")
    }
    assert values == {
        "enterprises_created": 4,
        "contracted": 4,
        "orders_placed": len(ORAN_ORDERS),
        "orders_met": 19,
        "contracts_signed": 19,
    }


def test_demo_al_hoceima_meeting_registers_the_young_people_who_pitched(loaded, db):
    hoceima = Province.objects.get(country_id="MA", name_fr__icontains="Al Hoce")
    women = _value("admin", "registered", country="MA", province=hoceima.pk, sex="F")
    assert (_value("admin", "registered", country="MA", province=hoceima.pk), women) == (
        len(HOCEIMA_IDEAS),
        3,
    )
    # No counter ran at the meeting and no head count was recorded: no visitors.
    assert _value("admin", "visitors", country="MA", province=hoceima.pk) == 0
