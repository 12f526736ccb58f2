"""Project holders (the people registry), their consents and name search keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.enums import CountryCode, EducationLevel, EmploymentStatus, Sex
from rowad.core.models import TimeStampedModel


class Person(TimeStampedModel):
    given_name_ar = models.CharField(_("given name (Arabic)"), max_length=120, blank=True)
    family_name_ar = models.CharField(_("family name (Arabic)"), max_length=120, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=120, blank=True)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=CountryCode.choices)
    national_id = models.CharField(_("national ID"), max_length=20, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    phone_alt = models.CharField(_("other phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    province = models.ForeignKey(
        "core.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    diploma = models.CharField(_("diploma or specialty"), max_length=200, blank=True)
    employment_status = models.CharField(
        _("employment status"), max_length=20, choices=EmploymentStatus.choices, blank=True
    )
    target_categories = models.ManyToManyField(
        "core.TargetCategory", blank=True, related_name="people", verbose_name=_("target categories")
    )
    first_met = models.CharField(_("where first met"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_people",
        verbose_name=_("registered by organization"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    preferred_language = models.CharField(_("preferred language"), max_length=5, default="ar")
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_people", editable=False
    )
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    # Denormalized for sorting and plain search; maintained by services.
    sort_name = models.CharField(max_length=250, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[target_categories])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "national_id"],
                condition=~models.Q(national_id=""),
                name="person_unique_national_id",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "-id"], name="person_province_idx"),
            models.Index(fields=["sort_name"], name="person_sort_name_idx"),
            models.Index(fields=["national_id"], name="person_national_id_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def name_ar(self) -> str:
        return " ".join(p for p in (self.given_name_ar, self.family_name_ar) if p)

    @property
    def name_latin(self) -> str:
        return " ".join(p for p in (self.given_name_latin, self.family_name_latin) if p)

    @property
    def display_name(self) -> str:
        from django.utils import translation

        if (translation.get_language() or "ar").startswith("ar"):
            return self.name_ar or self.name_latin or f"#{self.pk}"
        return self.name_latin or self.name_ar or f"#{self.pk}"

    @property
    def other_script_name(self) -> str:
        both = (self.name_ar, self.name_latin)
        return both[1] if self.display_name == both[0] else both[0]


class PersonNameKey(models.Model):
    """Script-independent keys of a person's names (see rowad.core.text), one row each,
    so cross-script prefix search is an index range scan on SQLite and PostgreSQL."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "person"], name="person_name_key_unique")]


class ConsentRecord(models.Model):
    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Registration and follow-up by the programme")
        CONTACT = "contact", _("Contact by SMS, phone or email")
        SHARING = "sharing", _("Sharing with partner organizations")
        PHOTOS = "photos", _("Photos and testimonies")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("given"), default=True)
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("how"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_on", "-id"]
