"""Demo market, written through the services as the operator's officers and the enterprises'
managers would (demo_story.py tells it): the four Oran managers declare their means on the
portal; the Oran directorate's orders of the last two years are replayed in date order —
each posted and allocated by its rule as of its own date (`allocate_open_orders(as_of=)`:
the eligibility and the rotation's twelve months as they stood that day; the offer is
dated that day), the offer answered the next day (`respond_to_offer(answered_on=)`), the
contract signed, the work reported, reviewed and paid on its real dates (never in the
future: what has not happened yet is left to happen). The orders themselves are recorded
at the load (post_order takes no posting date): their own dates tell when the work was. The head office's
orders in Tlemcen and Mostaganem find no certified enterprise and stay unfilled.

The invitation to quote cannot be told in the past through the services: quotes are taken
only before the deadline and the award only after it. So it is the latest order: posted
with quotes until noon four days later, the two fiber enterprises' quotes in, sealed. The
daily market task awards it once the deadline has passed (to the lowest price); a load
run after the deadline awards it too. Idempotent: orders by client_uuid (uuid5 of the
story key), means once, offers answered once, contract once per order, reports by
client_uuid, reviews by their count, payments by client key; a second load changes
nothing (until the quote deadline passes)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from importlib.util import find_spec
from typing import Any

from django.utils import timezone

from rowad.accounts.models import User
from rowad.core.models import Province
from rowad.dossiers import demo as dossiers_demo
from rowad.enterprises.enums import MemberRole
from rowad.enterprises.models import Enterprise, EnterpriseMember
from rowad.partners.models import Organization, Programme, Specialty
from rowad.training.models import Course

from . import demo_story as story
from .enums import AllocationMethod, OfferStatus, OrderStatus
from .models import Equipment, WorkOrder
from .queries import quotes_are_sealed
from .services import allocate_open_orders, declare_means, post_order, respond_to_offer, submit_quote

NAMESPACE = uuid.UUID("6a0c3b7e-2f41-4d8a-9c15-8e7d2b4f1a93")
DAY = datetime.timedelta(days=1)


def key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def demo_order(order_key: str) -> WorkOrder | None:
    """The demo order told under `order_key` (e.g. "f6"), if loaded."""
    return WorkOrder.objects.filter(client_uuid=key("order", order_key)).first()


class Cast:
    """Who acts: the sponsors' officers, the enterprises and their managers' portal users."""

    def __init__(self, context: dict) -> None:
        users, orgs = context.get("users", {}), context.get("orgs", {})
        self.oran_officer = users.get("sponsor.oran") or User.objects.filter(username="sponsor.oran").first()
        self.head_officer = users.get("sponsor") or User.objects.filter(username="sponsor").first()
        self.oran = orgs.get("telecom_oran") or Organization.objects.filter(acronym="AT DO Oran").first()
        self.head = (
            orgs.get("telecom") or Organization.objects.filter(acronym="AT", parent__isnull=True).first()
        )
        self.programme = (
            context.get("programmes", {}).get("ict")
            or Programme.objects.filter(code="ict-micro-enterprises").first()
        )
        self.enterprises: dict[str, Enterprise] = {}
        self.managers: dict[str, Any] = {}
        given = context.get("enterprise_managers", {})
        for enterprise_key in story.MEANS:
            dossier = dossiers_demo.demo_dossier(enterprise_key)
            enterprise = Enterprise.objects.filter(dossier=dossier).first() if dossier else None
            if enterprise is None:
                continue
            self.enterprises[enterprise_key] = enterprise
            manager = (
                EnterpriseMember.objects.filter(
                    enterprise=enterprise, role=MemberRole.MANAGER, left_on__isnull=True
                )
                .select_related("person__user")
                .first()
            )
            user = given.get(enterprise_key) or (manager.person.user if manager else None)
            if user is not None:
                self.managers[enterprise_key] = user
        self.by_id = {e.pk: k for k, e in self.enterprises.items()}

    @property
    def ready(self) -> bool:
        return bool(
            self.oran_officer and self.head_officer and self.oran and self.head and self.programme
        ) and len(self.managers) == len(story.MEANS)

    def manager_of(self, enterprise_id: int) -> Any:
        return self.managers.get(self.by_id.get(enterprise_id, ""))


# --- Means and orders ---------------------------------------------------------------------


def _declare_means(cast: Cast) -> None:
    for enterprise_key, (workers, kit, at_once, provinces) in story.MEANS.items():
        enterprise = cast.enterprises[enterprise_key]
        if hasattr(enterprise, "means"):
            continue
        declare_means(
            enterprise,
            workers=workers,
            equipment=list(Equipment.objects.filter(code__in=kit)),
            max_concurrent_orders=at_once,
            served_provinces=list(Province.objects.filter(country_id="DZ", code__in=provinces)),
            actor=cast.managers[enterprise_key],
        )


def dates(order: story.Order, today: datetime.date) -> dict[str, datetime.date]:
    starts = today - order.start * DAY
    allocated = starts - story.POSTED_BEFORE * DAY
    return {
        "starts": starts,
        "ends": starts + order.days * DAY,
        "allocated": allocated,
        "signed": allocated + story.SIGNED_AFTER * DAY,
    }


def _post(order: story.Order, cast: Cast, today: datetime.date) -> WorkOrder:
    found = demo_order(order.key)
    if found is not None:
        return found
    course_code, kit, people = story.NEEDS[order.specialty]
    when = dates(order, today)
    data = {
        "title": order.title,
        "description": order.description,
        "specialty": Specialty.objects.get(code=order.specialty),
        "province": Province.objects.get(country_id="DZ", code=order.province),
        "communes": order.communes,
        "quantity": order.quantity,
        "unit": order.unit,
        "estimated_amount": order.estimated,
        "starts_on": when["starts"],
        "ends_on": when["ends"],
        "required_courses": list(Course.objects.filter(code=course_code)),
        "min_workers": people,
        "required_equipment": list(Equipment.objects.filter(code__in=kit)),
        "reserved_for_micro": True,
        "method": AllocationMethod.QUOTE if order.quotes else AllocationMethod.ROTATION,
        "payment_days": 30,
    }
    if order.quotes:
        noon = datetime.datetime.combine(today + story.QUOTE_DAYS * DAY, datetime.time(12))
        data["quote_deadline"] = timezone.make_aware(noon)
    return post_order(
        sponsor=cast.head if order.national else cast.oran,
        programme=cast.programme,
        data=data,
        actor=cast.head_officer if order.national else cast.oran_officer,
        client_uuid=key("order", order.key),
    )


def _allocate(order: story.Order, cast: Cast, today: datetime.date) -> None:
    """Post the order and run its rule as of the day it was allocated; the enterprise
    offered answers (the first one declines when the story says so)."""
    work_order = _post(order, cast, today)
    if work_order.status == OrderStatus.OPEN:
        as_of = min(dates(order, today)["allocated"], today)
        officer = cast.head_officer if order.national else cast.oran_officer
        allocate_open_orders(orders=[work_order], actor=officer, as_of=as_of)
    _answer(order, cast, today)


def _answer(order: story.Order, cast: Cast, today: datetime.date) -> None:
    """The enterprise offered answers the next day (the first one declines when the story
    says so: the order passes to the next enterprise that day, which accepts the day after)."""
    work_order = demo_order(order.key)
    if order.quotes or order.national:
        return
    answered = dates(order, today)["allocated"]
    for _round in range(3):
        offer = work_order.allocations.filter(status=OfferStatus.OFFERED).first()
        if offer is None:
            return
        answered = min(answered + DAY, today)
        decline = (
            bool(order.decline) and not work_order.allocations.filter(status=OfferStatus.DECLINED).exists()
        )
        respond_to_offer(
            offer,
            accept=not decline,
            reason=order.decline if decline else "",
            actor=cast.manager_of(offer.enterprise_id),
            answered_on=answered,
        )


def _quotes(order: story.Order, cast: Cast, now: datetime.datetime) -> None:
    """The invitation to quote: the quotes before the deadline, the award after it."""
    work_order = demo_order(order.key)
    if work_order is None:
        return
    if work_order.status == OrderStatus.QUOTING and quotes_are_sealed(work_order, now=now):
        for enterprise_key, price in order.quotes.items():
            enterprise = cast.enterprises[enterprise_key]
            if work_order.quotes.filter(enterprise=enterprise).exists():
                continue
            submit_quote(
                work_order,
                enterprise,
                amount=Decimal(price),
                note="Prix global et forfaitaire, fourniture des boîtiers comprise.",
                actor=cast.managers[enterprise_key],
            )
    elif work_order.status == OrderStatus.QUOTING:
        # The deadline has passed: the award (the daily task does the same).
        allocate_open_orders(orders=[work_order], actor=cast.oran_officer)


# --- Loading --------------------------------------------------------------------------------


def load(context: dict) -> None:
    cast = Cast(context)
    if not cast.ready:
        return
    today, now = timezone.localdate(), timezone.now()
    _declare_means(cast)
    events: list[tuple[datetime.date, int, str, Any, tuple]] = []
    for order in story.ORAN_ORDERS + story.OTHER_ORDERS:
        when = dates(order, today)
        events.append((min(when["allocated"], today), 0, order.key, _allocate, (order, cast, today)))
        events.extend(_work_events(order, cast, today))
    for _day, _rank, _key, action, arguments in sorted(events, key=lambda e: (e[0], e[1], e[2])):
        action(*arguments)
    for order in story.ORAN_ORDERS:
        if order.quotes:
            _quotes(order, cast, now)
    context.setdefault("logins", []).append(
        "  sponsor.oran       the Oran directorate's work orders, contracts, acceptances and payments (Market)"
    )


def _work_events(order: story.Order, cast: Cast, today: datetime.date) -> list[tuple]:
    if order.quotes or order.national or find_spec("rowad.market.services.contracts") is None:
        return []
    from .demo_work import work_events

    return work_events(order, cast, today)
