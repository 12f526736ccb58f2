"""Training: course → cohort → enrolment → attendance → assessment → result → certificate.

A course belongs to a programme and is given by a provider organization (a training
body, or the sponsor training with its own staff). A cohort is one session of a course
in a province. An enrolment ties a person to a cohort (or to its waiting list); its
result is computed from the course's passing rule over attendance and assessments, and
a passed enrolment may receive one certificate.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.enums import EducationLevel
from rowad.core.models import MultilingualNameModel, TimeStampedModel
from rowad.core.storage import PrivateStorage

from .enums import (
    AbsenceReason,
    AttendanceMethod,
    AttendanceStatus,
    CertificateRunState,
    CohortState,
    EnrolmentSource,
    EnrolmentStatus,
    HalfDay,
    ModuleKind,
    TrainingResult,
)

# Marks are out of 20, as in the schools and training centres of both countries.
MARK_SCALE = 20
# No 0/O/1/I: a certificate number is read aloud and typed from paper.
CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_number() -> str:
    """`RWD-XXXX-XXXX-XXXX`: 60 random bits, not guessable nor sequential."""
    chars = "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(12))
    return f"RWD-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def _certificate_path(certificate: Certificate, filename: str) -> str:
    return f"training/certificates/{certificate.number}.pdf"


class Course(MultilingualNameModel, TimeStampedModel):
    """A course of a programme's catalogue, with its passing rule and its prerequisites
    held as data (evaluated by `training.eligibility`)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    programme = models.ForeignKey(
        "partners.Programme", on_delete=models.PROTECT, related_name="courses", verbose_name=_("programme")
    )
    specialty = models.ForeignKey(
        "partners.Specialty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("specialty"),
        help_text=_("Empty for a course that certifies no trade (running a company, pre-creation workshop)."),
    )
    provider = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        related_name="courses_provided",
        verbose_name=_("provider"),
    )
    description = models.TextField(_("description"), blank=True)
    duration_days = models.PositiveSmallIntegerField(_("duration in days"), validators=[MinValueValidator(1)])
    duration_hours = models.PositiveSmallIntegerField(
        _("duration in hours"), validators=[MinValueValidator(1)]
    )
    # Prerequisites (each one a rule of training.eligibility).
    requires_approved_dossier = models.BooleanField(
        _("requires an approved dossier in the specialty"), default=False
    )
    min_education = models.CharField(
        _("minimum education"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    # Passing rule.
    min_attendance_rate = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    min_mark = models.DecimalField(
        _("minimum mark per assessed module (out of 20)"),
        max_digits=4,
        decimal_places=2,
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(MARK_SCALE)],
    )
    absence_alert_after = models.PositiveSmallIntegerField(
        _("alert after consecutive absences (half-days)"), default=4, validators=[MinValueValidator(1)]
    )
    certificate_text_ar = models.TextField(_("certificate wording (Arabic)"), blank=True)
    certificate_text_fr = models.TextField(_("certificate wording (French)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["programme", "code"]

    def __str__(self) -> str:
        return self.name or self.code


class CourseModule(TimeStampedModel):
    """A module of a course; an assessed module needs a mark of at least the course's
    minimum (or its own, when set); a practical module may carry an evaluation checklist."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=12, choices=ModuleKind.choices, default=ModuleKind.THEORY)
    is_assessed = models.BooleanField(_("assessed"), default=True)
    min_mark = models.DecimalField(
        _("minimum mark (out of 20)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MARK_SCALE)],
        help_text=_("Empty: the course's minimum mark."),
    )
    # The practical evaluation's items: [{"ar": "...", "fr": "..."}, ...]
    checklist = models.JSONField(_("evaluation checklist"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        language = (translation.get_language() or "ar")[:2]
        if language == "ar":
            return self.title_ar or self.title_fr
        return self.title_fr or self.title_ar

    @property
    def pass_mark(self):
        return self.min_mark if self.min_mark is not None else self.course.min_mark


class Cohort(TimeStampedModel):
    """One session of a course, in a province, on a timetable, with its trainers."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("course")
    )
    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="training_cohorts", verbose_name=_("province")
    )
    venue = models.CharField(_("venue"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # ISO weekdays the cohort meets (1 = Monday … 7 = Sunday).
    weekdays = models.JSONField(_("days of the week"), default=list)
    morning_starts_at = models.TimeField(_("morning starts"), null=True, blank=True)
    morning_ends_at = models.TimeField(_("morning ends"), null=True, blank=True)
    afternoon_starts_at = models.TimeField(_("afternoon starts"), null=True, blank=True)
    afternoon_ends_at = models.TimeField(_("afternoon ends"), null=True, blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="training_cohorts", verbose_name=_("trainers")
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    state = models.CharField(_("state"), max_length=12, choices=CohortState.choices, default=CohortState.OPEN)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[trainers])

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def half_days(self) -> list[str]:
        """The half-days the timetable holds (both when no hours are set)."""
        slots = []
        if self.morning_starts_at or not self.afternoon_starts_at:
            slots.append(HalfDay.MORNING)
        if self.afternoon_starts_at or not self.morning_starts_at:
            slots.append(HalfDay.AFTERNOON)
        return slots


class Enrolment(TimeStampedModel):
    """A person in a cohort (or on its waiting list), with the result the passing rule
    gave. One per person and cohort."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohort")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("trainee")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    source = models.CharField(_("source"), max_length=12, choices=EnrolmentSource.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("dossier"),
    )
    registration = models.ForeignKey(
        "outreach.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("registration"),
    )
    # Eligibility as evaluated at enrolment: [{"rule", "outcome", "reason", "params"}, ...]
    eligibility = models.JSONField(_("eligibility"), default=list, blank=True, editable=False)
    # Order on the waiting list: the time the person joined it.
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # The enrolling form's submission id: the same form sent twice enrols once.
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    result = models.CharField(
        _("result"), max_length=10, choices=TrainingResult.choices, default=TrainingResult.PENDING
    )
    # Why the result is what it is: [{"rule", "outcome", "reason", "params"}, ...]
    result_reasons = models.JSONField(_("result reasons"), default=list, blank=True, editable=False)
    result_at = models.DateTimeField(_("result given"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["version", "eligibility", "result_reasons"])

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["cohort", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="enrolment_one_per_cohort"),
        ]
        indexes = [models.Index(fields=["cohort", "status", "waitlisted_at"], name="enrolment_queue_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.cohort}"


class AttendanceMark(TimeStampedModel):
    """One trainee's attendance for one half-day. A device's mark carries its client UUID:
    the same mark sent again is recorded once."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="marks")
    day = models.DateField(_("day"))
    half_day = models.CharField(_("half-day"), max_length=2, choices=HalfDay.choices)
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("absence reason"), max_length=12, choices=AbsenceReason.choices, blank=True)
    arrived_at = models.TimeField(_("arrived at"), null=True, blank=True)
    method = models.CharField(
        _("method"), max_length=10, choices=AttendanceMethod.choices, default=AttendanceMethod.ROLL_CALL
    )
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # When the trainer took the mark on the device (may be long before it synced).
    taken_at = models.DateTimeField(_("taken at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        ordering = ["enrolment", "day", "half_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "day", "half_day"], name="attendance_one_per_half_day"
            ),
        ]


class AbsenceAlert(TimeStampedModel):
    """Raised when a trainee reaches the course's number of consecutive absences; the
    agency officer acknowledges it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="absence_alerts")
    since_day = models.DateField(_("absent since"))
    absences = models.PositiveSmallIntegerField(_("consecutive absences"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("absence alert")
        verbose_name_plural = _("absence alerts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "since_day"], name="absence_alert_once_per_run"),
        ]


class Assessment(TimeStampedModel):
    """A trainee's mark in one module at one attempt (2 and more: resits); a practical
    module's checklist records which items were met."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    module = models.ForeignKey(CourseModule, on_delete=models.PROTECT, related_name="assessments")
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1, validators=[MinValueValidator(1)])
    mark = models.DecimalField(
        _("mark (out of 20)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MARK_SCALE)],
    )
    # Indexes of the module's checklist items that were met.
    checklist = models.JSONField(_("checklist items met"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["enrolment", "module", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "module", "attempt"], name="assessment_one_per_attempt"
            ),
        ]


class Certificate(models.Model):
    """The certificate of a passed enrolment. It states what it certifies as it was on
    the day it was issued (the verification page shows exactly that); the PDF and the
    signed credential are built from these fields."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(
        _("number"), max_length=20, unique=True, default=new_certificate_number, editable=False
    )
    holder_name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    holder_name_latin = models.CharField(_("name (Latin)"), max_length=300, blank=True)
    course_name_ar = models.CharField(_("course (Arabic)"), max_length=200, blank=True)
    course_name_fr = models.CharField(_("course (French)"), max_length=200, blank=True)
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    provider_name_ar = models.CharField(_("provider (Arabic)"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    hours = models.PositiveSmallIntegerField(_("hours"))
    result = models.CharField(_("result"), max_length=10, choices=TrainingResult.choices)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(
        _("PDF"), upload_to=_certificate_path, storage=PrivateStorage(), max_length=200, blank=True
    )
    # The signed Open Badges 3.0 / W3C verifiable credential, as issued.
    credential = models.JSONField(_("signed credential"), default=dict, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    history = HistoricalRecords(excluded_fields=["credential"])

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "id"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateRun(TimeStampedModel):
    """Issuing a cohort's certificates in the background, with its progress."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="certificate_runs")
    state = models.CharField(
        _("state"), max_length=10, choices=CertificateRunState.choices, default=CertificateRunState.QUEUED
    )
    total = models.PositiveIntegerField(_("to issue"), default=0)
    done = models.PositiveIntegerField(_("issued"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The site's address when the run was asked for: the verification links it prints.
    base_url = models.CharField(_("site address"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate run")
        verbose_name_plural = _("certificate runs")
        ordering = ["-created_at"]
