"""Rows the enterprise's pages read (arrange only: written directly; behaviour goes
through the services): an accepted offer with its contract and milestones, a report with
a photo, an invoice, a rating; and the portal user of a person made manager."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from rowad.enterprises.enums import MemberRole
from rowad.market.enums import AllocationMethod, OfferStatus, OrderStatus
from rowad.market.models import (
    Allocation,
    Contract,
    ContractRating,
    ExecutionReport,
    Invoice,
    Milestone,
    ReportPhoto,
)
from rowad.training.enums import TrainingResult
from tests.enterprises.factories import MemberFactory
from tests.training.factories import CohortFactory, EnrolmentFactory

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_manager(world, person, **fields):
    """An operating enterprise of the market world whose manager is `person` (certified)."""
    enterprise = world.enterprise(certified=False, **fields)
    enterprise.members.update(role=MemberRole.ASSOCIATE)
    MemberFactory(enterprise=enterprise, person=person, role=MemberRole.MANAGER)
    EnrolmentFactory(
        cohort=CohortFactory(course=world.course, province=enterprise.province),
        person=person,
        result=TrainingResult.PASSED,
    )
    return enterprise


def offer_to(world, enterprise, *, offer_status=OfferStatus.OFFERED, **order_fields) -> Allocation:
    order_fields.setdefault("status", OrderStatus.OFFERED)
    order = world.order(**order_fields)
    return Allocation.objects.create(
        order=order,
        enterprise=enterprise,
        method=AllocationMethod.ROTATION,
        amount=order.estimated_amount,
        status=offer_status,
        offered_at=timezone.now(),
        answer_by=timezone.localdate() + datetime.timedelta(days=7),
    )


def contract_of(world, enterprise, *, milestones: int = 2, **order_fields) -> Contract:
    order_fields.setdefault("status", OrderStatus.CONTRACTED)
    allocation = offer_to(world, enterprise, offer_status=OfferStatus.ACCEPTED, **order_fields)
    order = allocation.order
    n = _next()
    contract = Contract.objects.create(
        reference=f"CT-DZ-2026-{n:06d}",
        order=order,
        allocation=allocation,
        enterprise=enterprise,
        amount=order.estimated_amount,
        currency=order.currency,
        signed_on=timezone.localdate() - datetime.timedelta(days=20),
        ends_on=order.ends_on,
    )
    share = (order.quantity / milestones).quantize(Decimal("0.01"))
    amount = (order.estimated_amount / milestones).quantize(Decimal("0.01"))
    for position in range(1, milestones + 1):
        Milestone.objects.create(
            contract=contract,
            position=position,
            label=f"Tranche {position}",
            quantity=share,
            amount=amount,
            due_on=timezone.localdate() + datetime.timedelta(days=15 * position),
        )
    return contract


def jpeg_bytes(size=(40, 30), color=(200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def report_with_photo(milestone, *, quantity="10") -> ReportPhoto:
    report = ExecutionReport.objects.create(
        milestone=milestone, quantity=Decimal(quantity), done_on=timezone.localdate(), note="Tranchée"
    )
    photo = ReportPhoto(report=report, width=40, height=30, size=0, sha256="0" * 64)
    content = jpeg_bytes()
    photo.size = len(content)
    photo.image.save(f"photo-{_next()}.jpg", ContentFile(content), save=False)
    photo.save()
    return photo


def invoice_of(milestone, *, due_days: int = 30, paid: str = "0") -> Invoice:
    issued = timezone.localdate() - datetime.timedelta(days=40)
    return Invoice.objects.create(
        number=f"INV-{_next():06d}",
        milestone=milestone,
        amount=milestone.amount,
        currency=milestone.contract.currency,
        issued_on=issued,
        due_on=issued + datetime.timedelta(days=due_days),
        paid_amount=Decimal(paid),
    )


def rating_of(contract, *, score: int = 72) -> ContractRating:
    return ContractRating.objects.create(
        contract=contract,
        on_time_rate=Decimal("0.5"),
        first_time_rate=Decimal("0.5"),
        rejections=1,
        score=score,
        rated_on=timezone.localdate(),
    )
