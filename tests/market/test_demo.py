"""The market demo, loaded once with the whole demo: the Oran directorate's two years of
work orders to the four Oran enterprises (rotation, one invitation to quote, one order
declined and passed on, one milestone rejected then accepted, Bahia's unpaid invoices),
the head office's orders unfilled in two other wilayas; a second load changes nothing."""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.accounts.models import Membership
from rowad.core.models import AuditEntry
from rowad.market import demo
from rowad.market.demo_story import ORAN_ORDERS, QUOTE_ORDER
from rowad.market.eligibility import explain
from rowad.market.enums import (
    AllocationMethod,
    ContractStatus,
    MilestoneStatus,
    OfferStatus,
    OrderStatus,
    ReviewDecision,
)
from rowad.market.models import Contract, ContractRating, EnterpriseMeans, Invoice, Milestone, WorkOrder
from rowad.market.queries import late_invoices, orders_reviewed_by, quotes_readable

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _oran_officer():
    membership = Membership.objects.select_related("user", "organization").get(
        user__username="sponsor.oran", is_active=True
    )
    assert membership.role == Role.SPONSOR_OFFICER
    assert membership.organization.acronym == "AT DO Oran"
    return membership.user, membership.organization


def test_the_oran_directorate_works_with_its_four_enterprises(loaded, db):
    today = timezone.localdate()
    officer, directorate = _oran_officer()
    orders = WorkOrder.objects.filter(sponsor=directorate)
    assert orders.count() == len(ORAN_ORDERS) == 20
    # The officer reads the directorate's orders (not the head office's).
    assert set(orders_reviewed_by(officer)) == set(orders)
    # Over the last two years.
    past = sorted(orders.filter(starts_on__lte=today).values_list("starts_on", flat=True))
    assert len(past) == 19
    assert today - datetime.timedelta(days=731) <= past[0] and (past[-1] - past[0]).days > 600
    # The four Oran enterprises declared their means and share the work by rotation.
    contracts = Contract.objects.filter(order__sponsor=directorate).select_related("enterprise", "order")
    enterprises = {c.enterprise for c in contracts}
    assert len(enterprises) == 4
    assert EnterpriseMeans.objects.filter(enterprise__in=enterprises).count() == 4
    fiber = Counter(c.enterprise.name_latin for c in contracts if c.order.specialty.code == "fiber-optics")
    assert sorted(fiber.values()) == [5, 5]
    rotation = orders.filter(method=AllocationMethod.ROTATION)
    for order in rotation:
        offers = list(order.allocations.order_by("round"))
        assert offers and all(o.reason["code"] == "least_served" for o in offers)
        # The evidence lists the other Oran enterprises with the rule they fail.
        ineligible = [c for c in offers[0].candidates if not c["eligible"]]
        assert ineligible and all(c["lines"] for c in ineligible)
    # Most of the work is done, accepted and rated; the latest contract is under way.
    completed = contracts.filter(status=ContractStatus.COMPLETED)
    assert completed.count() == 18
    assert ContractRating.objects.filter(contract__in=completed).count() == 18
    assert contracts.filter(status=ContractStatus.ACTIVE).count() == 1


def test_the_story_tells_a_decline_a_rejection_a_quote_and_a_late_payment(loaded, db):
    today = timezone.localdate()
    officer, _directorate = _oran_officer()
    # Declined and passed to the next enterprise by the same rule.
    declined = demo.demo_order("f6")
    first, second = declined.allocations.order_by("round")
    assert (first.status, second.status) == (OfferStatus.DECLINED, OfferStatus.ACCEPTED)
    assert first.decline_reason and first.enterprise_id != second.enterprise_id
    assert declined.contract.enterprise_id == second.enterprise_id
    # One milestone rejected with remarks, reworked (with a photo) and accepted.
    milestone = Milestone.objects.get(contract__order=demo.demo_order("f7"), position=1)
    reviews = list(milestone.reviews.order_by("decided_on"))
    assert [r.decision for r in reviews] == [ReviewDecision.REJECTED, ReviewDecision.ACCEPTED]
    assert reviews[0].remarks and milestone.status == MilestoneStatus.ACCEPTED
    assert milestone.reports.count() == 2 and milestone.reports.last().photos.count() == 1
    assert milestone.contract.rating.rejections == 1
    # The invitation to quote: two sealed quotes until the deadline.
    quoting = demo.demo_order(QUOTE_ORDER)
    assert (quoting.method, quoting.status) == (AllocationMethod.QUOTE, OrderStatus.QUOTING)
    assert quoting.quote_deadline > timezone.now() and quoting.quotes.count() == 2
    assert not quotes_readable(officer, quoting).exists()
    # The sponsor's late payment: Bahia's two invoices of Bir El Djir, unpaid for months.
    late = late_invoices(Invoice.objects.all(), as_of=today)
    assert {i.milestone.contract.order.client_uuid for i in late} == {demo.key("order", "c5")}
    assert late.count() == 2 and all(i.paid_amount == 0 for i in late)
    assert all((today - i.due_on).days > 90 for i in late)
    # Every other invoice fallen due is paid.
    due = Invoice.objects.filter(due_on__lt=today).exclude(pk__in=late.values("pk"))
    assert due.exists() and all(i.status == "paid" for i in due)


def test_orders_in_two_other_wilayas_find_no_certified_enterprise(loaded, db):
    today, now = timezone.localdate(), timezone.now()
    unfilled = WorkOrder.objects.filter(status=OrderStatus.UNFILLED)
    assert sorted(unfilled.values_list("province__code", flat=True)) == ["13", "27"]
    for order in unfilled:
        assert order.sponsor.acronym == "AT" and not order.allocations.exists()
        rows = explain(order, as_of=today, now=now)
        assert rows and not any(row["eligible"] for row in rows)
        # What they lack, said per candidate: the specialty's course above all.
        assert all(
            any(line["rule"] == "certified" and not line["passed"] for line in row["lines"]) for row in rows
        )


def _market_rows() -> dict[str, int]:
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("market").get_models()
    }
    counts["audit"] = AuditEntry.objects.filter(action__startswith="market.").count()
    counts["versions"] = sum(WorkOrder.objects.values_list("version", flat=True))
    return counts


def test_a_second_load_changes_nothing(loaded, db):
    first = _market_rows()
    assert first["market.WorkOrder"] == 22
    call_command("load_demo", stdout=io.StringIO())
    assert _market_rows() == first
