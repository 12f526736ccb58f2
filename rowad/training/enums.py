"""States and kinds of the training app (no bare status strings in code)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ModuleKind(models.TextChoices):
    THEORY = "theory", _("Theory")
    PRACTICAL = "practical", _("Practical")


class CohortState(models.TextChoices):
    """A cohort is open for enrolment, then runs, then is completed (results known);
    it may be cancelled before it completes."""

    OPEN = "open", pgettext_lazy("cohort state", "Open for enrolment")
    RUNNING = "running", pgettext_lazy("cohort state", "Running")
    COMPLETED = "completed", pgettext_lazy("cohort state", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("cohort state", "Cancelled")


class EnrolmentStatus(models.TextChoices):
    WAITLISTED = "waitlisted", _("On the waiting list")
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment status", "Withdrawn")


class EnrolmentSource(models.TextChoices):
    """Where an enrolment came from (an approved dossier, a registration at a stop or an
    event, or a search in the registry)."""

    DOSSIER = "dossier", _("Approved dossier")
    REGISTRATION = "registration", _("Registration")
    REGISTRY = "registry", _("Registry search")


class TrainingResult(models.TextChoices):
    PENDING = "pending", pgettext_lazy("training result", "Pending")
    PASSED = "passed", pgettext_lazy("training result", "Passed")
    FAILED = "failed", pgettext_lazy("training result", "Failed")


class HalfDay(models.TextChoices):
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused absence")


# Statuses that count as attended in the attendance rate (a late arrival attended).
ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})


class AbsenceReason(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    FAMILY = "family", _("Family reasons")
    TRANSPORT = "transport", _("Transport")
    WORK = "work", _("Work")
    OTHER = "other", _("Other reason")


class AttendanceMethod(models.TextChoices):
    ROLL_CALL = "roll_call", _("Roll call")
    QR = "qr", _("QR check-in")


class CertificateRunState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("certificate run", "Queued")
    RUNNING = "running", pgettext_lazy("certificate run", "Running")
    DONE = "done", pgettext_lazy("certificate run", "Done")
    FAILED = "failed", pgettext_lazy("certificate run", "Failed")


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them.
    Helpers add theirs here, in alphabetical order."""

    ALREADY_REVOKED = "already_revoked"
    NOT_ALLOWED = "not_allowed"
    NOT_PASSED = "not_passed"
    NOTHING_TO_CERTIFY = "nothing_to_certify"
    OUT_OF_SCOPE = "out_of_scope"
    REASON_REQUIRED = "reason_required"
    STALE_EDIT = "stale_edit"
