"""Declared means: the manager or the agency declares them, a stale edit is refused, only
provinces of the enterprise's country, and the eligibility reads them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rowad.core.errors import DomainError
from rowad.core.models import AuditEntry
from rowad.enterprises.enums import MemberRole
from rowad.market import services
from rowad.market.eligibility import explain
from rowad.market.enums import ErrorCode
from rowad.market.models import EnterpriseMeans
from tests.enterprises.factories import MemberFactory
from tests.factories import PersonFactory, UserFactory, province, province_by_name
from tests.market.factories import MarketWorld, equipment, holder_of

pytestmark = pytest.mark.django_db


def _declare(enterprise, actor, **changes):
    values = {
        "workers": 4,
        "equipment": [equipment("splicer")],
        "max_concurrent_orders": 2,
        "served_provinces": [province("DZ", "16")],
    }
    values.update(changes)
    return services.declare_means(enterprise, actor=actor, **values)


def test_the_manager_declares_then_updates_with_history_and_audit():
    world = MarketWorld.build()
    enterprise = world.enterprise()
    manager = holder_of(enterprise)
    means = _declare(enterprise, manager)
    assert means.workers == 4 and means.max_concurrent_orders == 2 and means.version == 1
    assert list(means.equipment.values_list("code", flat=True)) == ["splicer"]
    assert means.served_provinces.get().code == "16"
    assert means.declared_by == manager

    again = _declare(enterprise, manager, workers=6, equipment=[], expected_version=1)
    assert again.pk == means.pk and again.version == 2 and again.workers == 6
    assert not again.equipment.exists()
    assert EnterpriseMeans.history.filter(enterprise=enterprise).count() >= 2
    assert (
        AuditEntry.objects.filter(action="market.means.declared", object_id=str(enterprise.pk)).count() == 2
    )


def test_a_stale_edit_is_refused():
    world = MarketWorld.build()
    enterprise = world.enterprise()
    manager = holder_of(enterprise)
    _declare(enterprise, manager)
    _declare(enterprise, manager, workers=5, expected_version=1)
    with pytest.raises(DomainError) as stale:
        _declare(enterprise, manager, workers=9, expected_version=1)
    assert stale.value.code == ErrorCode.STALE_EDIT
    assert EnterpriseMeans.objects.get(enterprise=enterprise).workers == 5


def test_only_provinces_of_the_enterprise_country():
    world = MarketWorld.build()
    enterprise = world.enterprise()
    with pytest.raises(DomainError) as refused:
        _declare(enterprise, holder_of(enterprise), served_provinces=[province_by_name("Al Hoce")])
    assert refused.value.code == ErrorCode.INVALID
    assert refused.value.field == "served_provinces"
    assert not EnterpriseMeans.objects.filter(enterprise=enterprise).exists()


@pytest.mark.parametrize(
    ("field", "value"), [("workers", 0), ("workers", "many"), ("max_concurrent_orders", 99)]
)
def test_bad_numbers_are_refused(field, value):
    world = MarketWorld.build()
    enterprise = world.enterprise()
    with pytest.raises(DomainError) as refused:
        _declare(enterprise, holder_of(enterprise), **{field: value})
    assert refused.value.field == field


def test_the_agency_officer_declares_others_are_refused():
    world = MarketWorld.build()
    enterprise = world.enterprise()
    assert _declare(enterprise, world.agency_officer()).workers == 4

    associate = PersonFactory(national_id="")
    MemberFactory(enterprise=enterprise, person=associate, role=MemberRole.ASSOCIATE)
    associate_user = UserFactory(username="associate")
    associate.user = associate_user
    associate.save(update_fields=["user"])
    for who in (world.sponsor_officer(), associate_user, holder_of(world.enterprise(), "other-holder"), None):
        with pytest.raises(DomainError) as refused:
            _declare(enterprise, who, workers=7)
        assert refused.value.code == ErrorCode.NOT_ALLOWED
    assert EnterpriseMeans.objects.get(enterprise=enterprise).workers == 4


def _rows(order):
    at = timezone.now()
    return {r["facts"].id: r for r in explain(order, as_of=at.date(), now=at)}


def test_the_eligibility_reads_the_declared_means():
    world = MarketWorld.build()
    enterprise = world.enterprise()
    order = world.order(min_workers=3, required_equipment=[equipment("otdr")])
    rows = _rows(order)
    assert not rows[enterprise.pk]["eligible"]
    _declare(enterprise, holder_of(enterprise), workers=3, equipment=[equipment("otdr")])
    rows = _rows(order)
    assert rows[enterprise.pk]["eligible"]
