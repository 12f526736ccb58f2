"""The enterprise created from a dossier, its owners, its creation steps, its legal
follow-up calendar and its life events. Written only through enterprises.services."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.enums import CountryCode, Sex
from rowad.core.models import TimeStampedModel
from rowad.core.storage import PrivateStorage

from ..enums import (
    AgeBand,
    ClosureReason,
    EnterpriseStatus,
    LegalForm,
    LifeEventKind,
    MemberRole,
    ObligationKind,
    TurnoverBand,
)


class JobsCount(models.Model):
    """Jobs by sex, permanent and seasonal (the holders themselves included), and the
    yearly turnover band: what a visit observes and a holder declares."""

    permanent_men = models.PositiveIntegerField(_("permanent jobs, men"), default=0)
    permanent_women = models.PositiveIntegerField(_("permanent jobs, women"), default=0)
    seasonal_men = models.PositiveIntegerField(_("seasonal jobs, men"), default=0)
    seasonal_women = models.PositiveIntegerField(_("seasonal jobs, women"), default=0)
    turnover_band = models.CharField(_("turnover"), max_length=20, choices=TurnoverBand.choices, blank=True)

    class Meta:
        abstract = True

    @property
    def total_jobs(self) -> int:
        return self.permanent_men + self.permanent_women + self.seasonal_men + self.seasonal_women


class Enterprise(JobsCount, TimeStampedModel):
    """One enterprise per dossier: recorded when the dossier reaches "company created"
    (services.create_enterprise performs both in one transaction)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="enterprise", verbose_name=_("dossier")
    )
    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    country = models.CharField(_("country"), max_length=2, choices=CountryCode.choices)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_latin = models.CharField(_("name (Latin)"), max_length=200, blank=True)
    activity = models.CharField(_("activity"), max_length=300)
    # Copied from the dossier when recorded: the figures group by them without a join
    # through the dossier, and they stay what they were if the dossier's are corrected.
    programme = models.ForeignKey(
        "partners.Programme",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("programme"),
    )
    organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("accompanying agency"),
    )
    specialty = models.ForeignKey(
        "partners.Specialty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("specialty"),
    )
    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_on = models.DateField(_("creation date"))
    # Kept in step with the life events (services.record_life_event).
    status = models.CharField(
        _("status"), max_length=20, choices=EnterpriseStatus.choices, default=EnterpriseStatus.OPERATING
    )
    ended_on = models.DateField(_("closed or transferred on"), null=True, blank=True)
    # The manager's sex and age band when the enterprise was created (a fact of that day,
    # kept for the figures; services.enterprises.snapshot_manager writes them).
    manager_sex = models.CharField(_("manager's sex"), max_length=1, choices=Sex.choices, blank=True)
    manager_age_band = models.CharField(
        _("manager's age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    # Registration identifiers (identifiers.py says which apply where and how checked).
    trade_register = models.CharField(_("trade register"), max_length=40, blank=True)
    tax_id = models.CharField(_("tax identifier"), max_length=25, blank=True)
    statistical_id = models.CharField(_("statistical identifier (NIS)"), max_length=20, blank=True)
    ice = models.CharField(_("ICE"), max_length=15, blank=True)
    odco_number = models.CharField(_("ODCo registration"), max_length=20, blank=True)
    # JobsCount's fields hold the jobs and turnover last observed (a visit, or a holder's
    # declaration an officer confirmed) on `jobs_observed_on`; the history is in Visit and
    # JobsDeclaration. `initial_jobs` is the first count, the jobs the enterprise created.
    jobs_observed_on = models.DateField(_("jobs observed on"), null=True, blank=True)
    initial_jobs = models.PositiveIntegerField(_("jobs at creation"), null=True, blank=True)
    last_visit_on = models.DateField(_("last visit"), null=True, blank=True)
    # The day the agency last asked the holders to declare the jobs and turnover (portal).
    declaration_requested_on = models.DateField(_("declaration asked on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["version", "last_visit_on", "declaration_requested_on"])

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["-created_on", "-id"]
        indexes = [
            models.Index(fields=["created_on"], name="enterprise_created"),
            models.Index(fields=["status"], name="enterprise_status"),
            models.Index(fields=["province", "created_on"], name="enterprise_province_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("created_on")),
                name="enterprise_ends_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_ar or self.name_latin or self.reference


class EnterpriseMember(models.Model):
    """An owner: the manager of a one-person form, the associates of a company with their
    shares, the members of a cooperative with theirs."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="enterprise_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["enterprise", "-role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "person"],
                condition=models.Q(left_on__isnull=True),
                name="enterprise_member_once",
            )
        ]


def _step_document_path(step: CreationStep, filename: str) -> str:
    return f"enterprises/steps/{step.enterprise_id}/{uuid.uuid4().hex}-{filename}"


class CreationStep(models.Model):
    """One step of creating the enterprise (checklists.py gives the steps per country and
    legal form; they are copied here when the enterprise is recorded)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="steps")
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reference = models.CharField(_("document reference"), max_length=100, blank=True)
    document = models.FileField(
        _("document"), storage=PrivateStorage(), upload_to=_step_document_path, blank=True, max_length=200
    )
    document_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["document"])

    class Meta:
        verbose_name = _("creation step")
        verbose_name_plural = _("creation steps")
        ordering = ["enterprise", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"], name="creation_step_once")]


class Obligation(models.Model):
    """A dated legal obligation the agency follows (checklists.py generates the calendar
    per country and legal form; officers add others)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("kind"), max_length=30, choices=ObligationKind.choices)
    label = models.CharField(_("obligation"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reminded_on = models.DateField(_("holder reminded on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on", "done_on"], name="obligation_due")]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind", "due_on"], name="obligation_once_a_date")
        ]


class LifeEvent(models.Model):
    """Suspended, resumed, closed, transferred: the status and survival follow from these."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="life_events")
    kind = models.CharField(_("event"), max_length=20, choices=LifeEventKind.choices)
    occurred_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=20, choices=ClosureReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    transferred_to = models.CharField(_("new owner"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        ordering = ["enterprise", "occurred_on", "id"]
