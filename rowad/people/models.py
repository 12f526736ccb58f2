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
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    phone_alt = models.CharField(_("other phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    province = models.ForeignKey(
        "core.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        # person_province_idx (province, -id) serves every lookup by province.
        db_index=False,
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
    # History is read per person (by id) and by date. The indexes its copied foreign keys
    # and phone would carry serve no query and cost on every write: dropping them took the
    # history rows of a 100,000-row import from 2.7 s to 1.2 s on PostgreSQL.
    history = HistoricalRecords(
        m2m_fields=[target_categories],
        no_db_index=["phone", "organization", "province", "user", "merged_into"],
    )

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
            # Phones are matched whole (portal log-in, duplicates) or by their last digits,
            # never by prefix: a plain index, without the LIKE-prefix twin db_index adds.
            models.Index(fields=["phone"], name="person_phone_idx"),
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


class ConsentSource(models.TextChoices):
    """Where a consent was collected (the collection channel)."""

    STOP = "stop", _("Outreach stop or field app")
    PORTAL = "portal", _("Holder portal")
    DESK = "desk", _("Agency desk")
    IMPORT = "import", _("Import of a file")
    PHONE = "phone", _("Phone call")


class ConsentRecord(models.Model):
    """One consent given or withdrawn, never edited: a withdrawal is a new record with
    given=False, the newest record that applies decides (people.queries)."""

    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Registration and follow-up by the programme")
        CONTACT = "contact", _("Contact by SMS, phone or email")
        SHARING = "sharing", _("Sharing with partner organizations")
        PHOTOS = "photos", _("Photos and testimonies")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("given"), default=True)
    # For the contact purpose: the channel this record is about ("sms", "email"); empty
    # means every channel. The newest record that applies to a channel decides.
    channel = models.CharField(_("channel"), max_length=10, blank=True, default="", db_default="")
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("how"), max_length=100, blank=True)
    # The version of the notice shown to the person (people.notices), where it was
    # collected, and for sharing the one partner organization it is about (empty: every
    # partner — a consent to share with A is not one for B, a withdrawal without a
    # partner withdraws them all).
    notice_version = models.CharField(
        _("notice version"), max_length=20, blank=True, default="", db_default=""
    )
    source = models.CharField(
        _("collected through"),
        max_length=10,
        choices=ConsentSource.choices,
        blank=True,
        default="",
        db_default="",
    )
    partner = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organization"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_on", "-id"]
        indexes = [
            models.Index(fields=["person", "purpose", "-recorded_on", "-id"], name="consent_latest_idx")
        ]


class DuplicateCandidate(models.Model):
    """A pair of people the matching engine thinks may be the same person, waiting for a
    reviewer (or decided). person_a always has the smaller id; one row per pair, so a
    pair marked "not the same person" is remembered and never proposed again."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        AUTO_MERGED = "auto_merged", _("Merged automatically")
        DISTINCT = "distinct", _("Not the same person")
        OBSOLETE = "obsolete", _("No longer relevant")

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"), help_text="Match weight in bits (Fellegi–Sunter).")
    probability = models.FloatField(_("probability"))
    explanation = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="duplicate_status_score_idx")]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.1f})"


class PersonMerge(models.Model):
    """One merge: `merged` was folded into `survivor`. `moves` lists every row re-pointed
    (model, field, primary keys) and `filled` the survivor fields filled from the merged
    person, so the merge can be undone exactly."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    candidate = models.ForeignKey(
        DuplicateCandidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="merges"
    )
    automatic = models.BooleanField(_("automatic"), default=False)
    moves = models.JSONField(default=list, blank=True)
    filled = models.JSONField(default=dict, blank=True)
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.survivor_id}"


class DuplicateRun(models.Model):
    """One pass of the engine over the registry (full or incremental)."""

    class Kind(models.TextChoices):
        FULL = "full", _("Whole registry")
        INCREMENTAL = "incremental", _("New records")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FULL)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    people = models.PositiveIntegerField(default=0)
    new_people = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    auto_merged = models.PositiveIntegerField(default=0)
    max_person_id = models.PositiveBigIntegerField(default=0)
    seconds = models.FloatField(default=0)
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"


class PersonErasure(models.Model):
    """The record of one erasure: what was deleted or anonymised, and what was kept (with
    the reason) — the proof the agency keeps that it did what was asked."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="erasures")
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    done = models.JSONField(_("erased"), default=list, blank=True)
    kept = models.JSONField(_("kept"), default=list, blank=True)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-erased_at", "-id"]
