"""Attendance figures: the half-days a cohort held and a trainee's attendance rate.

MINIMAL VERSION written by the assessments work (the passing rule needs the rate); the
attendance work owns this module and its version replaces this one at the merge. The
interface is the agreed one: `held_half_days(cohort, *, until=None)` and
`attendance_rate(enrolment, *, until=None) -> Decimal | None`.

A held half-day is a day from the cohort's start to the earlier of `until` (today when
not given) and its end, on one of its weekdays (ISO, 1 = Monday), times each half-day of
its timetable. The rate is the share of held half-days the trainee attended (present or
late), as a percentage rounded DOWN to two decimals: a rounding never lifts a trainee over
the course's minimum.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils import timezone

from .enums import ATTENDED


def held_half_days(cohort: Any, *, until: datetime.date | None = None) -> list[tuple[datetime.date, str]]:
    """(day, half-day) pairs the cohort held up to `until` (today), in order."""
    last = min(until or timezone.localdate(), cohort.ends_on)
    weekdays = {int(day) for day in cohort.weekdays or ()}
    slots = [str(half) for half in cohort.half_days]
    held: list[tuple[datetime.date, str]] = []
    day = cohort.starts_on
    while day <= last:
        if day.isoweekday() in weekdays:
            held.extend((day, half) for half in slots)
        day += datetime.timedelta(days=1)
    return held


def attendance_rate(enrolment: Any, *, until: datetime.date | None = None) -> Decimal | None:
    """Percentage (0–100) of the cohort's held half-days the trainee attended; None when
    the cohort has held none yet."""
    held = held_half_days(enrolment.cohort, until=until)
    if not held:
        return None
    slots = set(held)
    attended = sum(
        1
        for day, half in enrolment.marks.filter(
            status__in=ATTENDED, day__gte=held[0][0], day__lte=held[-1][0]
        ).values_list("day", "half_day")
        if (day, half) in slots
    )
    return (Decimal(attended) * 100 / Decimal(len(held))).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
