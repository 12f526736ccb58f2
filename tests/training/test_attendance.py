"""Attendance: the rate, exactly-once roll calls, the rules a mark must follow, QR
check-in, and the absence alert."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.core.errors import DomainError
from rowad.core.models import AuditEntry
from rowad.training import attendance as rates
from rowad.training.checkin import checkin_token, read_checkin_token
from rowad.training.enums import AttendanceMethod, AttendanceStatus, ErrorCode, HalfDay, MarkOutcome
from rowad.training.models import AbsenceAlert, AttendanceMark
from rowad.training.services.attendance import (
    AttendanceError,
    acknowledge_alert,
    check_in,
    record_marks,
)
from tests.factories import ProgrammeFactory
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.integration

EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]


@pytest.fixture
def setup(world):
    """An Oran cohort running since 10 days, every day, taught by the world's trainer,
    with three trainees."""
    cohort = running_cohort(world, since_days=10, trainees=3)
    return world, cohort, list(cohort.enrolments.order_by("pk"))


def running_cohort(world, *, since_days: int, trainees: int):
    """An Oran cohort of the Oran agency's programme, meeting every day since
    `since_days` and for 30 more days, taught by the world's trainer."""
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), absence_alert_after=3)
    today = timezone.localdate()
    cohort = CohortFactory(
        course=course,
        province=world.oran,
        starts_on=today - datetime.timedelta(days=since_days),
        ends_on=today + datetime.timedelta(days=30),
        weekdays=EVERY_DAY,
        trainers=[world.users[Role.TRAINER]],
    )
    for _ in range(trainees):
        EnrolmentFactory(cohort=cohort)
    return cohort


def mark(enrolment, day, half_day=HalfDay.MORNING, status=AttendanceStatus.PRESENT, taken_at=None, **extra):
    return {
        "client_uuid": str(uuid.uuid4()),
        "enrolment": enrolment.pk,
        "day": day,
        "half_day": half_day,
        "status": status,
        "reason": extra.pop("reason", ""),
        "arrived_at": extra.pop("arrived_at", None),
        "taken_at": taken_at or timezone.now(),
        **extra,
    }


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


# --- the rate (pure) ---------------------------------------------------------------------


@pytest.mark.unit
def test_rate_is_attended_over_held_in_percent():
    assert rates.rate(7, 8) == Decimal("87.5")
    assert rates.rate(2, 3) == Decimal("66.7")
    assert rates.rate(0, 0) is None


@pytest.mark.unit
def test_absence_run_counts_absences_until_another_status():
    marks = [
        {"day": datetime.date(2026, 12, 3), "half_day": "pm", "status": AttendanceStatus.ABSENT},
        {"day": datetime.date(2026, 12, 3), "half_day": "am", "status": AttendanceStatus.ABSENT},
        {"day": datetime.date(2026, 12, 2), "half_day": "pm", "status": AttendanceStatus.EXCUSED},
        {"day": datetime.date(2026, 12, 2), "half_day": "am", "status": AttendanceStatus.ABSENT},
    ]
    assert rates.absence_run(marks) == (2, datetime.date(2026, 12, 3))


def test_held_half_days_counts_timetable_days_until_a_date(setup):
    _world, cohort, _enrolments = setup
    cohort.weekdays = [7, 1, 2, 3, 4]
    held = rates.held_half_days(cohort, until=cohort.starts_on + datetime.timedelta(days=6))
    days = {day for day, _slot in held}
    assert len(days) == 5
    assert all(day.isoweekday() in cohort.weekdays for day in days)
    assert len(held) == 10


def test_attendance_rate_counts_present_and_late_not_excused(setup):
    world, cohort, (first, second, _third) = setup
    trainer = world.users[Role.TRAINER]
    until = days_ago(9)  # two days held: 4 half-days
    record_marks(
        cohort,
        [
            mark(first, days_ago(10), HalfDay.MORNING),
            mark(first, days_ago(10), HalfDay.AFTERNOON, AttendanceStatus.LATE, arrived_at=datetime.time(14)),
            mark(first, days_ago(9), HalfDay.MORNING, AttendanceStatus.EXCUSED, reason="illness"),
            mark(first, days_ago(9), HalfDay.AFTERNOON, AttendanceStatus.ABSENT),
            mark(second, days_ago(10), HalfDay.MORNING),
        ],
        actor=trainer,
    )
    assert rates.attendance_rate(first, until=until) == Decimal("50.0")
    all_rates = rates.attendance_rates(cohort, until=until)
    assert all_rates[first.pk] == Decimal("50.0")
    assert all_rates[second.pk] == Decimal("25.0")


def test_attendance_rates_reads_the_cohort_in_one_query(setup, django_assert_num_queries):
    _world, cohort, _enrolments = setup
    with django_assert_num_queries(1):
        rates.attendance_rates(cohort, until=days_ago(1))


# --- exactly once ------------------------------------------------------------------------


def test_record_marks_replayed_three_times_records_once(setup):
    world, cohort, enrolments = setup
    trainer = world.users[Role.TRAINER]
    batch = [mark(e, days_ago(1), HalfDay.MORNING) for e in enrolments]
    first = record_marks(cohort, batch, actor=trainer)
    replays = [record_marks(cohort, batch, actor=trainer) for _ in range(3)]
    assert [r.outcome for r in first] == [MarkOutcome.RECORDED] * 3
    assert all(r.outcome == MarkOutcome.ALREADY_RECORDED for replay in replays for r in replay)
    assert AttendanceMark.objects.filter(enrolment__cohort=cohort).count() == 3
    assert (
        AuditEntry.objects.filter(action="training.attendance.recorded", object_id=str(cohort.pk)).count()
        == 1
    )


def test_record_marks_later_taken_at_updates_the_one_row(setup):
    world, cohort, (enrolment, *_rest) = setup
    trainer = world.users[Role.TRAINER]
    earlier = timezone.now() - datetime.timedelta(hours=2)
    absent = mark(enrolment, days_ago(1), status=AttendanceStatus.ABSENT, taken_at=earlier)
    present = mark(enrolment, days_ago(1), taken_at=earlier + datetime.timedelta(minutes=30))
    record_marks(cohort, [absent], actor=trainer)
    (result,) = record_marks(cohort, [present], actor=trainer)
    assert result.outcome == MarkOutcome.UPDATED
    row = AttendanceMark.objects.get(enrolment=enrolment)
    assert row.status == AttendanceStatus.PRESENT
    assert list(row.history.order_by("history_date").values_list("status", flat=True)) == [
        AttendanceStatus.ABSENT,
        AttendanceStatus.PRESENT,
    ]
    # The first mark replayed afterwards: received already (in the history).
    (replayed,) = record_marks(cohort, [absent], actor=trainer)
    assert replayed.outcome == MarkOutcome.ALREADY_RECORDED
    assert AttendanceMark.objects.get(enrolment=enrolment).status == AttendanceStatus.PRESENT


def test_record_marks_earlier_taken_at_does_not_overwrite(setup):
    world, cohort, (enrolment, *_rest) = setup
    trainer = world.users[Role.TRAINER]
    now = timezone.now()
    later = mark(enrolment, days_ago(1), taken_at=now)
    older = mark(
        enrolment, days_ago(1), status=AttendanceStatus.ABSENT, taken_at=now - datetime.timedelta(hours=1)
    )
    record_marks(cohort, [later], actor=trainer)
    (result,) = record_marks(cohort, [older], actor=trainer)
    assert result.outcome == MarkOutcome.SUPERSEDED
    assert AttendanceMark.objects.filter(enrolment=enrolment).count() == 1
    assert AttendanceMark.objects.get(enrolment=enrolment).status == AttendanceStatus.PRESENT


# --- bad input ---------------------------------------------------------------------------


def _refused(cohort, actor, item) -> str:
    (result,) = record_marks(cohort, [item], actor=actor)
    assert result.outcome == MarkOutcome.REFUSED
    assert result.detail
    assert not AttendanceMark.objects.filter(client_uuid=item["client_uuid"]).exists()
    return result.code


def test_record_marks_refuses_a_day_outside_the_cohort(setup):
    world, cohort, (enrolment, *_rest) = setup
    code = _refused(
        cohort, world.users[Role.TRAINER], mark(enrolment, cohort.starts_on - datetime.timedelta(days=1))
    )
    assert code == ErrorCode.NOT_A_COHORT_DAY


def test_record_marks_refuses_a_day_off_the_timetable(setup):
    world, cohort, (enrolment, *_rest) = setup
    day = days_ago(2)
    cohort.weekdays = [d for d in EVERY_DAY if d != day.isoweekday()]
    cohort.save()
    assert _refused(cohort, world.users[Role.TRAINER], mark(enrolment, day)) == ErrorCode.NOT_A_COHORT_DAY


def test_record_marks_refuses_a_future_day(setup):
    world, cohort, (enrolment, *_rest) = setup
    code = _refused(
        cohort, world.users[Role.TRAINER], mark(enrolment, timezone.localdate() + datetime.timedelta(days=1))
    )
    assert code == ErrorCode.FUTURE_DAY


def test_record_marks_refuses_a_half_day_not_in_the_timetable(setup):
    world, cohort, (enrolment, *_rest) = setup
    cohort.afternoon_starts_at = cohort.afternoon_ends_at = None
    cohort.save()
    code = _refused(cohort, world.users[Role.TRAINER], mark(enrolment, days_ago(1), HalfDay.AFTERNOON))
    assert code == ErrorCode.HALF_DAY_NOT_IN_TIMETABLE


def test_record_marks_refuses_an_enrolment_of_another_cohort(setup):
    world, cohort, _enrolments = setup
    stranger = EnrolmentFactory(cohort=CohortFactory(course=cohort.course, province=world.oran))
    assert _refused(cohort, world.users[Role.TRAINER], mark(stranger, days_ago(1))) == ErrorCode.NOT_ENROLLED


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.FIELD_AGENT, Role.PROJECT_HOLDER, Role.MENTOR])
def test_record_marks_refuses_a_user_who_does_not_teach_the_cohort(setup, role):
    world, cohort, (enrolment, *_rest) = setup
    with pytest.raises(AttendanceError) as caught:
        record_marks(cohort, [mark(enrolment, days_ago(1))], actor=world.users[role])
    assert caught.value.code == ErrorCode.NOT_THEIR_COHORT
    assert not AttendanceMark.objects.exists()


def test_record_marks_refuses_a_trainer_of_another_cohort(setup):
    world, cohort, (enrolment, *_rest) = setup
    cohort.trainers.clear()
    other = CohortFactory(course=cohort.course, province=world.oran, trainers=[world.users[Role.TRAINER]])
    assert other.pk != cohort.pk
    with pytest.raises(AttendanceError) as caught:
        record_marks(cohort, [mark(enrolment, days_ago(1))], actor=world.users[Role.TRAINER])
    assert caught.value.code == ErrorCode.NOT_THEIR_COHORT


def test_record_marks_accepts_a_managing_officer_correcting(setup):
    world, cohort, (enrolment, *_rest) = setup
    (result,) = record_marks(cohort, [mark(enrolment, days_ago(1))], actor=world.users[Role.AGENCY_OFFICER])
    assert result.outcome == MarkOutcome.RECORDED


# --- QR check-in -------------------------------------------------------------------------


def test_checkin_token_reads_back_its_enrolment(setup):
    _world, _cohort, (enrolment, *_rest) = setup
    assert read_checkin_token(checkin_token(enrolment)) == enrolment.pk


def test_checkin_token_forged_or_altered_is_refused(setup):
    _world, _cohort, (enrolment, other, *_rest) = setup
    token = checkin_token(enrolment)
    cohort_id, _enrolment_id, signature = token.split("-")
    altered = f"{cohort_id}-{other.pk}-{signature}"
    mistyped = token[:-1] + ("A" if not token.endswith("A") else "B")
    forged = signing.dumps({"e": enrolment.pk, "c": enrolment.cohort_id}, salt="rowad.training.checkin")
    for bad in (altered, mistyped, forged, "", "hello"):
        with pytest.raises(DomainError) as caught:
            read_checkin_token(bad)
        assert caught.value.code == ErrorCode.CHECKIN_FORGED


def test_checkin_token_typed_in_lower_case_with_spaces_is_read(setup):
    _world, _cohort, (enrolment, *_rest) = setup
    typed = " ".join(checkin_token(enrolment).lower().split("-"))
    assert read_checkin_token(typed) == enrolment.pk


def test_checkin_token_expires_after_the_cohort(setup):
    _world, cohort, (enrolment, *_rest) = setup
    token = checkin_token(enrolment)
    cohort.starts_on = days_ago(40)
    cohort.ends_on = days_ago(5)
    cohort.save()
    with pytest.raises(DomainError) as caught:
        read_checkin_token(token)
    assert caught.value.code == ErrorCode.CHECKIN_EXPIRED


def test_check_in_twice_is_counted_once(setup):
    world, cohort, (enrolment, *_rest) = setup
    trainer = world.users[Role.TRAINER]
    now = timezone.localtime().replace(hour=8, minute=40)
    first = check_in(cohort, read_checkin_token(checkin_token(enrolment)), actor=trainer, now=now)
    second = check_in(cohort, enrolment.pk, actor=trainer, now=now + datetime.timedelta(minutes=3))
    assert first.outcome == MarkOutcome.RECORDED
    assert second.outcome == MarkOutcome.ALREADY_RECORDED
    row = AttendanceMark.objects.get(enrolment=enrolment)
    assert (row.status, row.method, row.half_day) == (
        AttendanceStatus.PRESENT,
        AttendanceMethod.QR,
        HalfDay.MORNING,
    )


def test_check_in_after_a_quarter_hour_is_late(setup):
    world, cohort, (enrolment, *_rest) = setup
    now = timezone.localtime().replace(hour=8, minute=50, second=0, microsecond=0)
    check_in(cohort, enrolment.pk, actor=world.users[Role.TRAINER], now=now)
    row = AttendanceMark.objects.get(enrolment=enrolment)
    assert (row.status, row.arrived_at) == (AttendanceStatus.LATE, datetime.time(8, 50))


# --- the absence alert -------------------------------------------------------------------


def test_absence_alert_after_n_absences_once_and_mailed(setup, django_capture_on_commit_callbacks):
    world, cohort, (enrolment, *_rest) = setup
    officer = world.users[Role.AGENCY_OFFICER]
    officer.email = "officer@example.org"
    officer.save()
    trainer = world.users[Role.TRAINER]
    absent = AttendanceStatus.ABSENT
    with django_capture_on_commit_callbacks(execute=True):
        record_marks(cohort, [mark(enrolment, days_ago(3), HalfDay.AFTERNOON)], actor=trainer)
        record_marks(
            cohort,
            [
                mark(enrolment, days_ago(2), HalfDay.MORNING, absent),
                mark(enrolment, days_ago(2), HalfDay.AFTERNOON, absent),
            ],
            actor=trainer,
        )
    assert not AbsenceAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        record_marks(cohort, [mark(enrolment, days_ago(1), HalfDay.MORNING, absent)], actor=trainer)
        record_marks(cohort, [mark(enrolment, days_ago(1), HalfDay.AFTERNOON, absent)], actor=trainer)
    alert = AbsenceAlert.objects.get()
    assert (alert.enrolment, alert.since_day, alert.absences) == (enrolment, days_ago(2), 4)
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert cohort.reference in mail.outbox[0].subject


def test_excused_absences_raise_no_alert(setup):
    world, cohort, (enrolment, *_rest) = setup
    excused = AttendanceStatus.EXCUSED
    record_marks(
        cohort,
        [
            mark(enrolment, days_ago(n), half, excused, reason="illness")
            for n in (1, 2)
            for half in HalfDay.values
        ],
        actor=world.users[Role.TRAINER],
    )
    assert not AbsenceAlert.objects.exists()


def test_acknowledge_alert_by_a_manager_only(setup):
    world, _cohort, (enrolment, *_rest) = setup
    alert = AbsenceAlert.objects.create(enrolment=enrolment, since_day=days_ago(3), absences=3)
    with pytest.raises(AttendanceError):
        acknowledge_alert(alert, actor=world.users[Role.TRAINER])
    acknowledge_alert(alert, actor=world.users[Role.AGENCY_OFFICER])
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.users[Role.AGENCY_OFFICER]
    with pytest.raises(AttendanceError) as caught:
        acknowledge_alert(alert, actor=world.users[Role.AGENCY_OFFICER])
    assert caught.value.code == ErrorCode.ALERT_ACKNOWLEDGED
