"""The trainer's home (issue 16): the cohorts they teach, today's roll calls not yet taken,
the marks still to enter. Each reads `cohorts_taught_by` (the cohorts the roll call and
marks pages open to them) and the timetable's one definition (`attendance.is_cohort_day`),
in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rowad.accounts.enums import Role
from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first, provide_queue

from .attendance import is_cohort_day
from .enums import CohortState, EnrolmentStatus
from .models import Assessment, AttendanceMark, Cohort, CourseModule
from .queries import cohorts_taught_by

# "Running and next": the cohorts a trainer prepares or teaches.
CURRENT_STATES = (CohortState.OPEN, CohortState.RUNNING)


def _label(cohort: Cohort) -> str:
    return f"{cohort.reference} — {cohort.course}"


def _detail(cohort: Cohort) -> str:
    dates = f"{date_format(cohort.starts_on)} – {date_format(cohort.ends_on)}"
    return f"{cohort.get_state_display()} · {dates} · {cohort.province}"


def my_cohorts(context: QueueContext) -> WorkQueue:
    cohorts = list(
        cohorts_taught_by(context.user).filter(state__in=CURRENT_STATES).order_by("starts_on", "pk")
    )
    items = [
        QueueItem(_label(c), reverse("training:cohort_detail", args=[c.pk]), detail=_detail(c))
        for c in cohorts
    ]
    return WorkQueue(
        key="training.my_cohorts",
        title=_("My cohorts, running and next"),
        count=len(items),
        # In the order of their start (the dates are in each line; "waiting since" would
        # read wrong for a cohort not started yet).
        items=items[:HOME_ITEMS],
        more_url=reverse("training:my_cohorts"),
        action=_("Open"),
        empty=_("No cohort running or planned with you."),
        order=20,
    )


def roll_calls_today(context: QueueContext) -> WorkQueue:
    """Running cohorts that meet today and whose roll call has no mark for today yet."""
    today = context.today
    marked = AttendanceMark.objects.filter(enrolment__cohort=OuterRef("pk"), day=today)
    cohorts = (
        cohorts_taught_by(context.user)
        .filter(state=CohortState.RUNNING, starts_on__lte=today, ends_on__gte=today)
        .annotate(marked_today=Exists(marked))
        .filter(marked_today=False)
        .order_by("starts_on", "pk")
    )
    waiting = [c for c in cohorts if is_cohort_day(c, today)]
    items = [
        QueueItem(
            _label(c),
            reverse("training:roll_call", args=[c.pk]),
            detail=f"{c.province} · {c.venue}",
        )
        for c in waiting
    ]
    return WorkQueue(
        key="training.roll_call_today",
        title=_("Today's roll call"),
        count=len(items),
        items=items[:HOME_ITEMS],
        action=_("Take the roll call"),
        empty=_("No roll call waits today."),
        order=10,
    )


def marks_to_enter(context: QueueContext) -> WorkQueue:
    """Running or finished-but-open cohorts where a trainee still lacks a mark in an
    assessed module (each trainee enrolled × each assessed module of the course)."""
    cohorts = list(
        cohorts_taught_by(context.user)
        .filter(state=CohortState.RUNNING, starts_on__lte=context.today)
        .annotate(trainees=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)))
        .order_by("ends_on", "pk")
    )
    course_ids = {c.course_id for c in cohorts}
    modules = dict(
        CourseModule.objects.filter(course_id__in=course_ids, is_assessed=True)
        .order_by()
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
    )
    entered = dict(
        Assessment.objects.filter(
            enrolment__cohort__in=[c.pk for c in cohorts],
            enrolment__status=EnrolmentStatus.ENROLLED,
            module__is_assessed=True,
            attempt=1,  # a resit is a later attempt of a mark already entered
        )
        .order_by()
        .values("enrolment__cohort_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment__cohort_id", "n")
    )
    items = []
    for cohort in cohorts:
        missing = cohort.trainees * modules.get(cohort.course_id, 0) - entered.get(cohort.pk, 0)
        if missing > 0:
            items.append(
                QueueItem(
                    _label(cohort),
                    reverse("training:marks", args=[cohort.pk]),
                    detail=ngettext("%(count)s mark to enter", "%(count)s marks to enter", missing)
                    % {"count": missing},
                    late=cohort.ends_on < context.today,
                )
            )
    return WorkQueue(
        key="training.marks_to_enter",
        title=_("Assessments to grade"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        action=_("Enter the marks"),
        empty=_("Every mark is entered."),
        order=30,
    )


def register() -> None:
    for provider in (roll_calls_today, my_cohorts, marks_to_enter):
        provide_queue(Role.TRAINER, provider)
