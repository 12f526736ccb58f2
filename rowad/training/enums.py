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


class MarkOutcome(models.TextChoices):
    """What became of one attendance mark sent by a device (the API's per-mark answer)."""

    RECORDED = "recorded", _("Recorded")
    ALREADY_RECORDED = "already_recorded", _("Already recorded")
    UPDATED = "updated", pgettext_lazy("attendance mark", "Updated")
    # An older mark (by the device's time) than the one already recorded: kept out.
    SUPERSEDED = "superseded", _("A later mark was already recorded")
    REFUSED = "refused", pgettext_lazy("attendance mark", "Refused")


class CertificateRunState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("certificate run", "Queued")
    RUNNING = "running", pgettext_lazy("certificate run", "Running")
    DONE = "done", pgettext_lazy("certificate run", "Done")
    FAILED = "failed", pgettext_lazy("certificate run", "Failed")


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them.
    Helpers add theirs here, in alphabetical order."""

    ALERT_ACKNOWLEDGED = "alert_acknowledged"
    ALREADY_IN_COHORT = "already_in_cohort"
    ALREADY_REVOKED = "already_revoked"
    BAD_CHECKLIST = "bad_checklist"
    BAD_MARK = "bad_mark"
    CAPACITY_BELOW_ENROLLED = "capacity_below_enrolled"
    CAPACITY_TOO_LOW = "capacity_too_low"
    CHECKIN_EXPIRED = "checkin_expired"
    CHECKIN_FORGED = "checkin_forged"
    CHECKLIST_NOT_PRACTICAL = "checklist_not_practical"
    CODE_TAKEN = "code_taken"
    COHORT_CLOSED = "cohort_closed"
    COHORT_NOT_ENDED = "cohort_not_ended"
    COHORT_OUTSIDE_PROGRAMME = "cohort_outside_programme"
    DATES_REVERSED = "dates_reversed"
    DOSSIER_CLOSED = "dossier_closed"
    DOSSIER_NOT_APPROVED = "dossier_not_approved"
    DURATION_TOO_SHORT = "duration_too_short"
    FUTURE_DAY = "future_day"
    HALF_DAY_NOT_IN_TIMETABLE = "half_day_not_in_timetable"
    HOURS_INCOMPLETE = "hours_incomplete"
    HOURS_REVERSED = "hours_reversed"
    HOURS_TOO_FEW = "hours_too_few"
    MARK_LOCKED_BY_RESIT = "mark_locked_by_resit"
    MARK_OUT_OF_RANGE = "mark_out_of_range"
    MODULE_HAS_ASSESSMENTS = "module_has_assessments"
    MODULE_HOURS_EXCEED_COURSE = "module_hours_exceed_course"
    MODULE_NOT_ASSESSED = "module_not_assessed"
    MODULE_NOT_IN_COURSE = "module_not_in_course"
    MODULE_ORDER_INVALID = "module_order_invalid"
    NOTHING_TO_CERTIFY = "nothing_to_certify"
    NOT_ALLOWED = "not_allowed"
    NOT_A_COHORT_DAY = "not_a_cohort_day"
    NOT_ELIGIBLE = "not_eligible"
    NOT_ENROLLED = "not_enrolled"
    NOT_PASSED = "not_passed"
    NOT_THEIR_COHORT = "not_their_cohort"
    NOT_WITHDRAWABLE = "not_withdrawable"
    NO_FIRST_MARK = "no_first_mark"
    NO_WEEKDAY = "no_weekday"
    OUT_OF_SCOPE = "out_of_scope"
    REASON_REQUIRED = "reason_required"
    RESIT_LIMIT = "resit_limit"
    RESIT_NOT_NEEDED = "resit_not_needed"
    SPECIALTY_NOT_IN_PROGRAMME = "specialty_not_in_programme"
    STALE_EDIT = "stale_edit"
    TITLE_REQUIRED = "title_required"
    TRAINER_BUSY = "trainer_busy"
    TRAINER_NOT_OF_PROVIDER = "trainer_not_of_provider"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    WITHDRAWAL_REASON_MISSING = "withdrawal_reason_missing"
