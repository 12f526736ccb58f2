"""Posting, editing and cancelling work orders and attaching their documents, through the
services: who may, what is checked (the issue's bad input), and what is recorded."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.core.errors import DomainError
from rowad.core.models import AuditEntry
from rowad.market import services
from rowad.market.enums import AllocationMethod, ErrorCode, OfferStatus, OrderStatus, WorkUnit
from rowad.market.models import Quote, WorkOrder
from rowad.partners.enums import OrganizationKind
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ProgrammeFactory,
    SpecialtyFactory,
    UserFactory,
)
from tests.market.factories import MarketWorld, equipment
from tests.training.factories import CourseFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _data(world, **changes):
    start = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "title": "Raccordement fibre, Es Senia",
        "description": "Tirage et raccordement.",
        "specialty": world.specialty,
        "province": world.province,
        "communes": "Es Senia",
        "quantity": Decimal("1500"),
        "unit": WorkUnit.METRE,
        "estimated_amount": Decimal("900000"),
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=30),
        "method": AllocationMethod.ROTATION,
    }
    data.update(changes)
    return data


def _code(excinfo) -> str:
    return excinfo.value.code


def test_a_sponsor_officer_posts_an_order_with_its_reference_and_audit():
    world = MarketWorld.build()
    officer = world.sponsor_officer()
    order = services.post_order(
        sponsor=world.sponsor,
        programme=world.programme,
        data=_data(world, required_courses=[world.course], required_equipment=[equipment("otdr")]),
        actor=officer,
    )
    year = timezone.localdate().year
    assert order.reference == f"WO-DZ-{year}-{order.pk:06d}"
    assert order.status == OrderStatus.OPEN
    assert order.currency == "DZD"
    assert list(order.required_courses.all()) == [world.course]
    assert order.created_by == officer
    assert AuditEntry.objects.filter(action="market.order.posted", object_id=str(order.pk)).exists()


def test_a_branch_of_the_sponsor_posts_under_the_parents_programme():
    world = MarketWorld.build()
    branch = OrganizationFactory(
        kind=OrganizationKind.SPONSOR, parent=world.sponsor, provinces=[world.province]
    )
    user = UserFactory()
    MembershipFactory(user=user, organization=branch, role=Role.SPONSOR_OFFICER)
    order = services.post_order(sponsor=branch, programme=world.programme, data=_data(world), actor=user)
    assert order.sponsor == branch
    # The parent's officer reaches the branch's order (a national operator and its directorates).
    assert (
        services.update_order(
            order, data={"title": "Lot 2"}, expected_version=order.version, actor=world.sponsor_officer()
        ).title
        == "Lot 2"
    )


def test_an_agency_officer_posts_in_its_province_only():
    world = MarketWorld.build()
    officer = world.agency_officer()
    order = services.post_order(
        sponsor=world.sponsor, programme=world.programme, data=_data(world), actor=officer
    )
    assert order.pk
    from tests.factories import province

    with pytest.raises(DomainError) as refused:
        services.post_order(
            sponsor=world.sponsor,
            programme=world.programme,
            data=_data(world, province=province("DZ", "16")),
            actor=officer,
        )
    assert _code(refused) == ErrorCode.NOT_ALLOWED


def test_another_sponsors_officer_may_not_post_for_this_sponsor():
    world = MarketWorld.build()
    other = OrganizationFactory(kind=OrganizationKind.SPONSOR)
    user = UserFactory()
    MembershipFactory(user=user, organization=other, role=Role.SPONSOR_OFFICER)
    with pytest.raises(DomainError) as refused:
        services.post_order(sponsor=world.sponsor, programme=world.programme, data=_data(world), actor=user)
    assert _code(refused) == ErrorCode.NOT_ALLOWED
    assert not WorkOrder.objects.exists()


def test_an_order_outside_the_sponsors_programmes_is_refused():
    world = MarketWorld.build()
    foreign_programme = ProgrammeFactory(operator=world.agency)
    with pytest.raises(DomainError) as refused:
        services.post_order(
            sponsor=world.sponsor,
            programme=foreign_programme,
            data=_data(world),
            actor=world.sponsor_officer(),
        )
    assert _code(refused) == ErrorCode.NOT_SPONSORED
    assert refused.value.field == "programme"


def test_a_specialty_the_programme_does_not_cover_is_refused():
    world = MarketWorld.build()
    with pytest.raises(DomainError) as refused:
        services.post_order(
            sponsor=world.sponsor,
            programme=world.programme,
            data=_data(world, specialty=SpecialtyFactory()),
            actor=world.sponsor_officer(),
        )
    assert _code(refused) == ErrorCode.NOT_SPONSORED
    assert refused.value.field == "specialty"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": Decimal("0")}, "quantity"),
        ({"estimated_amount": Decimal("-5")}, "estimated_amount"),
        ({"ends_on": timezone.localdate()}, "ends_on"),
        ({"method": AllocationMethod.SCORE, "weight_performance": 60}, "weight_performance"),
        ({"method": AllocationMethod.QUOTE}, "quote_deadline"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(changes, field):
    world = MarketWorld.build()
    with pytest.raises(DomainError) as refused:
        services.post_order(
            sponsor=world.sponsor,
            programme=world.programme,
            data=_data(world, **changes),
            actor=world.sponsor_officer(),
        )
    assert _code(refused) == ErrorCode.INVALID
    assert refused.value.field == field


def test_a_quote_deadline_after_the_start_or_past_is_refused():
    world = MarketWorld.build()
    officer = world.sponsor_officer()
    data = _data(world, method=AllocationMethod.QUOTE)
    for deadline in (
        timezone.make_aware(
            datetime.datetime.combine(data["starts_on"] + datetime.timedelta(days=1), datetime.time(10))
        ),
        timezone.now() - datetime.timedelta(hours=1),
    ):
        with pytest.raises(DomainError) as refused:
            services.post_order(
                sponsor=world.sponsor,
                programme=world.programme,
                data={**data, "quote_deadline": deadline},
                actor=officer,
            )
        assert refused.value.field == "quote_deadline"
    good = services.post_order(
        sponsor=world.sponsor,
        programme=world.programme,
        data={**data, "quote_deadline": timezone.now() + datetime.timedelta(days=5)},
        actor=officer,
    )
    assert good.quote_deadline is not None


def test_required_courses_must_be_of_the_orders_specialty():
    world = MarketWorld.build()
    other_course = CourseFactory(programme=world.programme, specialty=SpecialtyFactory())
    with pytest.raises(DomainError) as refused:
        services.post_order(
            sponsor=world.sponsor,
            programme=world.programme,
            data=_data(world, required_courses=[other_course]),
            actor=world.sponsor_officer(),
        )
    assert refused.value.field == "required_courses"


def test_the_same_client_uuid_posts_one_order():
    world = MarketWorld.build()
    officer = world.sponsor_officer()
    key = uuid.uuid4()
    first = services.post_order(
        sponsor=world.sponsor, programme=world.programme, data=_data(world), actor=officer, client_uuid=key
    )
    second = services.post_order(
        sponsor=world.sponsor, programme=world.programme, data=_data(world), actor=officer, client_uuid=key
    )
    assert first.pk == second.pk
    assert WorkOrder.objects.count() == 1


def test_a_stale_edit_is_refused_and_a_fresh_one_saved():
    world = MarketWorld.build()
    officer = world.sponsor_officer()
    order = world.order()
    loaded = order.version
    services.update_order(order, data={"title": "Premier"}, expected_version=loaded, actor=officer)
    with pytest.raises(DomainError) as refused:
        services.update_order(order, data={"title": "Second"}, expected_version=loaded, actor=officer)
    assert _code(refused) == ErrorCode.STALE_EDIT
    order.refresh_from_db()
    assert order.title == "Premier"
    assert order.version == loaded + 1
    assert AuditEntry.objects.filter(action="market.order.updated", object_id=str(order.pk)).count() == 1


def test_an_order_held_by_an_enterprise_or_with_quotes_is_not_edited():
    world = MarketWorld.build()
    enterprise = world.enterprise()
    officer = world.sponsor_officer()
    offered = world.order()
    services.allocate_order(offered, actor=officer)
    offered.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.update_order(offered, data={"title": "x"}, expected_version=offered.version, actor=officer)
    assert _code(refused) == ErrorCode.WRONG_STATE

    quoting = world.order(
        method=AllocationMethod.QUOTE,
        status=OrderStatus.QUOTING,
        quote_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    Quote.objects.create(
        order=quoting, enterprise=enterprise, amount=Decimal("1000"), submitted_at=timezone.now()
    )
    with pytest.raises(DomainError):
        services.update_order(quoting, data={"title": "x"}, expected_version=quoting.version, actor=officer)


def test_cancelling_needs_a_reason_and_withdraws_a_waiting_offer():
    world = MarketWorld.build()
    world.enterprise()
    officer = world.sponsor_officer()
    order = world.order()
    offer = services.allocate_order(order, actor=officer)
    with pytest.raises(DomainError) as refused:
        services.cancel_order(order, reason=" ", actor=officer)
    assert _code(refused) == ErrorCode.REASON_REQUIRED
    cancelled = services.cancel_order(order, reason="Budget retiré", actor=officer)
    offer.refresh_from_db()
    assert cancelled.status == OrderStatus.CANCELLED
    assert cancelled.cancel_reason == "Budget retiré"
    assert offer.status == OfferStatus.WITHDRAWN
    assert AuditEntry.objects.filter(action="market.order.cancelled", object_id=str(order.pk)).exists()


def test_an_awarded_order_is_not_cancelled():
    world = MarketWorld.build()
    order = world.order(status=OrderStatus.AWARDED)
    with pytest.raises(DomainError) as refused:
        services.cancel_order(order, reason="Trop tard", actor=world.sponsor_officer())
    assert _code(refused) == ErrorCode.WRONG_STATE


def test_a_document_is_kept_checked_by_its_content():
    world = MarketWorld.build()
    officer = world.sponsor_officer()
    order = world.order()
    document = services.add_order_document(
        order, file=SimpleUploadedFile("cahier.pdf", PDF, content_type="application/pdf"), actor=officer
    )
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.file.storage.__class__.__name__ == "PrivateStorage"
    assert AuditEntry.objects.filter(action="market.order.document_added").exists()

    with pytest.raises(DomainError) as mismatch:
        services.add_order_document(
            order, file=SimpleUploadedFile("plan.pdf", PNG, content_type="application/pdf"), actor=officer
        )
    assert _code(mismatch) == ErrorCode.FILE_REFUSED
    assert ".pdf" in mismatch.value.message

    big = SimpleUploadedFile("gros.pdf", PDF, content_type="application/pdf")
    big.size = 40 * 1024 * 1024
    with pytest.raises(DomainError) as too_large:
        services.add_order_document(order, file=big, actor=officer)
    assert "40.0" in too_large.value.message
    assert order.documents.count() == 1


def test_someone_outside_the_order_may_not_touch_it():
    world = MarketWorld.build()
    other = MarketWorld.build(province_code="16")
    stranger = other.sponsor_officer()
    order = world.order()
    for write in (
        lambda: services.update_order(order, data={"title": "x"}, expected_version=None, actor=stranger),
        lambda: services.cancel_order(order, reason="Non", actor=stranger),
        lambda: services.add_order_document(order, file=SimpleUploadedFile("a.pdf", PDF), actor=stranger),
    ):
        with pytest.raises(DomainError) as refused:
            write()
        assert _code(refused) == ErrorCode.NOT_ALLOWED
