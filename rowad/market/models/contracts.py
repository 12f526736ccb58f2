"""The work itself: the contract drawn from an accepted offer, its milestones (quantity and
amount each), the field's execution reports with their photos, the sponsor's reviews, one
invoice per accepted milestone, the sponsor's payments and the contract's rating."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.storage import PrivateStorage

from ..enums import ContractStatus, InvoiceStatus, MilestoneStatus, ReviewDecision
from .orders import MONEY, QUANTITY, Allocation, WorkOrder


class Contract(models.Model):
    """The marché: one per awarded order, with the enterprise that accepted it."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="contract")
    allocation = models.OneToOneField(Allocation, on_delete=models.PROTECT, related_name="contract")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("enterprise"),
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    signed_on = models.DateField(_("signed on"))
    ends_on = models.DateField(_("to finish by"))
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "status"], name="contract_enterprise_idx")]

    def __str__(self) -> str:
        return self.reference


class Milestone(models.Model):
    """A part of the contract: a quantity of work and the amount paid for it once accepted."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    label = models.CharField(_("milestone"), max_length=200)
    quantity = models.DecimalField(_("quantity"), validators=[MinValueValidator(0)], **QUANTITY)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(0)], **MONEY)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    reported_quantity = models.DecimalField(_("quantity reported"), default=0, **QUANTITY)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["contract", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "position"], name="milestone_unique_position")
        ]

    def __str__(self) -> str:
        return self.label


class ExecutionReport(models.Model):
    """What the team did on the field, reported from a phone: a quantity, the date, photos.
    `client_uuid` makes a report sent twice (a flaky connection) recorded once."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reports")
    quantity = models.DecimalField(_("quantity done"), validators=[MinValueValidator(0)], **QUANTITY)
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), blank=True)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("execution report")
        verbose_name_plural = _("execution reports")
        ordering = ["milestone", "done_on", "id"]


def _photo_path(photo: ReportPhoto, filename: str) -> str:
    return f"market/reports/{photo.report_id}/{filename}"


class ReportPhoto(models.Model):
    """A photo of the work, re-encoded as a JPEG of at most 1600 px (what the phone sent
    is not kept: metadata such as the GPS position goes with it)."""

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), storage=PrivateStorage(), upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["report", "id"]


class MilestoneReview(models.Model):
    """The sponsor's acceptance or rejection of a reported milestone, with its remarks; a
    rejected milestone is reported again and reviewed again (every review is kept)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    remarks = models.TextField(_("remarks"), blank=True)
    decided_on = models.DateField(_("date"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("milestone review")
        verbose_name_plural = _("milestone reviews")
        ordering = ["milestone", "created_at", "id"]


class Invoice(models.Model):
    """What the sponsor owes for an accepted milestone, due `order.payment_days` after."""

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    milestone = models.OneToOneField(Milestone, on_delete=models.PROTECT, related_name="invoice")
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    paid_amount = models.DecimalField(_("paid"), default=0, **MONEY)
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paid_amount__lte=models.F("amount")), name="invoice_not_overpaid"
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="invoice_due_idx")]

    def __str__(self) -> str:
        return self.number


class SponsorPayment(models.Model):
    """A payment of an invoice by the sponsor. `client_key` makes a payment recorded twice
    (a double click, an API retry) recorded once."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(0)], **MONEY)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    client_key = models.CharField(max_length=64, unique=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sponsor payment")
        verbose_name_plural = _("sponsor payments")
        ordering = ["invoice", "paid_on", "id"]


class ContractRating(models.Model):
    """How the contract went, computed when it completes (services.rate_contract): on time,
    accepted at first review, rejections; `score` (0–100) feeds the score grid. The
    enterprise may contest it: its comment is kept beside the rating, which stands."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="rating")
    on_time_rate = models.DecimalField(_("milestones on time"), max_digits=5, decimal_places=4)
    first_time_rate = models.DecimalField(_("accepted at first review"), max_digits=5, decimal_places=4)
    rejections = models.PositiveSmallIntegerField(_("rejections"), default=0)
    score = models.PositiveSmallIntegerField(_("rating (0–100)"), validators=[MaxValueValidator(100)])
    rated_on = models.DateField(_("rated on"))
    contest_comment = models.TextField(_("the enterprise's comment"), blank=True)
    contested_at = models.DateTimeField(_("contested"), null=True, blank=True)
    contested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract rating")
        verbose_name_plural = _("contract ratings")
