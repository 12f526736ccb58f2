"""Attendance rate of a trainee: the half-days attended (present or late) over the
half-days the cohort has held so far."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .enums import ATTENDED


def held_half_days(cohort, *, until: datetime.date | None = None) -> int:
    """Half-days the cohort's timetable held from its start to `until` (today by
    default), never past its end."""
    last = min(until or timezone.localdate(), cohort.ends_on)
    if last < cohort.starts_on:
        return 0
    weekdays = {int(d) for d in cohort.weekdays or ()}
    days = sum(
        1
        for offset in range((last - cohort.starts_on).days + 1)
        if (cohort.starts_on + datetime.timedelta(days=offset)).isoweekday() in weekdays
    )
    return days * len(cohort.half_days)


def attendance_rate(enrolment, *, until: datetime.date | None = None) -> Decimal | None:
    """Percentage (one decimal) of the held half-days the trainee attended; None before
    the first held half-day."""
    cohort = enrolment.cohort
    held = held_half_days(cohort, until=until)
    if not held:
        return None
    last = min(until or timezone.localdate(), cohort.ends_on)
    attended = enrolment.marks.filter(
        status__in=list(ATTENDED), day__gte=cohort.starts_on, day__lte=last
    ).count()
    rate = Decimal(100 * attended) / Decimal(held)
    return min(rate, Decimal(100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
