"""The attendance sync API and the trainer's pages."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.training.checkin import checkin_token
from rowad.training.enums import AttendanceStatus, HalfDay
from rowad.training.models import AbsenceAlert, AttendanceMark
from tests.training.factories import CohortFactory
from tests.training.test_attendance import running_cohort

pytestmark = pytest.mark.integration

URL = "/api/training/attendance/"


@pytest.fixture
def cohort(world):
    return running_cohort(world, since_days=5, trainees=2)


def _marks(cohort, day, **extra):
    return [
        {
            "client_uuid": str(uuid.uuid4()),
            "enrolment": enrolment.pk,
            "day": day.isoformat(),
            "half_day": HalfDay.MORNING,
            "status": AttendanceStatus.PRESENT,
            "taken_at": timezone.now().isoformat(),
            **extra,
        }
        for enrolment in cohort.enrolments.all()
    ]


def test_api_marks_sent_three_times_are_recorded_once(world, cohort, client):
    client.force_login(world.users[Role.TRAINER])
    marks = _marks(cohort, timezone.localdate() - datetime.timedelta(days=1))
    answers = [client.post(URL, {"marks": marks}, content_type="application/json").json() for _ in range(3)]
    assert answers[0]["recorded"] == 2
    assert [answers[1]["already_recorded"], answers[2]["already_recorded"]] == [2, 2]
    assert AttendanceMark.objects.filter(enrolment__cohort=cohort).count() == 2


def test_api_answers_each_mark_with_a_translated_refusal(world, cohort, client):
    client.force_login(world.users[Role.TRAINER])
    future = _marks(cohort, timezone.localdate() + datetime.timedelta(days=2))[:1]
    invalid = [{"client_uuid": str(uuid.uuid4()), "status": "nope"}]
    response = client.post(
        URL, {"marks": future + invalid}, content_type="application/json", headers={"accept-language": "fr"}
    )
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert (first["status"], first["code"]) == ("refused", "future_day")
    assert "à venir" in first["detail"]
    assert (second["status"], second["code"]) == ("refused", "invalid")
    assert not AttendanceMark.objects.exists()


def test_api_refuses_marks_of_a_cohort_the_user_does_not_teach(world, cohort, client):
    cohort.trainers.clear()
    client.force_login(world.users[Role.TRAINER])
    response = client.post(
        URL, {"marks": _marks(cohort, timezone.localdate())}, content_type="application/json"
    )
    assert {r["status"] for r in response.json()["results"]} == {"refused"}
    assert not AttendanceMark.objects.exists()


def test_api_refuses_a_director(world, cohort, client):
    client.force_login(world.users[Role.DIRECTOR])
    response = client.post(
        URL, {"marks": _marks(cohort, timezone.localdate())}, content_type="application/json"
    )
    assert response.status_code == 403


def test_api_without_marks_is_a_400(world, client):
    client.force_login(world.users[Role.TRAINER])
    assert client.post(URL, {"marks": "x"}, content_type="application/json").status_code == 400


def test_roll_call_page_lists_the_trainees(world, cohort, client):
    client.force_login(world.users[Role.TRAINER])
    response = client.get(reverse("training:roll_call", args=[cohort.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="rollcall-row"') == 2


def test_roll_call_page_for_a_future_day_says_so(world, cohort, client):
    client.force_login(world.users[Role.TRAINER])
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.get(reverse("training:roll_call", args=[cohort.pk]), {"day": day, "half": "am"})
    assert response.status_code == 200
    assert 'class="rollcall-row"' not in response.content.decode()


def test_my_cohorts_lists_the_trainers_cohorts_only(world, cohort, client):
    other = CohortFactory(course=cohort.course, province=world.oran, reference="ZZ-NOT-MINE")
    client.force_login(world.users[Role.TRAINER])
    page = client.get(reverse("training:my_cohorts")).content.decode()
    assert cohort.reference in page
    assert other.reference not in page


def test_checkin_scan_posts_a_code_once(world, cohort, client):
    enrolment = cohort.enrolments.first()
    client.force_login(world.users[Role.TRAINER])
    url = reverse("training:checkin_scan", args=[cohort.pk])
    token = checkin_token(enrolment)
    first = client.post(url, {"token": token}, headers={"accept": "application/json"}).json()
    second = client.post(url, {"token": token}, headers={"accept": "application/json"}).json()
    assert (first["status"], second["status"]) == ("recorded", "already_recorded")
    assert AttendanceMark.objects.filter(enrolment=enrolment).count() == 1
    forged = client.post(url, {"token": token[:-1] + "2"}, headers={"accept": "application/json"}).json()
    assert (forged["status"], forged["code"]) == ("refused", "checkin_forged")


def test_acknowledge_alert_from_the_panel(world, cohort, client):
    enrolment = cohort.enrolments.first()
    alert = AbsenceAlert.objects.create(enrolment=enrolment, since_day=cohort.starts_on, absences=4)
    client.force_login(world.users[Role.AGENCY_OFFICER])
    response = client.post(reverse("training:alert_acknowledge", args=[alert.pk]))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
