"""Financing: a programme's formulas → a dossier's plan → funder decisions per line →
disbursements in tranches → repayment schedules of the repaid lines → payments allocated
to instalments → reminders.

Money is `Decimal` with its currency everywhere: every amount field is a DecimalField of
`MONEY_DIGITS`/`MONEY_PLACES`, and the currency is held once per plan (a plan never mixes
currencies; lines, schedules and payments carry it over and are checked against it).
Invariants the database enforces too: a line never disburses more than was approved, one
active schedule per line, one reminder per instalment and step, one payment or
disbursement per client key.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.models import MultilingualNameModel, TimeStampedModel
from rowad.core.storage import PrivateStorage
from rowad.dossiers.enums import FinancingKind

from .enums import (
    Currency,
    DisbursementPurpose,
    Frequency,
    InterestBearer,
    LineDecision,
    PlanState,
    ReminderStep,
    ScheduleState,
)

MONEY_DIGITS = 14
MONEY_PLACES = 2
ZERO = Decimal("0.00")


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **kwargs)


def percent_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **kwargs,
    )


class LoanTerms(models.Model):
    """The terms of a repaid part or line (empty for a grant or a contribution)."""

    repaid = models.BooleanField(_("repaid"), default=False)
    term_months = models.PositiveSmallIntegerField(_("term in months"), null=True, blank=True)
    grace_months = models.PositiveSmallIntegerField(_("grace period in months"), default=0)
    interest_rate = percent_field(_("annual interest rate (%)"), default=Decimal("0"))
    interest_borne_by = models.CharField(
        _("interest paid by"), max_length=10, choices=InterestBearer.choices, default=InterestBearer.HOLDER
    )
    frequency = models.CharField(
        _("instalments"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )

    class Meta:
        abstract = True


class FinancingFormula(MultilingualNameModel, TimeStampedModel):
    """A programme's way of combining funders, held as data: adding a formula is a form,
    not a code change."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    programme = models.ForeignKey(
        "partners.Programme",
        on_delete=models.PROTECT,
        related_name="financing_formulas",
        verbose_name=_("programme"),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    description = models.TextField(_("description"), blank=True)
    min_investment = money_field(_("minimum investment"), null=True, blank=True)
    max_investment = money_field(_("maximum investment"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financing formula")
        verbose_name_plural = _("financing formulas")
        ordering = ["programme_id", "code"]


class FormulaPart(LoanTerms):
    """One part of a formula: a share of the investment (a floor for the holder's own
    contribution, a ceiling for a funder's part) and/or a cap in money."""

    formula = models.ForeignKey(FinancingFormula, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=FinancingKind.choices)
    funder = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formula_parts",
        verbose_name=_("funder"),
        help_text=_(
            "Empty for the holder's own contribution, or when the funder is chosen per dossier (the bank)."
        ),
    )
    share = percent_field(_("share of the investment (%)"), null=True, blank=True)
    cap = money_field(_("cap"), null=True, blank=True)
    is_remainder = models.BooleanField(
        _("takes the remainder"),
        default=False,
        help_text=_("This part covers what the other parts leave (at most its share and cap)."),
    )

    class Meta:
        verbose_name = _("formula part")
        verbose_name_plural = _("formula parts")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(repaid=False) | Q(term_months__gt=F("grace_months")),
                name="formula_part_term_after_grace",
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gt=0), name="formula_part_cap_positive"
            ),
        ]

    @property
    def is_floor(self) -> bool:
        """The holder's own contribution is a minimum; every other share is a maximum."""
        return self.kind == FinancingKind.PERSONAL_CONTRIBUTION


class FinancingPlan(TimeStampedModel):
    """A dossier's financing plan: proposed from its programme's formula and investment,
    edited by the officer within the formula (each deviation explained), then decided line
    by line by the funders."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="financing_plan", verbose_name=_("dossier")
    )
    formula = models.ForeignKey(
        FinancingFormula, on_delete=models.PROTECT, related_name="plans", verbose_name=_("formula")
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    investment = money_field(_("investment"), validators=[MinValueValidator(Decimal("0.01"))])
    state = models.CharField(_("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="financing_plans",
        verbose_name=_("officer in charge"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financing plan")
        verbose_name_plural = _("financing plans")
        ordering = ["-id"]


class PlanLine(LoanTerms):
    """One line of a plan, its funder's current decision and what was paid out on it. The
    decisions themselves are kept one by one in FunderDecision."""

    plan = models.ForeignKey(FinancingPlan, on_delete=models.CASCADE, related_name="lines")
    part = models.ForeignKey(
        FormulaPart,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("part"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=FinancingKind.choices)
    funder = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_lines",
        verbose_name=_("funder"),
    )
    amount = money_field(_("amount requested"), validators=[MinValueValidator(Decimal("0.01"))])
    deviation = models.TextField(_("why it differs from the formula"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=LineDecision.choices, default=LineDecision.PENDING
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    approved_amount = money_field(_("amount approved"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    # Kept by the disbursement service under the line's lock; the constraint below makes
    # the database refuse a sum above the approved amount whoever writes.
    disbursed_amount = money_field(_("amount disbursed"), default=ZERO)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financing line")
        verbose_name_plural = _("financing lines")
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="plan_line_amount_positive"),
            models.CheckConstraint(
                condition=Q(disbursed_amount=0) | Q(disbursed_amount__lte=F("approved_amount")),
                name="plan_line_disbursed_within_approved",
            ),
            models.CheckConstraint(condition=Q(disbursed_amount__gte=0), name="plan_line_disbursed_positive"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="plan_line_approved_positive",
            ),
        ]


class FunderDecision(models.Model):
    """One decision of a funder on a line, as recorded (the line keeps the latest)."""

    line = models.ForeignKey(PlanLine, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=20, choices=LineDecision.choices)
    decided_on = models.DateField(_("date"))
    amount = money_field(_("amount approved"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    reference = models.CharField(_("funder's reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funder decision")
        verbose_name_plural = _("funder decisions")
        ordering = ["line_id", "recorded_at", "id"]


def _invoice_path(disbursement: Disbursement, filename: str) -> str:
    return f"financing/invoices/{disbursement.line.plan.dossier_id}/{uuid.uuid4().hex}-{filename}"


class Disbursement(models.Model):
    """A tranche paid out on a line against a supplier's invoice or pro-forma."""

    line = models.ForeignKey(PlanLine, on_delete=models.PROTECT, related_name="disbursements")
    amount = money_field(_("amount"))
    paid_on = models.DateField(_("paid on"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=DisbursementPurpose.choices)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=100, blank=True)
    invoice = models.FileField(_("invoice"), storage=PrivateStorage(), upload_to=_invoice_path, blank=True)
    invoice_name = models.CharField(max_length=255, blank=True)
    paid_by = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements_paid",
        verbose_name=_("paid by"),
    )
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["line_id", "paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive")]


class RepaymentSchedule(LoanTerms):
    """The instalments of a repaid line. A rescheduling supersedes the active schedule (kept
    with its instalments and payments) by a new version that carries the paid amounts
    over. `first_unpaid_due` and `outstanding_principal` are kept by the payment service so
    that arrears and portfolio at risk read one row per schedule."""

    line = models.ForeignKey(PlanLine, on_delete=models.PROTECT, related_name="schedules")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(
        _("state"), max_length=20, choices=ScheduleState.choices, default=ScheduleState.ACTIVE
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    principal = money_field(_("principal"))
    first_due = models.DateField(_("first instalment due"))
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    reason = models.TextField(_("reason for rescheduling"), blank=True)
    outstanding_principal = money_field(_("principal outstanding"))
    first_unpaid_due = models.DateField(_("oldest unpaid instalment"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repayment schedule")
        verbose_name_plural = _("repayment schedules")
        ordering = ["line_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["line", "number"], name="schedule_number_per_line"),
            models.UniqueConstraint(
                fields=["line"], condition=Q(state=ScheduleState.ACTIVE), name="one_active_schedule_per_line"
            ),
            models.CheckConstraint(condition=Q(principal__gt=0), name="schedule_principal_positive"),
            models.CheckConstraint(
                condition=Q(outstanding_principal__gte=0), name="schedule_outstanding_positive"
            ),
        ]
        indexes = [models.Index(fields=["state", "first_unpaid_due"], name="schedule_arrears_idx")]


class Instalment(models.Model):
    """What falls due on a date: principal and the holder's interest (owed by the holder),
    and the interest the state pays (shown apart, never owed by the holder)."""

    schedule = models.ForeignKey(RepaymentSchedule, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("number"))
    due_on = models.DateField(_("due on"))
    principal = money_field(_("principal"))
    interest = money_field(_("interest"), default=ZERO)
    subsidised_interest = money_field(_("interest paid by the state"), default=ZERO)
    paid_principal = money_field(_("principal paid"), default=ZERO)
    paid_interest = money_field(_("interest paid"), default=ZERO)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["schedule_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="instalment_number_per_schedule"),
            models.CheckConstraint(
                condition=Q(paid_principal__lte=F("principal")) & Q(paid_interest__lte=F("interest")),
                name="instalment_paid_within_due",
            ),
            models.CheckConstraint(
                condition=Q(principal__gte=0) & Q(interest__gte=0), name="instalment_positive"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(settled_on__isnull=True), name="instalment_unsettled_due_idx"
            )
        ]

    @property
    def amount_due(self) -> Decimal:
        return self.principal + self.interest

    @property
    def amount_paid(self) -> Decimal:
        return self.paid_principal + self.paid_interest

    @property
    def remaining(self) -> Decimal:
        return self.amount_due - self.amount_paid


class Payment(models.Model):
    """Money received on a schedule, allocated to its instalments (oldest first; in each,
    interest before principal)."""

    schedule = models.ForeignKey(RepaymentSchedule, on_delete=models.PROTECT, related_name="payments")
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["schedule_id", "paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]
        # The figures' list of repayments, newest first (docs/benchmarks.md).
        indexes = [models.Index(fields=["paid_on", "id"], name="payment_paid_on_idx")]


class PaymentAllocation(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="allocations")
    principal = money_field(_("principal"), default=ZERO)
    interest = money_field(_("interest"), default=ZERO)

    class Meta:
        verbose_name = _("payment allocation")
        verbose_name_plural = _("payment allocations")
        ordering = ["payment_id", "instalment__number"]


class Reminder(models.Model):
    """A reminder sent (or withheld for lack of consent) for one instalment and step."""

    instalment = models.ForeignKey(Instalment, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("step"), max_length=20, choices=ReminderStep.choices)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="financing_reminders")
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    sent = models.BooleanField(_("sent"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["instalment", "step", "person"], name="one_reminder_per_step"),
        ]
