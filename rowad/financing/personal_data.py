"""What in the financing app refers to a person: the lines of their dossiers' plans, the
tranches, instalments and payments on them (kept: accounting records of public money),
and the reminders sent to them (erased)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import DELETE, KEEP, Declaration, register

ACCOUNTING = _(
    "Public loans and grants are accounting records: the amounts, funders, tranches and "
    "repayments are kept for the agency's retention period; they hold no name."
)

register(
    Declaration(
        "financing.FinancingPlan",
        KEEP,
        person="dossier__holders",
        export=("dossier", "formula", "currency", "investment", "state", "approved_on"),
        reason=ACCOUNTING,
    ),
    Declaration(
        "financing.PlanLine",
        KEEP,
        person="plan__dossier__holders",
        export=("plan", "kind", "funder", "amount", "decision", "approved_amount", "disbursed_amount"),
        reason=ACCOUNTING,
    ),
    Declaration(
        "financing.FunderDecision",
        KEEP,
        person="line__plan__dossier__holders",
        export=("line", "decision", "decided_on", "amount", "conditions", "reason", "reference"),
        reason=ACCOUNTING,
    ),
    Declaration(
        "financing.Disbursement",
        KEEP,
        person="line__plan__dossier__holders",
        export=("line", "amount", "paid_on", "purpose", "supplier", "invoice_number"),
        reason=ACCOUNTING,
    ),
    Declaration(
        "financing.RepaymentSchedule",
        KEEP,
        person="line__plan__dossier__holders",
        export=("line", "number", "state", "currency", "principal", "first_due", "reason"),
        reason=ACCOUNTING,
    ),
    Declaration(
        "financing.Instalment",
        KEEP,
        person="schedule__line__plan__dossier__holders",
        export=("schedule", "number", "due_on", "principal", "interest", "paid_principal", "paid_interest"),
        reason=ACCOUNTING,
    ),
    Declaration(
        "financing.Payment",
        KEEP,
        person="schedule__line__plan__dossier__holders",
        export=("schedule", "amount", "currency", "paid_on", "reference"),
        reason=ACCOUNTING,
    ),
    Declaration(
        "financing.PaymentAllocation",
        KEEP,
        person="payment__schedule__line__plan__dossier__holders",
        export=("payment", "instalment", "principal", "interest"),
        reason=ACCOUNTING,
    ),
    Declaration(
        "financing.Reminder",
        DELETE,
        person="person",
        export=("instalment", "step", "channel", "sent", "created_at"),
    ),
)
