"""Cohorts: the sessions of a course on the ground, and the one funnel for their state.

The timetable is checked like a caravan's itinerary (`outreach.services.itinerary`):
dates ordered and inside the programme's period, at least one day of the week, hours in
order, trainers of the course's provider, no trainer in two cohorts at once, a capacity
that holds the trainees already enrolled. Writes lock the course row, so two concurrent
writes cannot both pass the trainer check or take the same reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.core.errors import DomainError

from ..enums import CohortState, EnrolmentStatus, ErrorCode
from ..models import Cohort, Course
from ..queries import MANAGERS, courses_visible_to, trainers_of

# The one table of cohort states: from -> the states it may go to.
TRANSITIONS: dict[str, frozenset[str]] = {
    CohortState.OPEN: frozenset({CohortState.RUNNING, CohortState.CANCELLED}),
    CohortState.RUNNING: frozenset({CohortState.COMPLETED, CohortState.CANCELLED}),
    CohortState.COMPLETED: frozenset(),
    CohortState.CANCELLED: frozenset(),
}
# States whose timetable still holds its trainers (a cancelled cohort frees them).
BUSY_STATES = (CohortState.OPEN, CohortState.RUNNING, CohortState.COMPLETED)
COHORT_FIELDS = (
    "province",
    "venue",
    "starts_on",
    "ends_on",
    "weekdays",
    "morning_starts_at",
    "morning_ends_at",
    "afternoon_starts_at",
    "afternoon_ends_at",
    "capacity",
)
REFERENCE_PREFIX_LENGTH = 20


def _error(message: str, code: ErrorCode, field: str | None = None, **kwargs: Any) -> DomainError:
    return DomainError(message, code=code, field=field, **kwargs)


def can_place(actor: Any, course: Course, province: Any) -> bool:
    """The actor may place (create, edit, move through its states) a cohort of this course
    in this province: the course is one they read, and either one agency-officer
    membership reaches the province or one managing membership is held in the course's
    provider."""
    scope = scope_for(actor)
    if scope.is_platform_admin:
        return True
    reaches = scope.reaches(Role.AGENCY_OFFICER, province_id=province.pk) or scope.reaches(
        *MANAGERS, organization_id=course.provider_id
    )
    return reaches and courses_visible_to(actor).filter(pk=course.pk).exists()


def _check_places(actor: Any, course: Course, province: Any) -> None:
    if not can_place(actor, course, province):
        raise _error(
            _(
                "None of your memberships allowed to manage training covers this province "
                "or this course's provider."
            ),
            ErrorCode.OUT_OF_SCOPE,
            "province",
            status_code=403,
        )


def validate_timetable(course: Course, data: dict[str, Any]) -> None:
    """Dates, days and hours of a cohort, before anyone else's cohort is looked at."""
    starts_on, ends_on = data["starts_on"], data["ends_on"]
    if ends_on < starts_on:
        raise _error(_("The end date is before the start date."), ErrorCode.DATES_REVERSED, "ends_on")
    programme = course.programme
    if (programme.starts_on and starts_on < programme.starts_on) or (
        programme.ends_on and ends_on > programme.ends_on
    ):
        raise _error(
            _("The cohort must fall within the programme's period (%(start)s – %(end)s).")
            % {
                "start": programme.starts_on.isoformat() if programme.starts_on else "…",
                "end": programme.ends_on.isoformat() if programme.ends_on else "…",
            },
            ErrorCode.COHORT_OUTSIDE_PROGRAMME,
            "starts_on",
        )
    weekdays = data.get("weekdays") or []
    if not weekdays or any(day not in range(1, 8) for day in weekdays):
        raise _error(_("Choose at least one day of the week."), ErrorCode.NO_WEEKDAY, "weekdays")
    _validate_hours(data)


def _validate_hours(data: dict[str, Any]) -> None:
    messages = {
        "morning": (
            _("Give both the start and the end of the morning."),
            _("The morning ends before it starts."),
        ),
        "afternoon": (
            _("Give both the start and the end of the afternoon."),
            _("The afternoon ends before it starts."),
        ),
    }
    for half, (incomplete, reversed_) in messages.items():
        start, end = data.get(f"{half}_starts_at"), data.get(f"{half}_ends_at")
        if (start is None) != (end is None):
            raise _error(incomplete, ErrorCode.HOURS_INCOMPLETE, f"{half}_ends_at")
        if start is not None and end <= start:
            raise _error(reversed_, ErrorCode.HOURS_REVERSED, f"{half}_ends_at")
    morning_end, afternoon_start = data.get("morning_ends_at"), data.get("afternoon_starts_at")
    if morning_end is not None and afternoon_start is not None and afternoon_start < morning_end:
        raise _error(
            _("The afternoon starts before the morning ends."),
            ErrorCode.HOURS_REVERSED,
            "afternoon_starts_at",
        )


def _check_trainers(
    course: Course, data: dict[str, Any], trainers: list[Any], exclude_pk: int | None
) -> None:
    """Every trainer holds an active trainer membership in the provider and teaches no
    other cohort on a shared day and half-day within the same dates."""
    allowed = set(trainers_of([course.provider_id]).values_list("pk", flat=True))
    for trainer in trainers:
        if trainer.pk not in allowed:
            raise _error(
                _("%(trainer)s is not a trainer of %(provider)s.")
                % {"trainer": _user_name(trainer), "provider": course.provider.name},
                ErrorCode.TRAINER_NOT_OF_PROVIDER,
                "trainers",
            )
    if not trainers:
        return
    slots = set(Cohort(**{f: data.get(f) for f in COHORT_FIELDS if f.endswith("_at")}).half_days)
    weekdays = set(data["weekdays"])
    others = (
        Cohort.objects.filter(
            trainers__in=trainers,
            state__in=BUSY_STATES,
            starts_on__lte=data["ends_on"],
            ends_on__gte=data["starts_on"],
        )
        .exclude(pk=exclude_pk)
        .prefetch_related("trainers")
        .distinct()
        .order_by("starts_on", "pk")
    )
    for other in others:
        if not weekdays & set(other.weekdays) or not slots & set(other.half_days):
            continue
        busy = next(t for t in trainers if t in other.trainers.all())
        raise _error(
            _(
                "%(trainer)s already teaches the cohort %(cohort)s (%(start)s – %(end)s) on the same days and hours."
            )
            % {
                "trainer": _user_name(busy),
                "cohort": other.reference,
                "start": other.starts_on.isoformat(),
                "end": other.ends_on.isoformat(),
            },
            ErrorCode.TRAINER_BUSY,
            "trainers",
        )


def _user_name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def _check_capacity(capacity: int, enrolled: int) -> None:
    if capacity < 1:
        raise _error(_("A cohort has at least one seat."), ErrorCode.CAPACITY_TOO_LOW, "capacity")
    if capacity < enrolled:
        raise _error(
            _("%(enrolled)s trainees are already enrolled: the capacity cannot be lower.")
            % {"enrolled": enrolled},
            ErrorCode.CAPACITY_BELOW_ENROLLED,
            "capacity",
        )


def _next_reference(course: Course, province: Any, year: int) -> str:
    """`<COURSE CODE>-<province code>-<year>-<nn>`, numbered per course, province and year
    (called with the course row locked)."""
    prefix = f"{course.code.upper()[:REFERENCE_PREFIX_LENGTH]}-{province.code}-{year}-"
    number = Cohort.objects.filter(reference__startswith=prefix).count() + 1
    while Cohort.objects.filter(reference=f"{prefix}{number:02d}").exists():
        number += 1
    return f"{prefix}{number:02d}"


def create_cohort(
    course: Course, *, data: dict[str, Any], trainers: Iterable[Any] = (), actor: Any
) -> Cohort:
    """`data` holds `COHORT_FIELDS` (province as an object, weekdays as ISO numbers)."""
    trainers = list(trainers)
    with transaction.atomic():
        locked = (
            Course.objects.select_for_update(of=("self",))
            .select_related("programme", "provider")
            .get(pk=course.pk)
        )
        _check_places(actor, locked, data["province"])
        validate_timetable(locked, data)
        _check_capacity(data["capacity"], 0)
        _check_trainers(locked, data, trainers, exclude_pk=None)
        cohort = Cohort(
            course=locked, created_by=acting_user(actor), **{f: data.get(f) for f in COHORT_FIELDS}
        )
        cohort.weekdays = sorted(set(cohort.weekdays))
        cohort.reference = _next_reference(locked, data["province"], data["starts_on"].year)
        cohort._history_user = acting_user(actor)
        cohort.save()
        cohort.trainers.set(trainers)
        record_action(
            "training.cohort.created",
            cohort,
            actor=actor,
            course=locked.pk,
            province=cohort.province_id,
            trainers=[t.pk for t in trainers],
        )
    return cohort


def enrolled_count(cohort: Cohort) -> int:
    return cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()


def update_cohort(
    cohort: Cohort,
    *,
    data: dict[str, Any],
    actor: Any,
    trainers: Iterable[Any] | None = None,
    version: Any = None,
) -> Cohort:
    """Edit a cohort that is open or running; its course does not change."""
    with transaction.atomic():
        course = (
            Course.objects.select_for_update(of=("self",))
            .select_related("programme", "provider")
            .get(pk=cohort.course_id)
        )
        locked = Cohort.objects.select_for_update(of=("self",)).get(pk=cohort.pk)
        check_version(
            locked.version,
            version,
            _("Someone else changed this cohort while you were editing. Review their changes and try again."),
        )
        if locked.state not in (CohortState.OPEN, CohortState.RUNNING):
            raise _error(
                _("A completed or cancelled cohort cannot be changed."),
                ErrorCode.COHORT_CLOSED,
            )
        _check_places(actor, course, locked.province)
        merged = {f: data.get(f, getattr(locked, f)) for f in COHORT_FIELDS}
        merged["weekdays"] = sorted(set(merged["weekdays"] or []))
        new_trainers = list(trainers) if trainers is not None else list(locked.trainers.all())
        _check_places(actor, course, merged["province"])
        validate_timetable(course, merged)
        _check_capacity(merged["capacity"], enrolled_count(locked))
        _check_trainers(course, merged, new_trainers, exclude_pk=locked.pk)
        changed = [f for f in COHORT_FIELDS if getattr(locked, f) != merged[f]]
        trainers_changed = {t.pk for t in new_trainers} != set(locked.trainers.values_list("pk", flat=True))
        if changed or trainers_changed:
            for field in changed:
                setattr(locked, field, merged[field])
            locked.version += 1
            locked._history_user = acting_user(actor)
            locked.save()
            if trainers_changed:
                locked.trainers.set(new_trainers)
        if "capacity" in changed:
            # Seats freed by a larger capacity go to the waiting list, first in line first.
            from .enrolment import promote_waitlist

            promote_waitlist(locked, actor=actor)
        record_action(
            "training.cohort.updated",
            locked,
            actor=actor,
            fields=changed + (["trainers"] if trainers_changed else []),
        )
    return locked


def available_transitions(cohort: Cohort, *, today: date | None = None) -> list[str]:
    """The states the cohort may go to now (the page offers these)."""
    today = today or timezone.localdate()
    return [
        state
        for state in CohortState.values
        if state in TRANSITIONS[cohort.state]
        and not (state == CohortState.COMPLETED and today < cohort.ends_on)
    ]


def set_cohort_state(
    cohort: Cohort, new_state: str, *, actor: Any, note: str = "", version: Any = None
) -> Cohort:
    """The one funnel for a cohort's state: open → running → completed; open or running →
    cancelled. Completing needs the end date reached (the results are another area's)."""
    with transaction.atomic():
        locked = Cohort.objects.select_for_update(of=("self",)).select_related("course").get(pk=cohort.pk)
        check_version(
            locked.version,
            version,
            _(
                "Someone else changed this cohort while you were looking at it. Review the page and try again."
            ),
        )
        _check_places(actor, locked.course, locked.province)
        if new_state not in TRANSITIONS.get(locked.state, frozenset()):
            raise _error(
                _("A cohort cannot go from “%(current)s” to “%(target)s”.")
                % {
                    "current": locked.get_state_display(),
                    "target": CohortState(new_state).label if new_state in CohortState.values else new_state,
                },
                ErrorCode.TRANSITION_NOT_ALLOWED,
            )
        if new_state == CohortState.COMPLETED and timezone.localdate() < locked.ends_on:
            raise _error(
                _("The cohort ends on %(date)s: it cannot be completed before.")
                % {"date": locked.ends_on.isoformat()},
                ErrorCode.COHORT_NOT_ENDED,
            )
        previous = locked.state
        locked.state = new_state
        locked.version += 1
        locked._history_user = acting_user(actor)
        locked._change_reason = note[:100] if note else None
        locked.save()
        record_action(
            f"training.cohort.{new_state}",
            locked,
            actor=actor,
            previous=previous,
            note=note,
        )
    return locked
