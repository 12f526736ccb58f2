"""The cohort page of a finished cohort (weeks of roll calls, marks, certificates with
their revoke forms) fits a phone: nothing widens the page sideways, in Arabic or French.
Bug: the visually-hidden labels of the attendance grid and of a failed result's reasons
escaped their scrolling wrapper and made the page 608 px wide on a 390 px phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.training.enums import AttendanceStatus, HalfDay, TrainingResult
from rowad.training.models import AttendanceMark, Certificate
from tests.e2e.conftest import PHONE, login
from tests.factories import ProgrammeFactory
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_cohort_page_with_weeks_of_marks_fits_a_phone(world, open_page, language):
    officer = world.users[Role.AGENCY_OFFICER]
    officer.set_password("pass-1234-word")
    officer.save()
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=world.oran_agency)
    start = timezone.localdate() - datetime.timedelta(days=70)
    cohort = CohortFactory(
        course=course, province=world.oran, starts_on=start, ends_on=start + datetime.timedelta(days=60)
    )
    failed = [{"rule": "attendance", "outcome": "failed", "reason": "Attendance too low", "params": {}}]
    for n in range(3):
        enrolment = EnrolmentFactory(
            cohort=cohort,
            result=TrainingResult.FAILED if n == 2 else TrainingResult.PASSED,
            result_reasons=failed if n == 2 else [],
        )
        for offset in range(0, 60):
            day = start + datetime.timedelta(days=offset)
            if day.isoweekday() in cohort.weekdays:
                AttendanceMark.objects.create(
                    enrolment=enrolment,
                    day=day,
                    half_day=HalfDay.MORNING,
                    status=AttendanceStatus.PRESENT,
                    taken_at=timezone.now(),
                )
        if n == 2:
            continue
        Certificate.objects.create(
            enrolment=enrolment,
            holder_name_latin=f"Trainee {n}",
            starts_on=cohort.starts_on,
            ends_on=cohort.ends_on,
            hours=270,
            result=TrainingResult.PASSED,
            issued_at=timezone.now(),
        )

    page = open_page(language, viewport=PHONE)
    login(page, officer.username)
    page.goto(f"/training/cohorts/{cohort.pk}/")

    assert page.locator(".attendance-grid").count() == 1
    assert page.locator("#certificates").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
