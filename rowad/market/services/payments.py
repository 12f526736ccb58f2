"""What the sponsor owes and pays: one invoice per accepted milestone (due
`order.payment_days` after the acceptance) and the sponsor's payments of it — never above
what remains, recorded once per `client_key` (a double click or an API retry returns the
payment already recorded). A payment not made in full by the due date is late
(queries.late_invoices)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user

from ..enums import ErrorCode, InvoiceStatus
from ..errors import MarketConflict
from ..models import Invoice, Milestone, SponsorPayment
from ..notifications import notify_owners
from .common import error, final_reference, parse_amount, parse_date, require_sponsor, temporary_reference


def issue_invoice(milestone: Milestone, *, decided_on: datetime.date, actor: Any) -> Invoice:
    """The invoice of an accepted milestone (called inside review_milestone's transaction)."""
    order = milestone.contract.order
    invoice = Invoice.objects.create(
        number=temporary_reference(),
        milestone=milestone,
        amount=milestone.amount,
        currency=milestone.contract.currency,
        issued_on=decided_on,
        due_on=decided_on + datetime.timedelta(days=order.payment_days),
    )
    invoice.number = final_reference("INV", invoice, order.province.country_id)
    invoice.save(update_fields=["number"])
    record_action(
        "market.invoice.issued",
        invoice,
        actor=actor,
        milestone=milestone.pk,
        amount=str(invoice.amount),
        due_on=invoice.due_on.isoformat(),
    )
    return invoice


def _replayed(payment: SponsorPayment, invoice: Invoice) -> SponsorPayment:
    if payment.invoice_id != invoice.pk:
        raise MarketConflict(
            _("This payment was already recorded on another invoice."), code=ErrorCode.DUPLICATE_PAYMENT
        )
    payment.replayed = True
    return payment


def record_sponsor_payment(
    invoice: Invoice,
    *,
    amount: Any,
    paid_on: datetime.date,
    reference: str = "",
    client_key: str,
    actor: Any,
) -> SponsorPayment:
    """Record a payment of `invoice` by its sponsor. The same `client_key` again returns the
    payment already recorded (its `replayed` attribute is True) and records nothing."""
    order = invoice.milestone.contract.order
    require_sponsor(actor, order)
    client_key = (client_key or "").strip()
    if not client_key or len(client_key) > 64:
        raise error(_("The payment form is incomplete: reload the page."), ErrorCode.INVALID, "client_key")
    existing = SponsorPayment.objects.filter(client_key=client_key).first()
    if existing is not None:
        return _replayed(existing, invoice)
    money = parse_amount(amount, "amount", _("Amount paid"))
    paid_on = parse_date(paid_on, "paid_on", _("Paid on"), past_only=True)
    try:
        with transaction.atomic():
            locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
            if paid_on < locked.issued_on:
                raise error(
                    _("Paid on: the date cannot be before the invoice was issued (%(date)s).")
                    % {"date": locked.issued_on.isoformat()},
                    ErrorCode.INVALID,
                    "paid_on",
                )
            remaining = locked.amount - locked.paid_amount
            if money > remaining:
                raise error(
                    _("Amount paid: only %(remaining)s %(currency)s remain to pay on this invoice.")
                    % {"remaining": remaining, "currency": locked.currency},
                    ErrorCode.OVERPAYMENT,
                    "amount",
                )
            payment = SponsorPayment.objects.create(
                invoice=locked,
                amount=money,
                paid_on=paid_on,
                reference=(reference or "").strip()[:60],
                client_key=client_key,
                recorded_by=acting_user(actor),
            )
            locked.paid_amount += money
            if locked.paid_amount == locked.amount:
                locked.status, locked.paid_on = InvoiceStatus.PAID, paid_on
            else:
                locked.status = InvoiceStatus.PARTLY_PAID
            locked.version += 1
            locked.save(update_fields=["paid_amount", "status", "paid_on", "version"])
            record_action(
                "market.invoice.paid",
                locked,
                actor=actor,
                payment=payment.pk,
                amount=str(money),
                paid_on=paid_on.isoformat(),
                reference=payment.reference,
                status=locked.status,
            )
    except IntegrityError:  # the same key recorded at the same moment by another request
        existing = SponsorPayment.objects.filter(client_key=client_key).first()
        if existing is None:
            raise
        return _replayed(existing, invoice)
    payment.replayed = False
    _notify_payment(payment, locked, actor)
    return payment


def _notify_payment(payment: SponsorPayment, invoice: Invoice, actor: Any) -> None:
    contract = invoice.milestone.contract

    def compose(person: Any) -> tuple[str, str]:
        params = {
            "amount": payment.amount,
            "currency": invoice.currency,
            "number": invoice.number,
            "reference": contract.reference,
            "remaining": invoice.amount - invoice.paid_amount,
        }
        return (
            _("Payment received: %(amount)s %(currency)s") % params,
            _(
                "The sponsor paid %(amount)s %(currency)s on the invoice %(number)s of the contract "
                "%(reference)s. Remaining: %(remaining)s %(currency)s."
            )
            % params,
        )

    notify_owners(
        contract.enterprise,
        kind="market.payment",
        compose=compose,
        idempotency_key=f"market-payment-{payment.pk}",
        actor=actor,
    )
