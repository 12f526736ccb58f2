"""Kinds and states of the market app (no bare status strings in code)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkUnit(models.TextChoices):
    """What an order's quantity counts."""

    METRE = "metre", _("metres")
    CONNECTION = "connection", _("connections")
    SITE = "site", _("sites")
    UNIT = "unit", _("units")
    DAY = "day", _("working days")
    LUMP_SUM = "lump_sum", _("lump sum")


class AllocationMethod(models.TextChoices):
    ROTATION = "rotation", _("Fair rotation")
    SCORE = "score", _("Score grid")
    QUOTE = "quote", _("Invitation to quote")


class OrderStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("work order", "Open")
    QUOTING = "quoting", pgettext_lazy("work order", "Taking quotes")
    OFFERED = "offered", pgettext_lazy("work order", "Offered")
    AWARDED = "awarded", pgettext_lazy("work order", "Awarded")
    CONTRACTED = "contracted", pgettext_lazy("work order", "Under contract")
    COMPLETED = "completed", pgettext_lazy("work order", "Completed")
    UNFILLED = "unfilled", pgettext_lazy("work order", "No enterprise")
    CANCELLED = "cancelled", pgettext_lazy("work order", "Cancelled")


# Orders waiting for an enterprise (the allocation may run on them).
ALLOCATABLE = (OrderStatus.OPEN, OrderStatus.UNFILLED)
# Orders whose work is given to an enterprise (counted as met demand).
AWARDED_STATES = (OrderStatus.AWARDED, OrderStatus.CONTRACTED, OrderStatus.COMPLETED)


class OfferStatus(models.TextChoices):
    OFFERED = "offered", pgettext_lazy("offer", "Waiting for the enterprise")
    ACCEPTED = "accepted", pgettext_lazy("offer", "Accepted")
    DECLINED = "declined", pgettext_lazy("offer", "Declined")
    EXPIRED = "expired", pgettext_lazy("offer", "Expired")
    WITHDRAWN = "withdrawn", pgettext_lazy("offer", "Withdrawn")


# An offer that holds the order (at most one per order, a database constraint).
LIVE_OFFERS = (OfferStatus.OFFERED, OfferStatus.ACCEPTED)


class AllocationBasis(models.TextChoices):
    RULE = "rule", _("By the order's rule")
    OVERRIDE = "override", _("Officer's override")


class ContractStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("contract", "Under way")
    COMPLETED = "completed", pgettext_lazy("contract", "Completed")
    TERMINATED = "terminated", pgettext_lazy("contract", "Terminated")


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("milestone", "To do")
    REPORTED = "reported", pgettext_lazy("milestone", "Reported, awaiting acceptance")
    ACCEPTED = "accepted", pgettext_lazy("milestone", "Accepted")
    REJECTED = "rejected", pgettext_lazy("milestone", "Rejected")


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("review", "Accepted")
    REJECTED = "rejected", pgettext_lazy("review", "Rejected")


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", pgettext_lazy("invoice", "Awaiting payment")
    PARTLY_PAID = "partly_paid", pgettext_lazy("invoice", "Partly paid")
    PAID = "paid", pgettext_lazy("invoice", "Paid")


class EligibilityRule(models.TextChoices):
    """The rules an enterprise must pass for an order, in the order they are shown."""

    OPERATING = "operating", _("Created and operating")
    PROGRAMME = "programme", _("Created by the order's programme")
    PROVINCE = "province", _("Works in the order's province")
    CERTIFIED = "certified", _("Specialty certified by a passed course")
    MEANS = "means", _("Minimum means")
    CAPACITY = "capacity", _("Capacity not exceeded by work in progress")
    OBLIGATIONS = "obligations", _("Obligations up to date")
    LOANS = "loans", _("No late repayment of the programme's loans")


class ErrorCode(StrEnum):
    """Codes of the app's DomainErrors (API clients and tests read them)."""

    NOT_ALLOWED = "not_allowed"
    INVALID = "invalid"
    STALE_EDIT = "stale_edit"
    NOT_SPONSORED = "not_sponsored"
    WRONG_STATE = "wrong_state"
    INELIGIBLE = "ineligible"
    ALREADY_AWARDED = "already_awarded"
    NO_CANDIDATE = "no_candidate"
    REASON_REQUIRED = "reason_required"
    QUOTE_CLOSED = "quote_closed"
    QUOTES_SEALED = "quotes_sealed"
    NOT_YOUR_CONTRACT = "not_your_contract"
    QUANTITY_EXCEEDED = "quantity_exceeded"
    AMOUNT_EXCEEDED = "amount_exceeded"
    MILESTONES = "milestones"
    NOT_AN_IMAGE = "not_an_image"
    FILE_REFUSED = "file_refused"
    OVERPAYMENT = "overpayment"
    DUPLICATE_PAYMENT = "duplicate_payment"
    FUTURE_DATE = "future_date"
