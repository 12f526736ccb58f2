"""A holder reads their course on a phone in Arabic (timetable, attendance, check-in QR);
an officer reads the training figures and follows a number to its enrolments."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.training.enums import CohortState, TrainingResult
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import ProgrammeFactory, SpecialtyFactory
from tests.portal.factories import make_holder
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.e2e


def test_training_holder_sees_course_and_qr_on_a_phone_in_arabic(open_page, world):
    user, _account, person = make_holder(world.oran_agency, username="holder-e2e", given_name_latin="Amina")
    cohort = CohortFactory(
        course=CourseFactory(name_ar="الألياف البصرية", name_fr="Fibre optique"),
        state=CohortState.RUNNING,
        venue="مركز التكوين، السانيا",
    )
    enrolment = EnrolmentFactory(cohort=cohort, person=person)
    page = open_page("ar", viewport=PHONE)
    login(page, user.username)

    page.goto("/portal/training/")
    page.click(f"[data-enrolment='{enrolment.pk}'] a")
    page.wait_for_selector("#checkin svg")

    assert page.locator("#timetable").inner_text().count("مركز التكوين") == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "training-portal-course-ar-phone")


def test_training_figures_number_leads_to_its_enrolments(open_page, world):
    fiber = SpecialtyFactory(code="fiber-e2e", name_fr="Fibre optique", name_ar="الألياف البصرية")
    cohort = CohortFactory(
        course=CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), specialty=fiber),
        province=world.oran,
        state=CohortState.COMPLETED,
    )
    for _ in range(3):
        EnrolmentFactory(cohort=cohort, result=TrainingResult.PASSED)
    page = open_page("ar", viewport=PHONE)
    login(page, world.users[Role.AGENCY_OFFICER].username)

    page.goto("/training/figures/")
    screenshot(page, "training-figures-ar-phone")
    page.click("[data-figure='trained'] a")

    assert page.locator("#enrolment-count bdi").first.inner_text() == "3"
    assert page.locator("tbody tr").count() == 3
    screenshot(page, "training-enrolments-ar-phone")
