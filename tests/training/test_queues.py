"""The trainer's home (issue 16): their cohorts running and next, today's roll calls not
taken, the marks to enter — exact counts, oldest first, only their own cohorts, a fixed
number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.training import queues
from rowad.training.enums import AttendanceStatus, CohortState, HalfDay
from rowad.training.models import Assessment, AttendanceMark
from tests.factories import ProgrammeFactory
from tests.shell.partner_queue_helpers import labels, run
from tests.training.factories import CohortFactory, CourseFactory, CourseModuleFactory, EnrolmentFactory

pytestmark = pytest.mark.integration

EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]
TRAINER = Role.TRAINER


def _cohort(world, reference, *, starts, days=30, state=CohortState.RUNNING, trainer=None, course=None, **kw):
    today = timezone.localdate()
    course = course or CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency))
    starts_on = today + datetime.timedelta(days=starts)
    return CohortFactory(
        reference=reference,
        course=course,
        province=world.oran,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days),
        weekdays=kw.pop("weekdays", EVERY_DAY),
        state=state,
        trainers=[trainer or world.users[TRAINER]],
        **kw,
    )


@pytest.fixture
def cohorts(world):
    trainer = world.users[TRAINER]
    made = {
        "old": _cohort(world, "COH-OLD", starts=-20),
        "recent": _cohort(world, "COH-RECENT", starts=-3),
        "next": _cohort(world, "COH-NEXT", starts=10, state=CohortState.OPEN),
        "done": _cohort(world, "COH-DONE", starts=-90, days=20, state=CohortState.COMPLETED),
        "cancelled": _cohort(world, "COH-CANCELLED", starts=-5, state=CohortState.CANCELLED),
        # Not this trainer's: another trainer, and another organization's course.
        "other_trainer": _cohort(world, "COH-OTHER", starts=-4, trainer=world.users[Role.AGENCY_OFFICER]),
        "other_org": _cohort(world, "COH-FOREIGN", starts=-30, course=CourseFactory()),
    }
    assert trainer in made["other_org"].trainers.all()
    return made


def test_my_cohorts_lists_running_and_next_oldest_first(world, cohorts, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        queue = run(queues.my_cohorts, world.users[TRAINER], TRAINER)
    assert queue.count == 3
    assert [label.split(" — ")[0] for label in labels(queue)] == ["COH-OLD", "COH-RECENT", "COH-NEXT"]
    assert queue.items[0].url == f"/training/cohorts/{cohorts['old'].pk}/"


def test_roll_call_today_leaves_out_the_cohorts_already_marked_and_those_not_meeting(world, cohorts):
    today = timezone.localdate()
    # A cohort that does not meet today (its weekday is tomorrow's).
    _cohort(world, "COH-RESTDAY", starts=-2, weekdays=[(today + datetime.timedelta(days=1)).isoweekday()])
    marked = EnrolmentFactory(cohort=cohorts["recent"])
    AttendanceMark.objects.create(
        enrolment=marked,
        day=today,
        half_day=HalfDay.MORNING,
        status=AttendanceStatus.PRESENT,
        taken_at=timezone.now(),
    )
    queue = run(queues.roll_calls_today, world.users[TRAINER], TRAINER)
    assert queue.count == 1
    assert labels(queue)[0].startswith("COH-OLD")
    # One click from the roll call itself.
    assert queue.items[0].url == f"/training/cohorts/{cohorts['old'].pk}/roll-call/"


def test_roll_call_today_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n in range(6):
        _cohort(world, f"COH-Q{n}", starts=-n - 1)
    with django_assert_max_num_queries(5):
        queue = run(queues.roll_calls_today, world.users[TRAINER], TRAINER)
    assert queue.count == 6 and len(queue.items) == 5


def test_marks_to_enter_counts_cohorts_with_a_trainee_missing_a_mark(
    world, cohorts, django_assert_max_num_queries
):
    trainer = world.users[TRAINER]
    graded = cohorts["old"]
    missing = cohorts["recent"]
    for cohort in (graded, missing, cohorts["other_org"]):
        module = CourseModuleFactory(course=cohort.course, is_assessed=True)
        enrolment = EnrolmentFactory(cohort=cohort)
        if cohort is graded:
            Assessment.objects.create(
                enrolment=enrolment,
                module=module,
                mark=12,
                assessed_on=timezone.localdate(),
                assessed_by=trainer,
            )
    EnrolmentFactory(cohort=missing)
    with django_assert_max_num_queries(8):
        queue = run(queues.marks_to_enter, trainer, TRAINER)
    assert queue.count == 1
    assert labels(queue)[0].startswith("COH-RECENT")
    assert queue.items[0].url == f"/training/cohorts/{missing.pk}/marks/"
    assert queue.items[0].detail.startswith("2")


def test_the_home_page_shows_the_trainer_queues(client, world, cohorts):
    client.force_login(world.users[TRAINER])
    body = client.get("/").content.decode()
    for key in ("training.roll_call_today", "training.my_cohorts", "training.marks_to_enter"):
        assert f'data-queue="{key}"' in body
    assert "COH-FOREIGN" not in body and "COH-OTHER" not in body
