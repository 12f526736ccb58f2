"""Execution reports and the sponsor's reviews: quantities never above the milestone's, a
report only by the enterprise's owners, rework after a rejection, the rating."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest

from rowad.core.audit import entries_for
from rowad.market import services
from rowad.market.enums import ContractStatus, ErrorCode, InvoiceStatus, MilestoneStatus, OrderStatus
from rowad.market.errors import MarketError
from rowad.market.models import ExecutionReport, Invoice
from tests.market.factories import holder_of
from tests.market.work_factories import awarded, contract_of, image_file, reported, today

pytestmark = pytest.mark.django_db


def test_reports_add_up_to_the_milestone_then_it_awaits_review():
    case = awarded()
    milestone = contract_of(case).milestones.get()
    first = services.report_execution(milestone, quantity="400", done_on=today(), actor=case.holder)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING and milestone.reported_quantity == Decimal("400")
    services.report_execution(
        milestone, quantity="800", done_on=today(), photos=[image_file()], note="Fin", actor=case.holder
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.REPORTED
    assert milestone.reported_quantity == milestone.quantity
    assert first.photos.count() == 0 and milestone.reports.last().photos.count() == 1
    assert entries_for(milestone).filter(action="market.milestone.reported").count() == 2


def test_quantities_above_the_contract_are_refused():
    case = awarded()
    milestone = contract_of(case).milestones.get()
    with pytest.raises(MarketError) as caught:
        services.report_execution(milestone, quantity="1200.01", done_on=today(), actor=case.holder)
    assert caught.value.code == ErrorCode.QUANTITY_EXCEEDED
    services.report_execution(milestone, quantity="1000", done_on=today(), actor=case.holder)
    with pytest.raises(MarketError) as caught:
        services.report_execution(milestone, quantity="201", done_on=today(), actor=case.holder)
    assert caught.value.code == ErrorCode.QUANTITY_EXCEEDED
    assert ExecutionReport.objects.filter(milestone=milestone).count() == 1


def test_a_report_on_a_contract_not_the_enterprises_is_refused():
    case = awarded()
    milestone = contract_of(case).milestones.get()
    stranger = holder_of(case.world.enterprise(), username="stranger")
    for actor in (stranger, case.sponsor, case.officer):
        with pytest.raises(MarketError) as caught:
            services.report_execution(milestone, quantity="10", done_on=today(), actor=actor)
        assert caught.value.code == ErrorCode.NOT_YOUR_CONTRACT
        assert caught.value.status_code == 403
    assert not ExecutionReport.objects.exists()


def test_dates_of_a_report_are_checked():
    case = awarded()
    milestone = contract_of(case).milestones.get()
    with pytest.raises(MarketError) as caught:
        services.report_execution(
            milestone, quantity="10", done_on=today() + datetime.timedelta(days=1), actor=case.holder
        )
    assert caught.value.code == ErrorCode.FUTURE_DATE
    with pytest.raises(MarketError):
        services.report_execution(
            milestone, quantity="10", done_on=today() - datetime.timedelta(days=1), actor=case.holder
        )


def test_a_report_sent_twice_is_recorded_once():
    case = awarded()
    milestone = contract_of(case).milestones.get()
    key = uuid.uuid4()
    one = services.report_execution(
        milestone, quantity="10", done_on=today(), client_uuid=key, actor=case.holder
    )
    two = services.report_execution(
        milestone, quantity="10", done_on=today(), client_uuid=key, actor=case.holder
    )
    assert one.pk == two.pk
    milestone.refresh_from_db()
    assert milestone.reported_quantity == Decimal("10")


def test_a_photo_that_is_not_an_image_refuses_the_report():
    from tests.market.work_factories import text_as_jpg

    case = awarded()
    milestone = contract_of(case).milestones.get()
    with pytest.raises(MarketError) as caught:
        services.report_execution(
            milestone, quantity="10", done_on=today(), photos=[text_as_jpg()], actor=case.holder
        )
    assert caught.value.code == ErrorCode.NOT_AN_IMAGE
    assert not ExecutionReport.objects.exists()


def test_rejected_then_reworked_then_accepted_issues_the_invoice_and_rates_the_contract():
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract)
    with pytest.raises(MarketError) as caught:
        services.review_milestone(milestone, accept=False, decided_on=today(), actor=case.sponsor)
    assert caught.value.code == ErrorCode.REASON_REQUIRED
    services.review_milestone(
        milestone, accept=False, remarks="Boîtiers mal fixés", decided_on=today(), actor=case.sponsor
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.REJECTED
    assert not Invoice.objects.exists()
    with pytest.raises(MarketError):
        services.report_execution(milestone, quantity="0", done_on=today(), actor=case.holder)
    services.report_execution(
        milestone, quantity="0", done_on=today(), photos=[image_file()], note="Refixés", actor=case.holder
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.REPORTED
    review = services.review_milestone(milestone, accept=True, decided_on=today(), actor=case.sponsor)
    assert review.decision == "accepted"
    invoice = Invoice.objects.get(milestone=milestone)
    assert invoice.number == f"INV-DZ-{today().year}-{invoice.pk:06d}"
    assert invoice.amount == milestone.amount and invoice.status == InvoiceStatus.ISSUED
    assert invoice.due_on == today() + datetime.timedelta(days=case.order.payment_days)
    contract.refresh_from_db()
    case.order.refresh_from_db()
    assert contract.status == ContractStatus.COMPLETED and case.order.status == OrderStatus.COMPLETED
    rating = contract.rating
    assert rating.on_time_rate == Decimal("1") and rating.first_time_rate == Decimal("0")
    assert rating.rejections == 1 and rating.score == 50
    assert [r.decision for r in milestone.reviews.all()] == ["rejected", "accepted"]


def test_only_the_sponsor_reviews_and_only_a_reported_milestone():
    case = awarded()
    contract = contract_of(case, parts=2)
    first = contract.milestones.first()
    with pytest.raises(MarketError) as caught:
        services.review_milestone(first, accept=True, decided_on=today(), actor=case.sponsor)
    assert caught.value.code == ErrorCode.WRONG_STATE
    milestone = reported(case, contract)
    for actor in (case.officer, case.holder):
        with pytest.raises(MarketError) as caught:
            services.review_milestone(milestone, accept=True, decided_on=today(), actor=actor)
        assert caught.value.status_code == 403
    services.review_milestone(milestone, accept=True, decided_on=today(), actor=case.sponsor)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE  # the second milestone is still to do


def test_the_enterprise_contests_its_rating_which_stands():
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract)
    services.review_milestone(milestone, accept=True, decided_on=today(), actor=case.sponsor)
    rating = contract.rating if hasattr(contract, "rating") else None
    contract.refresh_from_db()
    rating = contract.rating
    assert rating.score == 100
    with pytest.raises(MarketError):
        services.contest_rating(rating, comment="Non", actor=case.holder)
    with pytest.raises(MarketError):
        services.contest_rating(rating, comment="Nous contestons cette note.", actor=case.sponsor)
    contested = services.contest_rating(rating, comment="Nous contestons cette note.", actor=case.holder)
    assert contested.contest_comment == "Nous contestons cette note." and contested.score == 100
    assert entries_for(contested).filter(action="market.rating.contested").exists()
