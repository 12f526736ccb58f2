"""Work recorded after the fact (the market demo's two years): an allocation made as of a
past day carries that day and reads that day's rotation window; an answer given earlier is
recorded on its day — never in the future, never before the offer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.core.errors import DomainError
from rowad.market import services
from rowad.market.enums import ErrorCode, OfferStatus, OrderStatus
from tests.market.factories import MarketWorld, holder_of

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_an_allocation_as_of_a_past_day_is_dated_that_day_and_answered_on_its_day():
    world = MarketWorld.build()
    enterprise = world.enterprise()
    today = timezone.localdate()
    day = today - 400 * DAY
    order = world.order(starts_on=day + 10 * DAY, ends_on=day + 60 * DAY)
    services.allocate_open_orders(orders=[order], as_of=day)
    offer = order.allocations.get()
    assert timezone.localdate(offer.offered_at) == day
    assert offer.answer_by == day + 7 * DAY

    manager = holder_of(enterprise)
    for wrong, code in ((day - DAY, ErrorCode.INVALID), (today + DAY, ErrorCode.FUTURE_DATE)):
        with pytest.raises(DomainError) as refused:
            services.respond_to_offer(offer, accept=True, actor=manager, answered_on=wrong)
        assert refused.value.code == code
    services.respond_to_offer(offer, accept=True, actor=manager, answered_on=day + DAY)
    offer.refresh_from_db()
    order.refresh_from_db()
    assert (offer.status, order.status) == (OfferStatus.ACCEPTED, OrderStatus.AWARDED)
    assert timezone.localdate(offer.responded_at) == day + DAY


def test_the_rotation_window_ends_on_the_day_allocated_as_of():
    world = MarketWorld.build()
    means = {"workers": 3, "max_concurrent_orders": 3}
    first, second = world.enterprise(means=dict(means)), world.enterprise(means=dict(means))
    day = timezone.localdate() - 500 * DAY
    # An order served 400 days before today but 100 days before `day + 100`: inside that
    # day's window of twelve months (outside today's).
    served = world.order(starts_on=day, ends_on=day + 30 * DAY)
    services.allocate_open_orders(orders=[served], as_of=day - 5 * DAY)
    winner = served.allocations.get()
    services.respond_to_offer(
        winner, accept=True, actor=holder_of(winner.enterprise), answered_on=day - 4 * DAY
    )
    later = world.order(starts_on=day + 100 * DAY, ends_on=day + 130 * DAY)
    services.allocate_open_orders(orders=[later], as_of=day + 90 * DAY)
    assert later.allocations.get().enterprise_id == ({first.pk, second.pk} - {winner.enterprise_id}).pop()
