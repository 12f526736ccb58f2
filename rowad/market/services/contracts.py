"""The contract and its execution: the contract drawn from the accepted offer with its
milestones, and the field's execution reports (quantities, date, photos). The sponsor's
review of a milestone is services/reviews.py.

Rules of a contract (create_contract):
- the order is AWARDED and its offer ACCEPTED; one contract per order;
- signed on a past (or today's) date, not before the offer was accepted;
- 1 to 20 milestones, each with a label, a quantity and an amount above zero, due between
  the signing date and the order's end date; the quantities add up to the order's quantity
  and the amounts to the amount offered, exactly."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user

from ..enums import ContractStatus, ErrorCode, MilestoneStatus, OfferStatus, OrderStatus
from ..errors import MarketConflict
from ..models import Contract, ExecutionReport, Milestone, WorkOrder
from ..photos import prepare_photos, store_photos
from ..queries import enterprises_of_holder
from .common import (
    error,
    final_reference,
    lock_order,
    parse_amount,
    parse_date,
    require_order_manager,
    save_order,
    temporary_reference,
)

MAX_MILESTONES = 20


def _clean_milestones(order: WorkOrder, milestones: list[dict], signed_on: datetime.date, amount: Decimal):
    if not milestones:
        raise error(_("Add at least one milestone."), ErrorCode.MILESTONES, "milestones")
    if len(milestones) > MAX_MILESTONES:
        raise error(
            _("A contract has at most %(count)s milestones.") % {"count": MAX_MILESTONES},
            ErrorCode.MILESTONES,
            "milestones",
        )
    rows = []
    for number, item in enumerate(milestones, start=1):
        label = str(item.get("label") or "").strip()[:200]
        if not label:
            raise error(
                _("Milestone %(number)s: give it a name.") % {"number": number}, ErrorCode.MILESTONES, "label"
            )
        quantity = parse_amount(
            item.get("quantity"), "quantity", _("Milestone %(number)s: quantity") % {"number": number}
        )
        money = parse_amount(
            item.get("amount"), "amount", _("Milestone %(number)s: amount") % {"number": number}
        )
        due_on = parse_date(
            item.get("due_on"), "due_on", _("Milestone %(number)s: due date") % {"number": number}
        )
        if not signed_on <= due_on <= order.ends_on:
            raise error(
                _(
                    "Milestone %(number)s: the due date must fall between the signing (%(signed)s) and the order's end (%(end)s)."
                )
                % {"number": number, "signed": signed_on.isoformat(), "end": order.ends_on.isoformat()},
                ErrorCode.MILESTONES,
                "due_on",
            )
        rows.append(
            {"position": number, "label": label, "quantity": quantity, "amount": money, "due_on": due_on}
        )
    total_quantity = sum((r["quantity"] for r in rows), Decimal("0"))
    if total_quantity != order.quantity:
        raise error(
            _("The milestones' quantities add up to %(total)s; the order's quantity is %(expected)s.")
            % {"total": total_quantity, "expected": order.quantity},
            ErrorCode.QUANTITY_EXCEEDED if total_quantity > order.quantity else ErrorCode.MILESTONES,
            "quantity",
        )
    total_amount = sum((r["amount"] for r in rows), Decimal("0"))
    if total_amount != amount:
        raise error(
            _("The milestones' amounts add up to %(total)s; the contract's amount is %(expected)s.")
            % {"total": total_amount, "expected": amount},
            ErrorCode.AMOUNT_EXCEEDED if total_amount > amount else ErrorCode.MILESTONES,
            "amount",
        )
    return rows


def create_contract(
    order: WorkOrder, *, milestones: list[dict], signed_on: datetime.date, actor: Any
) -> Contract:
    """The contract of an awarded order with the enterprise that accepted it (see the rules above)."""
    require_order_manager(actor, order)
    signed_on = parse_date(signed_on, "signed_on", _("Signed on"), past_only=True)
    with transaction.atomic():
        locked = lock_order(order)
        allocation = locked.allocations.filter(status=OfferStatus.ACCEPTED).first()
        if locked.status != OrderStatus.AWARDED or allocation is None or hasattr(locked, "contract"):
            raise error(
                _("A contract is drawn only for an order an enterprise has accepted, once."),
                ErrorCode.WRONG_STATE,
                status_code=409,
            )
        if allocation.responded_at and signed_on < timezone.localdate(allocation.responded_at):
            raise error(
                _("The contract cannot be signed before the enterprise accepted the order (%(date)s).")
                % {"date": timezone.localdate(allocation.responded_at).isoformat()},
                ErrorCode.INVALID,
                "signed_on",
            )
        rows = _clean_milestones(locked, milestones, signed_on, allocation.amount)
        contract = Contract.objects.create(
            reference=temporary_reference(),
            order=locked,
            allocation=allocation,
            enterprise_id=allocation.enterprise_id,
            amount=allocation.amount,
            currency=locked.currency,
            signed_on=signed_on,
            ends_on=locked.ends_on,
            created_by=acting_user(actor),
        )
        contract.reference = final_reference("CT", contract, locked.province.country_id)
        contract.save(update_fields=["reference"])
        Milestone.objects.bulk_create(Milestone(contract=contract, **row) for row in rows)
        locked.status = OrderStatus.CONTRACTED
        save_order(locked, actor, ["status"])
        record_action(
            "market.contract.created",
            contract,
            actor=actor,
            order=locked.pk,
            enterprise=allocation.enterprise_id,
            milestones=len(rows),
            amount=str(contract.amount),
        )
    return contract


def lock_milestone(milestone: Milestone) -> Milestone:
    return Milestone.objects.select_for_update().select_related("contract").get(pk=milestone.pk)


def bump(milestone: Milestone, actor: Any, fields: list[str]) -> None:
    milestone.version += 1
    milestone._history_user = acting_user(actor)
    milestone.save(update_fields=[*fields, "version"])


def report_execution(
    milestone: Milestone,
    *,
    quantity: Any,
    done_on: datetime.date,
    note: str = "",
    photos: Any = (),
    client_uuid: uuid.UUID | str | None = None,
    actor: Any,
) -> ExecutionReport:
    """An owner of the contract's enterprise reports work done on a milestone. The reported
    total never passes the milestone's quantity; reaching it puts the milestone up for
    review. After a rejection the rework is reported (quantity 0 with photos or a note)
    and the milestone goes back for review. Sent twice (same client_uuid): recorded once."""
    contract = milestone.contract
    if actor is None or not enterprises_of_holder(actor).filter(pk=contract.enterprise_id).exists():
        raise error(
            _("This contract is not your enterprise's."), ErrorCode.NOT_YOUR_CONTRACT, status_code=403
        )
    if client_uuid:
        existing = ExecutionReport.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            if existing.milestone_id != milestone.pk:
                raise error(_("This report was already sent for another milestone."), ErrorCode.INVALID)
            return existing
    amount = parse_amount(quantity, "quantity", _("Quantity done"), positive=False)
    done_on = parse_date(done_on, "done_on", _("Done on"), past_only=True)
    if done_on < contract.signed_on:
        raise error(
            _("The work cannot be done before the contract was signed (%(date)s).")
            % {"date": contract.signed_on.isoformat()},
            ErrorCode.INVALID,
            "done_on",
        )
    prepared = prepare_photos(photos)
    note = (note or "").strip()
    try:
        with transaction.atomic():
            locked = lock_milestone(milestone)
            if locked.contract.status != ContractStatus.ACTIVE:
                raise MarketConflict(_("This contract is no longer under way."), code=ErrorCode.WRONG_STATE)
            if locked.status not in (MilestoneStatus.PENDING, MilestoneStatus.REJECTED):
                raise MarketConflict(
                    _("This milestone is awaiting the sponsor's review or already accepted."),
                    code=ErrorCode.WRONG_STATE,
                )
            rework = locked.status == MilestoneStatus.REJECTED
            if amount == 0 and not (rework and (prepared or note)):
                raise error(
                    _(
                        "Quantity done: enter the quantity done (zero only for rework, with photos or a note)."
                    ),
                    ErrorCode.INVALID,
                    "quantity",
                )
            total = locked.reported_quantity + amount
            if total > locked.quantity:
                raise error(
                    _("Quantity done: at most %(left)s remain to report on this milestone (of %(total)s).")
                    % {"left": locked.quantity - locked.reported_quantity, "total": locked.quantity},
                    ErrorCode.QUANTITY_EXCEEDED,
                    "quantity",
                )
            report = ExecutionReport.objects.create(
                milestone=locked,
                quantity=amount,
                done_on=done_on,
                note=note,
                client_uuid=client_uuid or None,
                reported_by=acting_user(actor),
            )
            stored = store_photos(report, prepared)
            locked.reported_quantity = total
            if total >= locked.quantity:
                locked.status = MilestoneStatus.REPORTED
            bump(locked, actor, ["reported_quantity", "status"])
            record_action(
                "market.milestone.reported",
                locked,
                actor=actor,
                report=report.pk,
                quantity=str(amount),
                done_on=done_on.isoformat(),
                photos=len(stored),
                rework=rework,
                status=locked.status,
            )
    except IntegrityError:  # the same report sent twice at once: the other one was stored
        existing = ExecutionReport.objects.filter(client_uuid=client_uuid).first() if client_uuid else None
        if existing is None:
            raise
        return existing
    return report
