"""The holder's courses in the portal: their own enrolments only, the waiting position,
the timetable, attendance and results, and the check-in QR only while the cohort runs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from rowad.training.attendance import attendance_rate, held_half_days
from rowad.training.checkin import checkin_token, read_checkin_token
from rowad.training.enums import AttendanceStatus, CohortState, EnrolmentStatus, HalfDay, TrainingResult
from rowad.training.models import Assessment, AttendanceMark
from tests.training.factories import CohortFactory, CourseModuleFactory, EnrolmentFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def holder_client(client, holder):
    client.force_login(holder[0])
    return client


def mark(enrolment, day, half_day, status):
    return AttendanceMark.objects.create(
        enrolment=enrolment, day=day, half_day=half_day, status=status, taken_at=timezone.now()
    )


def test_training_list_shows_only_the_holders_own_enrolments(holder_client, holder, other_holder):
    mine = EnrolmentFactory(person=holder[2], cohort__course__name_fr="Fibre optique")
    EnrolmentFactory(person=other_holder[2], cohort__course__name_fr="Génie civil")

    page = holder_client.get(reverse("portal:training"))

    assert page.status_code == 200
    assert [row["enrolment"].pk for row in page.context["rows"]] == [mine.pk]
    assert "Génie civil" not in page.content.decode()


def test_training_detail_of_another_holders_enrolment_is_404(holder_client, other_holder):
    theirs = EnrolmentFactory(person=other_holder[2])

    response = holder_client.get(reverse("portal:training_detail", args=[theirs.pk]))

    assert response.status_code == 404


def test_training_staff_user_who_is_a_holder_sees_only_their_own(client, world, holder):
    """An Oran agency officer reads every Oran enrolment in the staff pages; in the portal
    only their own (here: none)."""
    officer = world.users["agency_officer"]
    from tests.factories import MembershipFactory

    MembershipFactory(user=officer, organization=world.oran_agency, role="project_holder")
    EnrolmentFactory(person=holder[2])
    client.force_login(officer)

    page = client.get(reverse("portal:training"))

    assert page.context["rows"] == []


def test_training_waiting_list_position_is_shown(holder_client, holder):
    cohort = CohortFactory(capacity=1)
    now = timezone.now()
    for minutes in (30, 20):
        EnrolmentFactory(
            cohort=cohort,
            status=EnrolmentStatus.WAITLISTED,
            waitlisted_at=now - datetime.timedelta(minutes=minutes),
        )
    mine = EnrolmentFactory(
        cohort=cohort, person=holder[2], status=EnrolmentStatus.WAITLISTED, waitlisted_at=now
    )

    listing = holder_client.get(reverse("portal:training"))
    detail = holder_client.get(reverse("portal:training_detail", args=[mine.pk]))

    assert listing.context["rows"][0]["position"] == 3
    assert detail.context["position"] == 3
    assert "3" in detail.content.decode().split('data-status="waitlisted">')[1].split("</span>")[0]


def test_training_detail_shows_the_timetable(holder_client, holder):
    cohort = CohortFactory(
        venue="Maison de la formation, Bir El Djir",
        weekdays=[7, 1],
        morning_starts_at=datetime.time(8, 30),
        morning_ends_at=datetime.time(12, 0),
        afternoon_starts_at=None,
        afternoon_ends_at=None,
    )
    enrolment = EnrolmentFactory(cohort=cohort, person=holder[2])

    with_language = holder_client.get(
        reverse("portal:training_detail", args=[enrolment.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    html = with_language.content.decode()
    assert with_language.context["timetable"]["days"] == ["Sunday", "Monday"]
    assert "08:30 – 12:00" in html
    assert "Maison de la formation, Bir El Djir" in html
    assert cohort.starts_on.isoformat() in html


def test_training_qr_is_shown_only_while_the_cohort_runs(holder_client, holder):
    running = EnrolmentFactory(person=holder[2], cohort__state=CohortState.RUNNING)
    upcoming = EnrolmentFactory(
        person=holder[2],
        cohort__state=CohortState.OPEN,
        cohort__starts_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    finished = EnrolmentFactory(
        person=holder[2],
        cohort__state=CohortState.COMPLETED,
        cohort__starts_on=timezone.localdate() - datetime.timedelta(days=80),
        cohort__ends_on=timezone.localdate() - datetime.timedelta(days=20),
    )

    shown = holder_client.get(reverse("portal:training_detail", args=[running.pk]))
    before = holder_client.get(reverse("portal:training_detail", args=[upcoming.pk]))
    after = holder_client.get(reverse("portal:training_detail", args=[finished.pk]))

    assert shown.context["qr"] is not None
    assert "<svg" in shown.content.decode()
    assert 'id="checkin"' in shown.content.decode()
    assert before.context["qr"] is None and 'id="checkin"' not in before.content.decode()
    assert after.context["qr"] is None and 'id="checkin"' not in after.content.decode()


def test_training_qr_is_not_shown_on_the_waiting_list(holder_client, holder):
    waiting = EnrolmentFactory(
        person=holder[2], cohort__state=CohortState.RUNNING, status=EnrolmentStatus.WAITLISTED
    )

    page = holder_client.get(reverse("portal:training_detail", args=[waiting.pk]))

    assert page.context["qr"] is None


def test_training_detail_shows_attendance_and_best_marks(holder_client, holder):
    # A Sunday-to-Thursday cohort that started on Sunday 2026-11-29, mornings and afternoons.
    cohort = CohortFactory(
        starts_on=datetime.date(2026, 11, 29),
        ends_on=datetime.date(2027, 1, 14),
        state=CohortState.RUNNING,
        course__min_mark=10,
    )
    module = CourseModuleFactory(course=cohort.course, title_fr="Soudure de la fibre")
    enrolment = EnrolmentFactory(
        cohort=cohort,
        person=holder[2],
        result=TrainingResult.FAILED,
        result_reasons=[
            {
                "rule": "attendance",
                "outcome": "failed",
                "reason": "Attendance %(rate)s %% below %(min)s %%",
                "params": {"rate": 50, "min": 80},
            },
            {"rule": "marks", "outcome": "passed", "reason": "Marks met"},
            "An old reason stored as text",
        ],
    )
    mark(enrolment, datetime.date(2026, 11, 29), HalfDay.MORNING, AttendanceStatus.PRESENT)
    mark(enrolment, datetime.date(2026, 11, 29), HalfDay.AFTERNOON, AttendanceStatus.LATE)
    mark(enrolment, datetime.date(2026, 11, 30), HalfDay.MORNING, AttendanceStatus.ABSENT)
    for attempt, value in ((1, "8.5"), (2, "12.25")):
        Assessment.objects.create(
            enrolment=enrolment,
            module=module,
            attempt=attempt,
            mark=Decimal(value),
            assessed_on=cohort.starts_on,
        )

    page = holder_client.get(
        reverse("portal:training_detail", args=[enrolment.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    attendance = page.context["attendance"]
    assert (attendance["present"], attendance["late"], attendance["absent"]) == (1, 1, 1)
    assert attendance["rate"] == attendance_rate(enrolment)
    assert [(r["module"].pk, r["mark"]) for r in page.context["results"]] == [(module.pk, Decimal("12.25"))]
    assert page.context["reasons"] == ["Attendance 50 % below 80 %", "An old reason stored as text"]
    assert "12.25 / 20" in page.content.decode()


@pytest.mark.unit
def test_attendance_rate_counts_present_and_late_over_held_half_days(db):
    cohort = CohortFactory(
        starts_on=datetime.date(2026, 11, 29),  # a Sunday
        ends_on=datetime.date(2027, 1, 14),
        weekdays=[7, 1, 2, 3, 4],
    )
    enrolment = EnrolmentFactory(cohort=cohort)
    mark(enrolment, datetime.date(2026, 11, 29), HalfDay.MORNING, AttendanceStatus.PRESENT)
    mark(enrolment, datetime.date(2026, 11, 29), HalfDay.AFTERNOON, AttendanceStatus.LATE)
    mark(enrolment, datetime.date(2026, 11, 30), HalfDay.MORNING, AttendanceStatus.ABSENT)
    mark(enrolment, datetime.date(2026, 11, 30), HalfDay.AFTERNOON, AttendanceStatus.EXCUSED)

    # Sunday to Tuesday: 3 days held (Friday and Saturday are not in the week), 6 half-days.
    until = datetime.date(2026, 12, 1)
    assert len(held_half_days(cohort, until=until)) == 6
    assert attendance_rate(enrolment, until=until) == Decimal("33.3")
    assert attendance_rate(enrolment, until=datetime.date(2026, 11, 28)) is None


@pytest.mark.unit
def test_checkin_token_round_trips_and_refuses_a_forged_one(db):
    from rowad.core.errors import DomainError

    enrolment = EnrolmentFactory()
    token = checkin_token(enrolment)

    assert read_checkin_token(token) == enrolment.pk
    with pytest.raises(DomainError) as error:
        read_checkin_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert error.value.code == "checkin_invalid"
