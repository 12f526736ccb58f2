"""States and kinds of the financing app (no bare status strings in code)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Currency(models.TextChoices):
    """ISO 4217 codes of the programmes' countries. Amounts never mix currencies."""

    DZD = "DZD", _("Algerian dinar")
    MAD = "MAD", _("Moroccan dirham")


class InterestBearer(models.TextChoices):
    """Who pays a loan's interest: the holder, or the state (a subsidy, shown apart)."""

    HOLDER = "holder", _("The holder")
    SUBSIDY = "subsidy", _("The state (subsidised)")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


# Months between two instalments.
FREQUENCY_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}


class PlanState(models.TextChoices):
    """A plan is drafted by the officer, submitted line by line to the funders, sent back
    for revision when a funder refuses a line, and approved when every line is."""

    DRAFT = "draft", pgettext_lazy("financing plan", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("financing plan", "With the funders")
    REVISION = "revision", pgettext_lazy("financing plan", "To revise")
    APPROVED = "approved", pgettext_lazy("financing plan", "Approved")


class LineDecision(models.TextChoices):
    """A funder's decision on one line of a plan (the holder's own contribution is
    approved by the officer who checks it was paid in)."""

    PENDING = "pending", pgettext_lazy("funder decision", "Not yet submitted")
    SUBMITTED = "submitted", pgettext_lazy("funder decision", "Submitted to the funder")
    APPROVED = "approved", pgettext_lazy("funder decision", "Approved")
    REDUCED = "reduced", pgettext_lazy("funder decision", "Approved, reduced")
    REFUSED = "refused", pgettext_lazy("funder decision", "Refused")


# Decisions that let money flow on a line.
GRANTED = frozenset({LineDecision.APPROVED, LineDecision.REDUCED})


class DisbursementPurpose(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment")
    WORKING_CAPITAL = "working_capital", _("Working capital")
    VEHICLE = "vehicle", _("Vehicle")
    PREMISES = "premises", _("Premises fitting-out")
    OTHER = "other", pgettext_lazy("disbursement purpose", "Other")


class ScheduleState(models.TextChoices):
    """A schedule is active until repaid (closed) or replaced by a rescheduling
    (superseded: kept, with its payments, as the history)."""

    ACTIVE = "active", pgettext_lazy("schedule", "Active")
    CLOSED = "closed", pgettext_lazy("schedule", "Repaid")
    SUPERSEDED = "superseded", pgettext_lazy("schedule", "Rescheduled")


class ReminderStep(models.TextChoices):
    """When the holder is reminded of an instalment: once before it falls due, then when it
    is late and again when it is a month late. Each step is sent at most once."""

    BEFORE_DUE = "before_due", _("Before it falls due")
    LATE = "late", _("Late")
    LATE_30 = "late_30", _("30 days late")


class ErrorCode(StrEnum):
    """Codes of FinancingError (the API returns them; views show the message)."""

    NO_FORMULA = "no_formula"
    PLAN_UNBALANCED = "plan_unbalanced"
    ABOVE_FORMULA = "above_formula"
    BELOW_FORMULA = "below_formula"
    CURRENCY_MISMATCH = "currency_mismatch"
    NOT_EDITABLE = "not_editable"
    WRONG_STATE = "wrong_state"
    NOT_APPROVED = "not_approved"
    ABOVE_APPROVED = "above_approved"
    BEFORE_APPROVAL = "before_approval"
    INVALID_AMOUNT = "invalid_amount"
    NOT_REPAID = "not_repaid"
    SCHEDULE_CLOSED = "schedule_closed"
    SCHEDULE_EXISTS = "schedule_exists"
    LOSES_PAYMENTS = "loses_payments"
    NOTHING_DISBURSED = "nothing_disbursed"
    REASON_REQUIRED = "reason_required"
    FUNDING_INCOMPLETE = "funding_incomplete"
    NOT_FUNDER = "not_funder"
    # Formulas and plans (helper PLANS).
    INVALID_FORMULA = "invalid_formula"
    CODE_TAKEN = "code_taken"
    PART_IN_USE = "part_in_use"
    OUT_OF_SCOPE = "out_of_scope"
    DECIDED_BEFORE_SUBMISSION = "decided_before_submission"
    # Schedules and payments
    INVALID_TERMS = "invalid_terms"
    OVERPAYMENT = "overpayment"
    # disbursements
    NOT_ALLOWED = "not_allowed"
    INVALID_PURPOSE = "invalid_purpose"
    INVALID_DATE = "invalid_date"
    DUPLICATE_KEY = "duplicate_key"
