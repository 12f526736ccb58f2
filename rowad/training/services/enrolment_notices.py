"""What a trainee is told about their enrolment (enrolled, waitlisted, promoted from the
waiting list, withdrawn), through the one messaging path: written in their language,
sent after commit if their contact consent for the channel still holds, one message per
enrolment, event and channel (the idempotency key)."""

from __future__ import annotations

from typing import Any

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from rowad.messaging import services as messaging
from rowad.messaging.enums import Channel
from rowad.messaging.queries import topic_of

from ..models import Enrolment

ENROLLED = "enrolled"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
WITHDRAWN = "withdrawn"


def timetable_text(cohort: Any) -> str:
    """ "Sunday, Monday … · 08:30–12:00, 13:30–16:30" in the active language."""
    days = ", ".join(str(WEEKDAYS[day - 1]) for day in sorted(cohort.weekdays or []) if 1 <= day <= 7)
    hours = []
    for start, end in (
        (cohort.morning_starts_at, cohort.morning_ends_at),
        (cohort.afternoon_starts_at, cohort.afternoon_ends_at),
    ):
        if start and end:
            hours.append(f"{start:%H:%M}–{end:%H:%M}")
    return " · ".join(part for part in (days, ", ".join(hours)) if part)


def _details(cohort: Any) -> str:
    return _(
        "Cohort %(reference)s, from %(start)s to %(end)s, at %(venue)s (%(province)s). Timetable: %(timetable)s."
    ) % {
        "reference": cohort.reference,
        "start": cohort.starts_on.isoformat(),
        "end": cohort.ends_on.isoformat(),
        "venue": cohort.venue,
        "province": str(cohort.province),
        "timetable": timetable_text(cohort) or "—",
    }


def _composer(enrolment: Enrolment, event: str, position: int | None):
    def compose(person: Any) -> tuple[str, str]:
        cohort = enrolment.cohort
        course = cohort.course.name
        if event == ENROLLED:
            subject = _("You are enrolled in the course %(course)s") % {"course": course}
            first = _("You are enrolled in the course %(course)s.") % {"course": course}
        elif event == WAITLISTED:
            subject = _("You are on the waiting list of the course %(course)s") % {"course": course}
            first = _(
                "The cohort is full: you are number %(position)s on the waiting list of the course "
                "%(course)s. We will tell you when a seat frees."
            ) % {"course": course, "position": position or 1}
        elif event == PROMOTED:
            subject = _("A seat freed: you are enrolled in the course %(course)s") % {"course": course}
            first = _("A seat freed in the course %(course)s: you are now enrolled.") % {"course": course}
        else:
            subject = _("Your enrolment in the course %(course)s is withdrawn") % {"course": course}
            first = _("Your enrolment in the course %(course)s is withdrawn.") % {"course": course}
        return subject, "\n".join((first, _details(cohort)))

    return compose


def tell_trainee(enrolment: Enrolment, event: str, *, actor: Any, position: int | None = None) -> list[int]:
    """Record the message of one enrolment event (inside the caller's transaction; the
    sending runs after commit). The key names the enrolment, its version and the event:
    the same event recorded again sends nothing more."""
    key = f"training.enrolment:{enrolment.pk}:{enrolment.version}:{event}"
    messages = messaging.notify(
        enrolment.person,
        channels=(Channel.EMAIL, Channel.SMS),
        kind=f"training.enrolment.{event}",
        compose=_composer(enrolment, event, position),
        idempotency_key=key,
        actor=actor,
        topic=topic_of(enrolment),
    )
    return [m.pk for m in messages if m.is_new]
