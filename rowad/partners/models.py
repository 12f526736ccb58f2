"""Organizations, agreements between them and the programmes they run."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.enums import CountryCode, EducationLevel
from rowad.core.models import MultilingualNameModel, TimeStampedModel

from .enums import Benefit, OrganizationKind, PartyRole
from .storage import private_storage
from .validators import validate_agreement_document


class Organization(MultilingualNameModel, TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=CountryCode.choices)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("parent"),
    )
    provinces = models.ManyToManyField(
        "core.Province", blank=True, related_name="organizations", verbose_name=_("provinces served")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[provinces])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_fr", "id"]
        indexes = [models.Index(fields=["kind", "country"], name="org_kind_country_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Agreement(TimeStampedModel):
    """A partnership agreement (convention / اتفاقية) between organizations."""

    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # Private storage (PRIVATE_MEDIA_ROOT, outside the web root); served by
    # partners:agreement_document after a permission and scope check.
    document = models.FileField(
        _("document"),
        upload_to="agreements/%Y/",
        blank=True,
        storage=private_storage,
        validators=[validate_agreement_document],
        help_text=_("The signed agreement: PDF, JPEG or PNG, at most 10 MB."),
    )
    organizations = models.ManyToManyField(Organization, through="AgreementParty", related_name="agreements")
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    commitments = models.TextField(_("commitments"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization", "role"], name="agreement_party_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()}"


class Specialty(MultilingualNameModel):
    """A trade or sector a programme covers (fiber optics, beekeeping…)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["code"]


class DocumentType(MultilingualNameModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["code"]


class Programme(MultilingualNameModel, TimeStampedModel):
    """A self-employment programme: who runs it, who is eligible (rules held as data),
    what it offers."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    operator = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="operated_programmes", verbose_name=_("operator")
    )
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="programmes", verbose_name=_("agreements")
    )
    sponsors = models.ManyToManyField(
        Organization, blank=True, related_name="sponsored_programmes", verbose_name=_("sponsors")
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Eligibility rules, held as data and evaluated by the dossiers app.
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MinValueValidator(14), MaxValueValidator(99)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MinValueValidator(14), MaxValueValidator(99)]
    )
    provinces = models.ManyToManyField(
        "core.Province", blank=True, related_name="programmes", verbose_name=_("eligible provinces")
    )
    target_categories = models.ManyToManyField(
        "core.TargetCategory", blank=True, related_name="programmes", verbose_name=_("target categories")
    )
    min_education = models.CharField(
        _("minimum education"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    requires_unemployed = models.BooleanField(_("applicants must be unemployed"), default=False)
    excludes_prior_aid = models.BooleanField(_("no earlier aid of the same kind"), default=False)
    requires_sponsor_signoff = models.BooleanField(
        _("the sponsor signs off the study before committee"),
        default=False,
        help_text=_("A sponsor officer must sign off each dossier's study before it goes to committee."),
    )
    specialties = models.ManyToManyField(
        Specialty, blank=True, related_name="programmes", verbose_name=_("specialties")
    )
    benefits = models.JSONField(_("benefits"), default=list, blank=True)
    required_documents = models.ManyToManyField(
        DocumentType, blank=True, related_name="programmes", verbose_name=_("required documents")
    )
    min_members = models.PositiveSmallIntegerField(_("minimum holders"), default=1)
    max_members = models.PositiveSmallIntegerField(_("maximum holders"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(
        m2m_fields=[provinces, target_categories, specialties, required_documents, sponsors]
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_age__isnull=True)
                | models.Q(min_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="programme_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(max_members__gte=models.F("min_members")), name="programme_members_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.code

    def benefit_labels(self) -> list[str]:
        labels = dict(Benefit.choices)
        return [str(labels.get(code, code)) for code in self.benefits]

    def history_display(self, field_name: str, value) -> str | None:
        """Readable value of a field in the history (benefits are codes in a list)."""
        if field_name == "benefits" and isinstance(value, list):
            labels = dict(Benefit.choices)
            return ", ".join(str(labels.get(code, code)) for code in value) or "—"
        return None
