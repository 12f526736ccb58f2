"""What in the training app refers to a person: enrolments, attendance, absence alerts,
assessments and certificates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import DELETE, KEEP, Declaration, register

CERTIFIED = _(
    "A certificate once issued may be checked by anyone holding it (an employer, the "
    "sponsor): its record is kept so that the verification answers truthfully, and the "
    "training given with public money stays accountable."
)

register(
    Declaration(
        "training.Enrolment",
        KEEP,
        person="person",
        export=("cohort", "status", "source", "enrolled_at", "result", "result_at"),
        reason=CERTIFIED,
    ),
    Declaration(
        "training.AttendanceMark",
        KEEP,
        person="enrolment__person",
        export=("day", "half_day", "status", "reason", "arrived_at"),
        reason=CERTIFIED,
    ),
    Declaration(
        "training.AbsenceAlert",
        DELETE,
        person="enrolment__person",
        export=("since_day", "absences"),
    ),
    Declaration(
        "training.Assessment",
        KEEP,
        person="enrolment__person",
        export=("module", "attempt", "mark", "checklist", "comment", "assessed_on"),
        reason=CERTIFIED,
    ),
    Declaration(
        "training.Certificate",
        KEEP,
        person="enrolment__person",
        export=(
            "number",
            "course_name_ar",
            "course_name_fr",
            "starts_on",
            "ends_on",
            "issued_at",
            "revoked_at",
        ),
        reason=CERTIFIED,
    ),
)
