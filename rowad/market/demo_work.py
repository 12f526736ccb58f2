"""The market demo's work on its real dates (rowad.market.demo replays these events in date
order among the allocations): the contract signed a few days after the offer was
accepted, each milestone reported from the field a few days before it was due (or late),
reviewed by the Oran directorate three days later and paid within the 30 days — but the
milestones whose dates are still to come, and the invoices the story leaves unpaid. Each
event finds what it writes by a stable key and does nothing when it is done already."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from . import demo_story as story
from .enums import InvoiceStatus, MilestoneStatus, OrderStatus
from .models import ExecutionReport, Invoice, Milestone, SponsorPayment
from .services.contracts import create_contract, report_execution, review_milestone
from .services.payments import record_sponsor_payment

DAY = datetime.timedelta(days=1)
NOTES = {
    "fiber-optics": "Travaux réalisés, soudures mesurées au réflectomètre; fiches de mesures remises.",
    "civil-works": "Tranchée ouverte, fourreaux posés et grillage avertisseur; remblai compacté.",
    "radio-network": "Interventions faites sur les sites; check-lists signées par le chef de centre.",
}


def _parts(total: Decimal, count: int) -> list[Decimal]:
    """`total` in `count` parts (whole units), the last one taking the rest."""
    part = (total / count).quantize(Decimal("1"))
    return [part] * (count - 1) + [total - part * (count - 1)]


def _site_photo(name: str) -> ContentFile:
    """A photo of the site as a phone would send it (drawn: the demo has no camera)."""
    image = Image.new("RGB", (1200, 900), (196, 204, 212))
    draw = ImageDraw.Draw(image)
    draw.rectangle((380, 180, 820, 820), fill=(92, 104, 118), outline=(40, 44, 52), width=8)
    for row in range(6):
        y = 240 + row * 90
        draw.line((420, y, 780, y), fill=(250, 204, 21), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=name)


def _milestone(order: story.Order, position: int) -> Milestone | None:
    from .demo import demo_order

    work_order = demo_order(order.key)
    if work_order is None:
        return None
    return Milestone.objects.filter(contract__order=work_order, position=position).first()


def _sign(order: story.Order, cast: Any, today: datetime.date) -> None:
    from .demo import dates, demo_order

    work_order = demo_order(order.key)
    if work_order is None or work_order.status != OrderStatus.AWARDED:
        return
    when = dates(order, today)
    offer = work_order.allocations.get(status="accepted")
    count = len(order.milestones)
    span = (when["ends"] - when["starts"]).days
    quantities = _parts(Decimal(order.quantity), count)
    amounts = _parts(offer.amount, count)
    create_contract(
        work_order,
        milestones=[
            {
                "label": label,
                "quantity": quantity,
                "amount": amount,
                "due_on": when["starts"] + round(span * (n + 1) / count) * DAY,
            }
            for n, (label, quantity, amount) in enumerate(
                zip(order.milestones, quantities, amounts, strict=True)
            )
        ],
        signed_on=when["signed"],
        actor=cast.oran_officer,
    )


def _report(order: story.Order, cast: Any, position: int, attempt: int, done_on: datetime.date) -> None:
    from .demo import key

    milestone = _milestone(order, position)
    client_uuid = key("report", order.key, position, attempt)
    if milestone is None or ExecutionReport.objects.filter(client_uuid=client_uuid).exists():
        return
    if milestone.status not in (MilestoneStatus.PENDING, MilestoneStatus.REJECTED):
        return
    left = milestone.quantity - milestone.reported_quantity
    note, photos = NOTES[order.specialty], ()
    if attempt:  # the rework after a rejection: no more quantity, a note and a photo
        note = "Reprise après les remarques de la direction : mesures complétées, fixations reprises."
        photos = [_site_photo(f"{order.key}-{position}-reprise.jpg")]
    report_execution(
        milestone,
        quantity=left,
        done_on=done_on,
        note=note,
        photos=photos,
        client_uuid=client_uuid,
        actor=cast.manager_of(milestone.contract.enterprise_id),
    )


def _review(
    order: story.Order, cast: Any, position: int, number: int, accept: bool, decided_on: datetime.date
) -> None:
    milestone = _milestone(order, position)
    if (
        milestone is None
        or milestone.status != MilestoneStatus.REPORTED
        or milestone.reviews.count() != number
    ):
        return
    review_milestone(
        milestone,
        accept=accept,
        remarks="Conforme au bon de commande." if accept else order.reject,
        decided_on=decided_on,
        actor=cast.oran_officer,
    )


def _pay(order: story.Order, cast: Any, position: int, paid_on: datetime.date) -> None:
    milestone = _milestone(order, position)
    invoice = Invoice.objects.filter(milestone=milestone).first() if milestone else None
    client_key = f"demo-market-{order.key}-{position}"
    if invoice is None or invoice.status == InvoiceStatus.PAID:
        return
    if SponsorPayment.objects.filter(client_key=client_key).exists():
        return
    record_sponsor_payment(
        invoice,
        amount=invoice.amount - invoice.paid_amount,
        paid_on=paid_on,
        reference=f"VIR-AT-ORAN-{invoice.number}",
        client_key=client_key,
        actor=cast.oran_officer,
    )


def work_events(order: story.Order, cast: Any, today: datetime.date) -> list[tuple]:
    """(date, rank, order key, action, arguments) of the order's work, up to today."""
    from .demo import dates

    when = dates(order, today)
    events = [(when["signed"], 1, order.key, _sign, (order, cast, today))]
    count = len(order.milestones)
    span = (when["ends"] - when["starts"]).days
    for position in range(1, count + 1):
        due = when["starts"] + round(span * position / count) * DAY
        done = due - 3 * DAY + order.late_days * DAY
        reviews = [done + story.REVIEW_AFTER * DAY]
        events.append((done, 2, order.key, _report, (order, cast, position, 0, done)))
        if order.reject and position == 1:
            # Rejected with remarks, reported again a week later, accepted.
            again = reviews[0] + 7 * DAY
            events.append((reviews[0], 3, order.key, _review, (order, cast, position, 0, False, reviews[0])))
            events.append((again, 2, order.key, _report, (order, cast, position, 1, again)))
            reviews.append(again + 2 * DAY)
        accepted = reviews[-1]
        events.append(
            (accepted, 3, order.key, _review, (order, cast, position, len(reviews) - 1, True, accepted))
        )
        if not order.unpaid:
            paid = accepted + story.PAID_AFTER * DAY
            events.append((paid, 4, order.key, _pay, (order, cast, position, paid)))
    return [event for event in events if event[0] <= today]
