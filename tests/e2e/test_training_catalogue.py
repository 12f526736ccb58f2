"""An agency officer records a course with two modules and opens a cohort of it, in
French on a desktop; the cohort page then reads right to left in Arabic on a phone."""

from __future__ import annotations

import datetime

import pytest

from rowad.accounts.enums import Role
from rowad.partners.enums import OrganizationKind
from rowad.training.models import Cohort, Course
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ProgrammeFactory,
    SpecialtyFactory,
    UserFactory,
)
from tests.factories import province as province_of

pytestmark = pytest.mark.e2e


@pytest.fixture
def setting(transactional_db):
    oran = province_of("DZ", "31")
    agency = OrganizationFactory(
        kind=OrganizationKind.AGENCY, name_fr="ANADE Oran", name_ar="أناد وهران", provinces=[oran]
    )
    fiber = SpecialtyFactory(code="fibre-optique", name_fr="Fibre optique", name_ar="الألياف البصرية")
    programme = ProgrammeFactory(
        code="caravane",
        name_fr="Caravane des micro-entreprises",
        operator=agency,
        starts_on=datetime.date(2026, 8, 5),
        ends_on=datetime.date(2027, 12, 31),
    )
    programme.specialties.set([fiber])
    officer = UserFactory(username="officer-oran", first_name="Amina")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    trainer = UserFactory(username="trainer-oran", first_name="Karim", last_name="Bensaid")
    MembershipFactory(user=trainer, organization=agency, role=Role.TRAINER, provinces=[oran])
    return {"programme": programme, "fiber": fiber, "agency": agency, "oran": oran, "trainer": trainer}


def test_officer_creates_course_modules_and_cohort_in_french(open_page, setting):
    page = open_page("fr")
    login(page, "officer-oran")

    page.goto("/training/courses/new/")
    page.fill("#id_name_ar", "تركيب الألياف البصرية")
    page.fill("#id_name_fr", "Installation de fibre optique")
    page.fill("#id_code", "fo-45")
    page.select_option("#id_programme", str(setting["programme"].pk))
    page.select_option("#id_specialty", str(setting["fiber"].pk))
    page.select_option("#id_provider", str(setting["agency"].pk))
    page.fill("#id_duration_days", "45")
    page.fill("#id_duration_hours", "270")
    page.fill("#id_certificate_text_fr", "a suivi avec succès la formation")
    page.click("#course-form button[type=submit]")
    page.wait_for_url("**/training/courses/*/")
    course = Course.objects.get(code="fo-45")

    for title, hours, kind in (
        ("Sécurité du chantier", "30", "theory"),
        ("Soudure et raccordement", "120", "practical"),
    ):
        page.goto(f"/training/courses/{course.pk}/modules/new/")
        page.fill("#id_title_fr", title)
        page.fill("#id_hours", hours)
        page.select_option("#id_kind", kind)
        if kind == "practical":
            page.fill("#id_checklist_fr", "Soudure propre\nPerte mesurée")
        page.click("#module-form button[type=submit]")
        page.wait_for_url(f"**/training/courses/{course.pk}/")
    assert page.locator("#module-table tbody tr").count() == 2
    assert "Soudure et raccordement" in page.locator("#module-table").inner_text()
    screenshot(page, "training-course-fr")

    page.goto(f"/training/cohorts/new/?course={course.pk}")
    page.select_option("#id_province", str(setting["oran"].pk))
    page.fill("#id_venue", "CFPA Es Senia")
    page.fill("#id_starts_on", "2027-01-10")
    page.fill("#id_ends_on", "2027-02-25")
    for day in ("7", "1", "2", "3", "4"):
        page.check(f"#cohort-form input[name=weekdays][value='{day}']")
    page.fill("#id_morning_starts_at", "08:30")
    page.fill("#id_morning_ends_at", "12:00")
    page.fill("#id_capacity", "20")
    page.check(f"#cohort-form input[name=trainers][value='{setting['trainer'].pk}']")
    page.click("#cohort-form button[type=submit]")
    page.wait_for_url("**/training/cohorts/*/")

    cohort = Cohort.objects.get()
    assert page.locator("#cohort-reference").inner_text() == cohort.reference == "FO-45-31-2027-01"
    assert "Karim Bensaid" in page.content()
    screenshot(page, "training-cohort-fr")

    phone = open_page("ar", viewport=PHONE)
    login(phone, "officer-oran")
    phone.goto(f"/training/cohorts/{cohort.pk}/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "training-cohort-ar-phone")
