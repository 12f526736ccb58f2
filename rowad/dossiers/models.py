"""Project files (dossiers): holders, financing plan, documents, study, state history and
notification attempts. State changes only through services.set_dossier_state."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.models import MultilingualNameModel, TimeStampedModel

from .enums import (
    CheckStatus,
    DecisionBody,
    DossierState,
    FinancingKind,
    LegalForm,
    RuleOutcome,
    SignoffStatus,
    SpecificationKind,
    StudyResult,
)
from .storage import private_storage


class Dossier(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    idea = models.TextField(_("idea"), blank=True)
    programme = models.ForeignKey(
        "partners.Programme", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("programme")
    )
    organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("owning agency"),
    )
    specialty = models.ForeignKey(
        "partners.Specialty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("specialty"),
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=30, choices=LegalForm.choices, default=LegalForm.SOLE_PROPRIETORSHIP
    )
    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    investment = models.DecimalField(
        _("investment amount"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    # Where the holder was met (outreach), and the pitched idea the dossier grew from.
    met_at_stop = models.ForeignKey(
        "outreach.Stop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("met at caravan stop"),
    )
    met_at_event = models.ForeignKey(
        "outreach.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("met at event"),
    )
    source_idea = models.ForeignKey(
        "outreach.Idea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("pitched idea"),
    )
    state = models.CharField(
        _("state"), max_length=30, choices=DossierState.choices, default=DossierState.IDEA, db_index=True
    )
    # Bumped by every write through the services: a page or client that sends an older
    # value is refused (stale edit / stale transition).
    version = models.PositiveIntegerField(_("version"), default=1)
    holders = models.ManyToManyField(
        "people.Person", through="DossierHolder", related_name="dossiers", verbose_name=_("holders")
    )
    # Eligibility, evaluated by rowad.dossiers.eligibility and stored here.
    eligibility = models.JSONField(_("eligibility"), default=list, blank=True, editable=False)
    eligibility_outcome = models.CharField(
        _("eligibility"), max_length=10, choices=RuleOutcome.choices, default=RuleOutcome.UNKNOWN
    )
    eligibility_checked_at = models.DateTimeField(_("eligibility evaluated"), null=True, blank=True)
    revision_request = models.TextField(_("what to revise or deepen"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["eligibility", "eligibility_checked_at", "version"])

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "-id"], name="dossier_state_idx"),
            models.Index(fields=["province", "-id"], name="dossier_province_idx"),
            models.Index(fields=["programme", "state"], name="dossier_programme_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}" if self.reference else self.title

    @property
    def lead_holder(self):
        link = next((h for h in self.holder_links.all() if h.is_lead), None)
        return link.person if link else None


class DossierHolder(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="holder_links")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="dossier_links", verbose_name=_("person")
    )
    is_lead = models.BooleanField(_("lead holder"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holder")
        verbose_name_plural = _("holders")
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "person"], name="dossier_holder_unique"),
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(is_lead=True), name="dossier_one_lead_holder"
            ),
        ]


class FinancingLine(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="financing_lines")
    kind = models.CharField(_("kind"), max_length=30, choices=FinancingKind.choices)
    funder = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financing_lines",
        verbose_name=_("funder"),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("financing line")
        verbose_name_plural = _("financing lines")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="financing_amount_positive")
        ]


class DossierDocument(models.Model):
    """One required (or extra) document of a dossier; its uploads are versions."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    document_type = models.ForeignKey(
        "partners.DocumentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("document type")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "document_type"], name="dossier_document_unique_type")
        ]

    @property
    def current(self):
        return self.versions.order_by("-number").first()


def _document_path(instance: DocumentVersion, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"dossiers/{instance.document.dossier_id}/{uuid.uuid4().hex}.{extension}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(DossierDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=_document_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique_number")
        ]


class StateChange(models.Model):
    """One row per transition: who, when, from, to, why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(_("from"), max_length=30, choices=DossierState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=DossierState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    # The body whose decision this change applies (committee session or delegation).
    decided_by_body = models.CharField(
        _("decided by"), max_length=20, choices=DecisionBody.choices, blank=True
    )
    decision_reference = models.CharField(_("decision record"), max_length=80, blank=True)
    decision_label = models.CharField(_("decision"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The figures' "first change into a state" of each dossier (submitted,
            # eligible, approved) read from the index alone: 2.65 s -> 0.77 s for
            # "approved" at 200,000 dossiers (benchmarks/figures_dashboard.py).
            models.Index(fields=["dossier", "to_state", "created_at"], name="statechange_dossier_to_state"),
        ]


class Specification(MultilingualNameModel):
    """A sponsor's professional specifications (cahier des charges / دفتر الشروط) for a
    programme, optionally for one specialty. Versioned: changing a specification a study
    already used writes a new version (`previous` links them); the studies keep the
    version they were studied against. One current version per programme and specialty."""

    programme = models.ForeignKey(
        "partners.Programme", on_delete=models.CASCADE, related_name="specifications"
    )
    specialty = models.ForeignKey(
        "partners.Specialty", on_delete=models.CASCADE, null=True, blank=True, related_name="specifications"
    )
    sponsor = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="specifications",
        verbose_name=_("sponsor"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("specifications")
        verbose_name_plural = _("specifications")
        ordering = ["programme", "specialty", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "specialty"],
                condition=models.Q(is_current=True),
                name="specification_unique_current_specialty",
            )
        ]


class SpecificationItem(models.Model):
    specification = models.ForeignKey(Specification, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=SpecificationKind.choices)
    label_ar = models.CharField(_("requirement (Arabic)"), max_length=300, blank=True)
    label_fr = models.CharField(_("requirement (French)"), max_length=300, blank=True)
    label_en = models.CharField(_("requirement (English)"), max_length=300, blank=True)
    is_mandatory = models.BooleanField(_("mandatory"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    @property
    def label(self) -> str:
        from django.utils import translation

        language = (translation.get_language() or "ar")[:2]
        preferred = {"ar": self.label_ar, "fr": self.label_fr, "en": self.label_en}.get(language)
        return preferred or self.label_fr or self.label_ar or self.label_en


class Study(TimeStampedModel):
    """The study of a dossier against its specifications by a study officer."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="study")
    specification = models.ForeignKey(
        Specification, on_delete=models.PROTECT, null=True, blank=True, related_name="studies"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    result = models.CharField(
        _("result"), max_length=20, choices=StudyResult.choices, default=StudyResult.PENDING
    )
    opinion = models.TextField(_("officer's opinion"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The sponsor's sign-off of the study, when the programme requires it before committee.
    signoff = models.CharField(
        _("sponsor's sign-off"), max_length=10, choices=SignoffStatus.choices, default=SignoffStatus.PENDING
    )
    signoff_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signoff_organization = models.ForeignKey(
        "partners.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signoff_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signoff_reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")


class StudyCheck(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(SpecificationItem, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=CheckStatus.choices, default=CheckStatus.PENDING
    )
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        ordering = ["item__position", "item_id"]
        constraints = [models.UniqueConstraint(fields=["study", "item"], name="study_check_unique_item")]


class InternalNote(models.Model):
    """An officer's note on a dossier that the holder never reads: the portal and the
    holder's API read only the state changes (whose note is written for the holder), never
    these."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("internal note"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["-created_at", "-id"]
