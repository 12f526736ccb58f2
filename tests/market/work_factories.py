"""Arranging the work part: an awarded order (through the allocation services), a contract,
tiny real images made with Pillow."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from rowad.market import services
from tests.market.factories import MarketWorld, holder_of


@dataclass
class Awarded:
    world: MarketWorld
    order: Any
    allocation: Any
    enterprise: Any
    holder: Any
    sponsor: Any
    officer: Any


def awarded(world: MarketWorld | None = None, **order_fields) -> Awarded:
    world = world or MarketWorld.build()
    enterprise = world.enterprise()
    order = world.order(**order_fields)
    officer = world.agency_officer(f"officer-{order.pk}")
    allocation = services.allocate_order(order, actor=officer)
    enterprise = allocation.enterprise
    member = enterprise.members.filter(left_on__isnull=True).select_related("person").first()
    holder = member.person.user or holder_of(enterprise)
    services.respond_to_offer(allocation, accept=True, actor=holder)
    order.refresh_from_db()
    allocation.refresh_from_db()
    sponsor = world.sponsor_officer(f"sponsor-{order.pk}")
    return Awarded(world, order, allocation, enterprise, holder, sponsor, officer)


def today() -> datetime.date:
    return timezone.localdate()


def contract_of(case: Awarded, *, parts: int = 1):
    """A contract of `parts` equal milestones due at the order's end."""
    quantity, amount = case.order.quantity, case.allocation.amount
    share_q = (quantity / parts).quantize(Decimal("0.01"))
    share_a = (amount / parts).quantize(Decimal("0.01"))
    milestones = [
        {
            "label": f"Lot {n + 1}",
            "quantity": share_q if n < parts - 1 else quantity - share_q * (parts - 1),
            "amount": share_a if n < parts - 1 else amount - share_a * (parts - 1),
            "due_on": case.order.ends_on,
        }
        for n in range(parts)
    ]
    return services.create_contract(case.order, milestones=milestones, signed_on=today(), actor=case.officer)


def image_file(name: str = "photo.jpg", *, size=(40, 30), fmt: str = "JPEG", exif=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(buffer, format=fmt, **({"exif": exif} if exif else {}))
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def text_as_jpg(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"just some text, not a picture at all\n" * 10, content_type="image/jpeg")


def reported(case: Awarded, contract, *, photos=()):
    """The contract's first milestone reported in full."""
    milestone = contract.milestones.first()
    services.report_execution(
        milestone, quantity=milestone.quantity, done_on=today(), photos=photos, actor=case.holder
    )
    milestone.refresh_from_db()
    return milestone
