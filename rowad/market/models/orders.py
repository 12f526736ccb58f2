"""The sponsor's side: what it asks for (work orders and their documents), what the
enterprises declare they can do (means), the quotes they submit and every allocation of an
order (the offer to one enterprise, with the candidates, the rule and why it won)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.models import MultilingualNameModel, TimeStampedModel
from rowad.core.storage import PrivateStorage

from ..enums import (
    LIVE_OFFERS,
    AllocationBasis,
    AllocationMethod,
    OfferStatus,
    OrderStatus,
    WorkUnit,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 12, "decimal_places": 2}


class Equipment(MultilingualNameModel):
    """A kind of equipment an order may require and an enterprise may declare (a fusion
    splicer, an OTDR, a trencher…)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name or self.code


class EnterpriseMeans(models.Model):
    """What an enterprise declares it can put on a site: people, equipment, how many orders
    at once, and the provinces it works in besides its own. Declared by its manager on the
    portal or by an agency officer; the eligibility reads it."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="means", verbose_name=_("enterprise")
    )
    workers = models.PositiveSmallIntegerField(_("people available for a site"), default=1)
    equipment = models.ManyToManyField(Equipment, blank=True, related_name="+", verbose_name=_("equipment"))
    max_concurrent_orders = models.PositiveSmallIntegerField(
        _("orders it can carry at once"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    served_provinces = models.ManyToManyField(
        "core.Province", blank=True, related_name="+", verbose_name=_("other provinces served")
    )
    declared_on = models.DateField(_("declared on"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[equipment, served_provinces], excluded_fields=["version"])

    class Meta:
        verbose_name = _("declared means")
        verbose_name_plural = _("declared means")


class ProgrammeMarketRules(models.Model):
    """A programme's own market rules (absent: the defaults below)."""

    programme = models.OneToOneField(
        "partners.Programme",
        on_delete=models.CASCADE,
        related_name="market_rules",
        verbose_name=_("programme"),
    )
    excludes_late_borrowers = models.BooleanField(
        _("enterprises late on the programme's loans get no work"), default=False
    )
    loan_grace_days = models.PositiveSmallIntegerField(
        _("days late tolerated on the loans"), default=30, validators=[MaxValueValidator(365)]
    )
    offer_days = models.PositiveSmallIntegerField(
        _("days an enterprise has to answer an offer"), default=7, validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("market rules of a programme")
        verbose_name_plural = _("market rules of programmes")


def _order_document_path(document: OrderDocument, filename: str) -> str:
    return f"market/orders/{document.order_id}/{filename}"


class WorkOrder(TimeStampedModel):
    """A piece of work a sponsor offers to the programme's enterprises (bon de commande /
    طلبية): one specialty, one province, a quantity with its unit, an estimated amount and
    the rule by which it is allocated."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    sponsor = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("sponsor"),
    )
    programme = models.ForeignKey(
        "partners.Programme",
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    specialty = models.ForeignKey(
        "partners.Specialty",
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("specialty"),
    )
    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("province")
    )
    communes = models.CharField(_("communes"), max_length=300, blank=True)
    quantity = models.DecimalField(_("quantity"), validators=[MinValueValidator(0)], **QUANTITY)
    unit = models.CharField(_("unit"), max_length=20, choices=WorkUnit.choices)
    estimated_amount = models.DecimalField(_("estimated amount"), validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    required_courses = models.ManyToManyField(
        "training.Course",
        blank=True,
        related_name="+",
        verbose_name=_("required certifications"),
        help_text=_(
            "Courses of the specialty one of which an owner must have passed; empty: any of the specialty."
        ),
    )
    min_workers = models.PositiveSmallIntegerField(_("minimum people on site"), default=1)
    required_equipment = models.ManyToManyField(
        Equipment, blank=True, related_name="+", verbose_name=_("required equipment")
    )
    reserved_for_micro = models.BooleanField(
        _("reserved for micro-enterprises"),
        default=True,
        help_text=_("Counts in the share of a public buyer's orders reserved by law for micro-enterprises."),
    )
    method = models.CharField(_("allocation"), max_length=10, choices=AllocationMethod.choices)
    # Score grid: weight of each criterion (they add up to 100).
    weight_performance = models.PositiveSmallIntegerField(_("weight of past performance"), default=50)
    weight_distance = models.PositiveSmallIntegerField(_("weight of distance"), default=20)
    weight_capacity = models.PositiveSmallIntegerField(_("weight of free capacity"), default=30)
    quote_deadline = models.DateTimeField(_("quotes until"), null=True, blank=True)
    payment_days = models.PositiveSmallIntegerField(
        _("payment within (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    # A form submitted twice or an API call retried posts one order.
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="order_dates_ordered"
            ),
            models.CheckConstraint(
                condition=~models.Q(method=AllocationMethod.QUOTE) | models.Q(quote_deadline__isnull=False),
                name="order_quote_has_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "programme"], name="order_status_idx"),
            models.Index(fields=["province", "specialty"], name="order_place_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"


class OrderDocument(models.Model):
    """Specifications, plans: private files served after the order's scope check."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(
        _("file"), storage=PrivateStorage(), upload_to=_order_document_path, max_length=200
    )
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order document")
        verbose_name_plural = _("order documents")
        ordering = ["order", "id"]


class Quote(models.Model):
    """An enterprise's price for an order taking quotes. Sealed: nobody reads the amount
    before the deadline (queries.quotes_readable, services.open_quotes)."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="quotes")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="quotes")
    amount = models.DecimalField(_("price"), validators=[MinValueValidator(0)], **MONEY)
    note = models.CharField(_("note"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["order", "amount", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "enterprise"], name="quote_one_per_enterprise")
        ]


class EvidenceField(models.JSONField):
    """A JSON field inserted as one parameter per row. Django bulk-inserts on PostgreSQL
    through UNNEST(jsonb[]), whose array literal psycopg escapes character by character:
    for the batch's hundreds of kilobytes of candidates that was most of its time (12 of
    22 s at 1,000 orders). Having a placeholder makes Django use plain VALUES rows."""

    def get_placeholder(self, value, compiler, connection) -> str:
        return "%s"


class Allocation(models.Model):
    """One offer of an order to one enterprise, with the evidence: every candidate looked at
    (eligibility lines, served amount, score or price), the rule applied and why the winner
    won. A declined offer keeps its row; the next one is a new row. At most one live offer
    per order (the database refuses a second award)."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="allocations")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("enterprise"),
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    method = models.CharField(_("rule"), max_length=10, choices=AllocationMethod.choices)
    basis = models.CharField(
        _("basis"), max_length=10, choices=AllocationBasis.choices, default=AllocationBasis.RULE
    )
    amount = models.DecimalField(_("amount offered"), **MONEY)
    # [{"enterprise": id, "reference", "name", "eligible": bool, "lines": [...], "served": "…",
    #   "score": float|None, "price": "…"|None, "rank": int|None}, …]
    candidates = EvidenceField(_("candidates"), default=list, blank=True)
    # {"code": "least_served" | "best_score" | "lowest_price" | "override", "params": {...}}
    reason = models.JSONField(_("why this enterprise"), default=dict, blank=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    offered_at = models.DateTimeField(_("offered"))
    answer_by = models.DateField(_("answer by"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.CharField(_("why declined"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["order", "round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(status__in=LIVE_OFFERS), name="allocation_one_live_offer"
            )
        ]
        indexes = [models.Index(fields=["enterprise", "status", "offered_at"], name="allocation_served_idx")]
