"""A trainer enters a practical module's marks on a phone, in Arabic: a mark out of range
is refused on its field with nothing lost, the grid saves, the results are computed, a
resit turns a failed result into a passed one."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.training.attendance import held_half_days
from rowad.training.enums import AttendanceStatus
from rowad.training.models import Assessment, AttendanceMark, Enrolment
from tests.e2e.conftest import DESKTOP, PHONE, login, screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.factories import province as get_province
from tests.training.factories import CohortFactory, CourseFactory, CourseModuleFactory, EnrolmentFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def setup(transactional_db):
    oran = get_province("DZ", "31")
    operator = OrganizationFactory(name_fr="Opérateur télécom", name_ar="متعامل الاتصالات", provinces=[oran])
    trainer = UserFactory(username="trainer-marks-e2e", first_name="Karim")
    MembershipFactory(user=trainer, organization=operator, role=Role.TRAINER, provinces=[oran])
    course = CourseFactory(
        programme=ProgrammeFactory(operator=operator), name_ar="الألياف البصرية", name_fr="Fibre optique"
    )
    CourseModuleFactory(course=course, position=1, title_ar="أساسيات الشبكات", title_fr="Bases des réseaux")
    practical = CourseModuleFactory(
        course=course,
        position=2,
        kind="practical",
        title_ar="لحام الألياف",
        title_fr="Soudure de fibre",
        min_mark=12,
        checklist=[
            {"ar": "تحضير الليف", "fr": "Préparer la fibre"},
            {"ar": "اللحام بالاندماج", "fr": "Souder par fusion"},
            {"ar": "قياس الفقد", "fr": "Mesurer la perte"},
        ],
    )
    today = timezone.localdate()
    cohort = CohortFactory(
        course=course,
        province=oran,
        starts_on=today - datetime.timedelta(days=50),
        ends_on=today - datetime.timedelta(days=5),
        trainers=[trainer],
    )
    names = [("أمين", "بن علي", "Amine", "Benali"), ("سارة", "حداد", "Sara", "Haddad")]
    enrolments = [
        EnrolmentFactory(
            cohort=cohort,
            person=PersonFactory(
                given_name_ar=g_ar,
                family_name_ar=f_ar,
                given_name_latin=g,
                family_name_latin=f,
                national_id="",
            ),
        )
        for g_ar, f_ar, g, f in names
    ]
    held = held_half_days(cohort)
    AttendanceMark.objects.bulk_create(
        AttendanceMark(
            enrolment=e, day=day, half_day=half, status=AttendanceStatus.PRESENT, taken_at=timezone.now()
        )
        for e in enrolments
        for day, half in held
    )
    return {"trainer": trainer, "cohort": cohort, "practical": practical, "enrolments": enrolments}


def test_trainer_enters_marks_on_a_phone_in_arabic_and_a_resit_flips_the_result(open_page, setup):
    cohort, practical = setup["cohort"], setup["practical"]
    amine, sara = setup["enrolments"]
    theory = cohort.course.modules.get(position=1)
    page = open_page("ar", viewport=PHONE)
    login(page, setup["trainer"].username)

    page.goto(f"/training/cohorts/{cohort.pk}/marks/?module={theory.pk}")
    page.fill(f"#id_mark_{amine.pk}", "15")
    page.fill(f"#id_mark_{sara.pk}", "13")
    page.click("#marks-form button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"/training/cohorts/{cohort.pk}/marks/?module={practical.pk}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill(f"#id_mark_{amine.pk}", "14,5")
    page.check(f"#id_checklist_{amine.pk}_0")
    page.check(f"#id_checklist_{amine.pk}_1")
    page.fill(f"#id_mark_{sara.pk}", "25")
    page.click("#marks-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    error = page.locator(f"#id_mark_{sara.pk}_error")
    assert "20" in error.inner_text()
    # Nothing lost: what was typed is still there.
    assert page.input_value(f"#id_mark_{amine.pk}") == "14,5"
    assert page.is_checked(f"#id_checklist_{amine.pk}_1")
    screenshot(page, "training-marks-error-ar-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.fill(f"#id_mark_{sara.pk}", "9")
    page.click("#marks-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Assessment.objects.filter(module=practical).count() == 2
    page.click("form[action$='/results/compute/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Enrolment.objects.get(pk=sara.pk).result == "failed"
    screenshot(page, "training-marks-ar-phone")

    page.goto(f"/training/enrolments/{sara.pk}/result/")
    assert "غير ناجح" in page.locator("#result-title").inner_text()
    screenshot(page, "training-result-failed-ar-phone")
    page.click(f"a[href$='/resit/{practical.pk}/']")
    page.fill("#id_mark", "12")
    page.check("#id_checklist_2")
    page.click("form[data-submit-once] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "ناجح" in page.locator("#result-title").inner_text()
    assert Enrolment.objects.get(pk=sara.pk).result == "passed"
    screenshot(page, "training-result-passed-ar-phone")

    desktop = open_page("fr", viewport=DESKTOP)
    login(desktop, setup["trainer"].username)
    desktop.goto(f"/training/cohorts/{cohort.pk}/marks/?module={practical.pk}")
    assert desktop.locator("html").get_attribute("dir") == "ltr"
    assert "Soudure de fibre" in desktop.locator("a.active[href^='?module=']").inner_text()
    screenshot(desktop, "training-marks-fr-desktop")
