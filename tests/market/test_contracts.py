"""The contract drawn from an accepted offer: milestones that add up exactly, dates, who."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from rowad.core.audit import entries_for
from rowad.market import services
from rowad.market.enums import ErrorCode, MilestoneStatus, OrderStatus
from rowad.market.errors import MarketError
from tests.market.factories import MarketWorld
from tests.market.work_factories import awarded, contract_of, today

pytestmark = pytest.mark.django_db


def _milestones(case, *, quantity=None, amount=None, due_on=None):
    return [
        {
            "label": "Tout",
            "quantity": case.order.quantity if quantity is None else quantity,
            "amount": case.allocation.amount if amount is None else amount,
            "due_on": due_on or case.order.ends_on,
        }
    ]


def test_a_contract_is_drawn_from_the_accepted_offer():
    case = awarded()
    contract = contract_of(case, parts=2)
    case.order.refresh_from_db()
    assert case.order.status == OrderStatus.CONTRACTED
    assert contract.reference == f"CT-DZ-{today().year}-{contract.pk:06d}"
    assert contract.enterprise == case.enterprise
    assert contract.amount == case.allocation.amount
    milestones = list(contract.milestones.all())
    assert [m.position for m in milestones] == [1, 2]
    assert sum(m.quantity for m in milestones) == case.order.quantity
    assert sum(m.amount for m in milestones) == contract.amount
    assert all(m.status == MilestoneStatus.PENDING for m in milestones)
    assert entries_for(contract).filter(action="market.contract.created").exists()


def test_the_sponsor_officer_may_draw_the_contract():
    case = awarded()
    contract = services.create_contract(
        case.order, milestones=_milestones(case), signed_on=today(), actor=case.sponsor
    )
    assert contract.milestones.count() == 1


@pytest.mark.parametrize(
    "change, code",
    [
        ({"quantity": Decimal("5000")}, ErrorCode.QUANTITY_EXCEEDED),
        ({"quantity": Decimal("10")}, ErrorCode.MILESTONES),
        ({"amount": Decimal("99999999")}, ErrorCode.AMOUNT_EXCEEDED),
        ({"amount": Decimal("1.00")}, ErrorCode.MILESTONES),
    ],
)
def test_quantities_and_amounts_must_add_up_exactly(change, code):
    case = awarded()
    with pytest.raises(MarketError) as caught:
        services.create_contract(
            case.order, milestones=_milestones(case, **change), signed_on=today(), actor=case.officer
        )
    assert caught.value.code == code
    case.order.refresh_from_db()
    assert case.order.status == OrderStatus.AWARDED


def test_dates_are_checked():
    case = awarded()
    with pytest.raises(MarketError) as caught:
        services.create_contract(
            case.order,
            milestones=_milestones(case),
            signed_on=today() + datetime.timedelta(days=1),
            actor=case.officer,
        )
    assert caught.value.code == ErrorCode.FUTURE_DATE
    with pytest.raises(MarketError) as caught:
        services.create_contract(
            case.order,
            milestones=_milestones(case, due_on=case.order.ends_on + datetime.timedelta(days=1)),
            signed_on=today(),
            actor=case.officer,
        )
    assert caught.value.code == ErrorCode.MILESTONES
    with pytest.raises(MarketError):
        services.create_contract(case.order, milestones=[], signed_on=today(), actor=case.officer)


def test_only_an_awarded_order_once_and_only_its_managers():
    case = awarded()
    with pytest.raises(MarketError) as caught:
        services.create_contract(
            case.order, milestones=_milestones(case), signed_on=today(), actor=case.holder
        )
    assert caught.value.status_code == 403
    other_world = MarketWorld.build(province_code="16")
    with pytest.raises(MarketError):
        services.create_contract(
            case.order, milestones=_milestones(case), signed_on=today(), actor=other_world.agency_officer()
        )
    contract_of(case)
    with pytest.raises(MarketError) as caught:
        contract_of(case)
    assert caught.value.code == ErrorCode.WRONG_STATE
    open_order = case.world.order()
    with pytest.raises(MarketError) as caught:
        services.create_contract(
            open_order, milestones=_milestones(case), signed_on=today(), actor=case.officer
        )
    assert caught.value.code == ErrorCode.WRONG_STATE
