"""The one definition of a cohort's timetable in half-days and of the attendance rate.

- A cohort day is a date inside the cohort's start and end dates on one of its
  timetable weekdays (every weekday when none is set).
- The half-days held are the cohort days up to `until` (default today, in the
  platform's time zone), each with the half-days of the timetable; today counts only
  the half-days that have started.
- The attendance rate of an enrolment is its attended half-days (present or late)
  over the half-days held, as a percentage with one decimal (a `Decimal` 0–100),
  `None` before the first half-day. The passing rule compares it with the course's
  `min_attendance_rate`; an excused absence is not attended.
- Consecutive absences (the alert): the trainee's last marked half-days, newest first,
  while they are ABSENT; an EXCUSED absence, a presence or a late arrival ends the run.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from .enums import ATTENDED, AttendanceStatus, HalfDay
from .models import AttendanceMark, Cohort, Enrolment

HALF_DAY_ORDER = {HalfDay.MORNING: 0, HalfDay.AFTERNOON: 1}
ONE_DECIMAL = Decimal("0.1")


def is_timetable_day(cohort: Cohort, day: datetime.date) -> bool:
    return not cohort.weekdays or day.isoweekday() in {int(d) for d in cohort.weekdays}


def is_cohort_day(cohort: Cohort, day: datetime.date) -> bool:
    """The day is inside the cohort's dates and on its timetable."""
    return cohort.starts_on <= day <= cohort.ends_on and is_timetable_day(cohort, day)


def half_day_starts_at(cohort: Cohort, half_day: str) -> datetime.time | None:
    return cohort.morning_starts_at if half_day == HalfDay.MORNING else cohort.afternoon_starts_at


def current_half_day(cohort: Cohort, now: datetime.datetime | None = None) -> str:
    """The half-day a roll call taken now is for: the afternoon once the morning has
    ended (or the afternoon has started), else the morning; one of the timetable's."""
    slots = cohort.half_days
    if len(slots) == 1:
        return slots[0]
    local = timezone.localtime(now) if now else timezone.localtime()
    boundary = cohort.morning_ends_at or cohort.afternoon_starts_at or datetime.time(12, 0)
    return HalfDay.AFTERNOON if local.time() >= boundary else HalfDay.MORNING


def held_half_days(cohort: Cohort, *, until: datetime.date | None = None) -> list[tuple[datetime.date, str]]:
    """The cohort's half-days held up to `until` (inclusive), oldest first. Without
    `until`: up to now, today counting only the half-days that have started."""
    now = timezone.localtime()
    today = now.date()
    last = min(cohort.ends_on, until or today)
    slots = cohort.half_days
    held: list[tuple[datetime.date, str]] = []
    day = cohort.starts_on
    while day <= last:
        if is_timetable_day(cohort, day):
            for slot in slots:
                start = half_day_starts_at(cohort, slot)
                if until is None and day == today and start is not None and now.time() < start:
                    continue
                held.append((day, slot))
        day += datetime.timedelta(days=1)
    return held


def rate(attended: int, held: int) -> Decimal | None:
    """Attended half-days over held half-days, in percent with one decimal."""
    if held <= 0:
        return None
    return (Decimal(100) * min(attended, held) / held).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _held_q(held: Sequence[tuple[datetime.date, str]], prefix: str = "") -> Q:
    """Marks on the held half-days: every held date, less today's half-days not started."""
    if not held:
        return Q(pk__in=[])
    days = sorted({day for day, _slot in held})
    condition = Q(**{f"{prefix}day__in": days})
    last = days[-1]
    missing = [slot for slot in HALF_DAY_ORDER if (last, slot) not in held]
    if missing:
        condition &= ~Q(**{f"{prefix}day": last, f"{prefix}half_day__in": missing})
    return condition


def attendance_rate(enrolment: Enrolment, *, until: datetime.date | None = None) -> Decimal | None:
    held = held_half_days(enrolment.cohort, until=until)
    attended = (
        AttendanceMark.objects.filter(enrolment=enrolment, status__in=ATTENDED).filter(_held_q(held)).count()
    )
    return rate(attended, len(held))


def attended_counts(
    cohort: Cohort,
    held: Sequence[tuple[datetime.date, str]],
    *,
    leave_out: tuple[datetime.date, str] | None = None,
) -> dict[int, int]:
    """Every enrolment of the cohort (any status) → its attended half-days among `held`
    (less `leave_out`, the half-day a roll call page is changing), in one query."""
    condition = Q(marks__status__in=ATTENDED) & _held_q(held, "marks__")
    if leave_out is not None:
        condition &= ~Q(marks__day=leave_out[0], marks__half_day=leave_out[1])
    rows = Enrolment.objects.filter(cohort=cohort).annotate(attended=Count("marks", filter=condition))
    return dict(rows.values_list("pk", "attended"))


def attendance_rates(cohort: Cohort, *, until: datetime.date | None = None) -> dict[int, Decimal | None]:
    """Every enrolment of the cohort (any status) → its attendance rate, in one query."""
    held = held_half_days(cohort, until=until)
    return {pk: rate(count, len(held)) for pk, count in attended_counts(cohort, held).items()}


def absence_run(marks: Iterable[Any]) -> tuple[int, datetime.date | None]:
    """`marks` newest first (objects or dicts with day, half_day, status): the number of
    consecutive ABSENT half-days they start with, and the day that run began."""
    count, since = 0, None
    for mark in marks:
        status = mark["status"] if isinstance(mark, dict) else mark.status
        if status != AttendanceStatus.ABSENT:
            break
        count += 1
        since = mark["day"] if isinstance(mark, dict) else mark.day
    return count, since


def newest_first(marks: Iterable[Any]) -> list[Any]:
    def key(mark: Any) -> tuple[datetime.date, int]:
        day = mark["day"] if isinstance(mark, dict) else mark.day
        half = mark["half_day"] if isinstance(mark, dict) else mark.half_day
        return day, HALF_DAY_ORDER.get(half, 0)

    return sorted(marks, key=key, reverse=True)
