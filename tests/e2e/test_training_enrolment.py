"""In Arabic, an agency officer finds a person by a Latin-script search and enrols them
into a cohort with one seat left; the next person goes to the waiting list."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.training.models import Enrolment
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def setting(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANADE Oran", provinces=[oran])
    officer = UserFactory(username="officer-training-e2e")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    course = CourseFactory(programme__operator=agency, name_ar="الألياف البصرية", name_fr="Fibre optique")
    cohort = CohortFactory(course=course, province=oran, capacity=2, reference="ORAN-FO-01")
    EnrolmentFactory(cohort=cohort, person=PersonFactory(national_id="", given_name_latin="Yacine"))
    amine = PersonFactory(
        national_id="",
        given_name_ar="أمين",
        family_name_ar="سعيدي",
        given_name_latin="Amine",
        family_name_latin="Saidi",
        province=oran,
    )
    karim = PersonFactory(
        national_id="",
        given_name_ar="كريم",
        family_name_ar="بلقاسم",
        given_name_latin="Karim",
        family_name_latin="Belkacem",
        province=oran,
    )
    return officer, cohort, amine, karim


def enrol_found(page, query: str, name: str) -> None:
    page.fill("#id_q", query)
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("#candidates li", has_text=name)
    row.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_officer_enrols_last_seat_then_waiting_list_in_arabic(open_page, setting):
    officer, cohort, amine, karim = setting
    page = open_page("ar", viewport=PHONE)
    login(page, officer.username)
    page.goto(f"/training/cohorts/{cohort.pk}/enrol/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    enrol_found(page, "Amine Saidi", "أمين سعيدي")
    assert "تم تسجيل أمين سعيدي." in page.locator("body").inner_text()
    assert "أمين سعيدي" in page.locator("#enrolled-list").inner_text()
    assert page.locator("#cohort-full").is_visible()

    enrol_found(page, "karim belkacem", "كريم بلقاسم")
    assert "كريم بلقاسم رقم 1 في قائمة الانتظار." in page.locator("body").inner_text()
    assert "كريم بلقاسم" in page.locator("#waiting-list").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, "training-enrol-waiting-list-phone-ar")

    statuses = dict(Enrolment.objects.filter(person__in=[amine, karim]).values_list("person_id", "status"))
    assert statuses == {amine.pk: "enrolled", karim.pk: "waitlisted"}
