"""Disbursements: the tranches paid out on an approved line, each against a supplier's
invoice or pro-forma.

A tranche is recorded under the line's row lock: the running total (`disbursed_amount`)
is read and raised there, so two officers posting at the same moment never take a line
above what its funder approved — the second waits for the first and is then told what
remains. The database refuses it too (`plan_line_disbursed_within_approved`), whoever
writes: the total is raised with an F() expression and a refusal of the constraint is
turned into the same error. The same client key sent twice (a double click, a retried
API call) returns the first tranche and stores nothing new. The invoice is checked like a
dossier's documents (size, accepted type, content sniffed) and kept in the private
storage."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.dossiers.uploads import UploadRejected, check_upload

from ..enums import GRANTED, DisbursementPurpose, ErrorCode
from ..errors import FinancingError
from ..models import MONEY_DIGITS, MONEY_PLACES, ZERO, Disbursement, PlanLine
from ..money import format_money, parse_amount, to_cents
from ..queries import lines_decided_by

# The largest amount a money field holds.
MAX_AMOUNT = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES) - Decimal("0.01")
CHECK_NAME = "plan_line_disbursed_within_approved"


def _lock(line: PlanLine) -> PlanLine:
    return (
        PlanLine.objects.select_for_update(of=("self",))
        .select_related("plan__dossier", "funder")
        .get(pk=line.pk)
    )


def _amount(value: Any) -> Decimal:
    """A positive Decimal to the cent; floats (which cannot hold cents exactly), zero,
    negative amounts and fractions of a cent are refused."""
    amount = parse_amount(value)
    if amount is None:
        raise FinancingError(
            _("The amount must be a number written in digits, such as 125000.50."),
            code=ErrorCode.INVALID_AMOUNT,
            field="amount",
        )
    if amount <= 0:
        raise FinancingError(
            _("The amount of a tranche must be more than zero."),
            code=ErrorCode.INVALID_AMOUNT,
            field="amount",
        )
    if amount != to_cents(amount) or amount > MAX_AMOUNT:
        raise FinancingError(
            _("The amount must have at most two decimals and fourteen digits."),
            code=ErrorCode.INVALID_AMOUNT,
            field="amount",
        )
    return to_cents(amount)


def _check_fields(*, paid_on: Any, purpose: Any) -> None:
    if not isinstance(paid_on, datetime.date) or isinstance(paid_on, datetime.datetime):
        raise FinancingError(
            _("Give the date the tranche was paid."), code=ErrorCode.INVALID_DATE, field="paid_on"
        )
    if purpose not in DisbursementPurpose.values:
        raise FinancingError(
            _("Choose what the tranche pays for."), code=ErrorCode.INVALID_PURPOSE, field="purpose"
        )


def _check_actor(line: PlanLine, actor: Any) -> None:
    """An agency officer who reaches the dossier, or an officer of the line's own funder
    (in that same membership's provinces)."""
    if actor is None or not lines_decided_by(actor).filter(pk=line.pk).exists():
        raise FinancingError(
            _("You may not record disbursements on this line."), code=ErrorCode.NOT_ALLOWED, status_code=403
        )


def _check_line(line: PlanLine, *, amount: Decimal, paid_on: datetime.date) -> None:
    currency = line.plan.currency
    if line.decision not in GRANTED or line.approved_amount is None:
        raise FinancingError(
            _("Nothing can be disbursed on this line: its funder has not approved it (%(decision)s)."),
            code=ErrorCode.NOT_APPROVED,
            params={"decision": line.get_decision_display()},
        )
    if line.decided_on and paid_on < line.decided_on:
        raise FinancingError(
            _("A tranche cannot be paid before the line was approved (on %(date)s)."),
            code=ErrorCode.BEFORE_APPROVAL,
            field="paid_on",
            params={"date": line.decided_on.isoformat()},
        )
    remaining = line.approved_amount - line.disbursed_amount
    if amount > remaining:
        raise _above_approved(line, amount, remaining, currency)


def _above_approved(line: PlanLine, amount: Decimal, remaining: Decimal, currency: str) -> FinancingError:
    return FinancingError(
        _(
            "This tranche of %(amount)s would take the disbursements above the %(approved)s approved: "
            "%(remaining)s remain to disburse on this line."
        ),
        code=ErrorCode.ABOVE_APPROVED,
        field="amount",
        params={
            "amount": format_money(amount, currency),
            "approved": format_money(line.approved_amount, currency),
            "remaining": format_money(max(remaining, ZERO), currency),
        },
    )


def _stored(client_uuid: Any, line: PlanLine) -> Disbursement | None:
    """The tranche already recorded with this client key (None: none yet)."""
    if not client_uuid:
        return None
    done = Disbursement.objects.filter(client_uuid=client_uuid).first()
    if done is not None and done.line_id != line.pk:
        raise FinancingError(
            _("This submission was already recorded on another line."),
            code=ErrorCode.DUPLICATE_KEY,
            status_code=409,
        )
    return done


def record_disbursement(
    line: PlanLine,
    *,
    amount: Decimal,
    paid_on: datetime.date,
    purpose: str,
    actor: Any,
    supplier: str = "",
    invoice_number: str = "",
    invoice: Any = None,
    paid_by: Any = None,
    client_uuid: UUID | str | None = None,
) -> Disbursement:
    """Record a tranche paid out on `line` (approved or reduced by its funder), never before
    the approval nor above the approved amount. `paid_by` defaults to the line's funder.
    The same `client_uuid` sent again returns the tranche it recorded, nothing new stored.
    Refused with a translated FinancingError (nothing stored)."""
    _check_actor(line, actor)
    amount = _amount(amount)
    _check_fields(paid_on=paid_on, purpose=purpose)
    invoice_name = ""
    if invoice:
        try:
            check_upload(invoice)
        except UploadRejected as exc:
            raise FinancingError(exc.message, code=exc.code, field="invoice") from exc
        invoice_name = (getattr(invoice, "name", "") or "invoice").rsplit("/", 1)[-1][-200:]
    try:
        with transaction.atomic():
            locked = _lock(line)
            done = _stored(client_uuid, locked)
            if done is not None:
                return done
            _check_line(locked, amount=amount, paid_on=paid_on)
            return _create(
                locked,
                amount=amount,
                paid_on=paid_on,
                purpose=purpose,
                actor=actor,
                supplier=supplier,
                invoice_number=invoice_number,
                invoice=invoice,
                invoice_name=invoice_name,
                paid_by=paid_by,
                client_uuid=client_uuid,
            )
    except IntegrityError:
        # Two requests with the same key raced past the check: the other one stored it.
        done = _stored(client_uuid, line)
        if done is None:
            raise
        return done


def _create(
    line: PlanLine, *, amount: Decimal, invoice: Any, invoice_name: str, **fields: Any
) -> Disbursement:
    actor = fields.pop("actor")
    disbursement = Disbursement(
        line=line,
        amount=amount,
        paid_on=fields["paid_on"],
        purpose=fields["purpose"],
        supplier=(fields["supplier"] or "").strip()[:200],
        invoice_number=(fields["invoice_number"] or "").strip()[:100],
        invoice_name=invoice_name,
        paid_by=fields["paid_by"] or line.funder,
        client_uuid=fields["client_uuid"] or None,
        recorded_by=acting_user(actor),
    )
    if invoice:
        disbursement.invoice.save(invoice_name, invoice, save=False)
    try:
        disbursement.save()
        _add_to_line(line, amount)
        record_action(
            "financing.disbursement.recorded",
            disbursement,
            actor=actor,
            line=line.pk,
            dossier=line.plan.dossier_id,
            amount=str(amount),
            currency=line.plan.currency,
            paid_on=disbursement.paid_on.isoformat(),
            invoice=bool(invoice),
        )
    except Exception:
        if disbursement.invoice:
            disbursement.invoice.delete(save=False)
        raise
    return disbursement


def _add_to_line(line: PlanLine, amount: Decimal) -> None:
    """Raise the line's running total in the database (F expression): the check
    constraint refuses a total above the approved amount even if a writer skipped the
    lock. The line's own history is not written here: each tranche is its record."""
    try:
        with transaction.atomic():
            PlanLine.objects.filter(pk=line.pk).update(disbursed_amount=F("disbursed_amount") + amount)
    except IntegrityError as exc:
        if CHECK_NAME not in str(exc):
            raise
        line.refresh_from_db(fields=["disbursed_amount", "approved_amount"])
        raise _above_approved(
            line, amount, (line.approved_amount or ZERO) - line.disbursed_amount, line.plan.currency
        ) from exc
    line.refresh_from_db(fields=["disbursed_amount"])
