"""A trainer takes today's roll call on a phone, in Arabic, while offline: the marks wait
on the phone, go out when the network returns, and are recorded exactly once (one of
the answers is lost on the way back, so the phone sends that batch again)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.training.enums import AttendanceStatus
from rowad.training.models import AttendanceMark
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    province,
)
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.e2e

TRAINEES = [("ياسين", "بلقاسم"), ("أمينة", "زروقي"), ("حمزة", "مرابط")]


@pytest.fixture
def running_cohort(transactional_db):
    oran = province("DZ", "31")
    operator = OrganizationFactory(name_fr="Opérateur télécom", name_ar="متعامل الهاتف", provinces=[oran])
    trainer = UserFactory(username="trainer-e2e")
    MembershipFactory(user=trainer, organization=operator, role=Role.TRAINER, provinces=[oran])
    course = CourseFactory(
        programme=ProgrammeFactory(operator=operator),
        name_ar="تركيب الألياف البصرية",
        name_fr="Fibre optique",
    )
    today = timezone.localdate()
    cohort = CohortFactory(
        course=course,
        province=oran,
        reference="FO-ORAN-01",
        venue="مركز التكوين، السانية",
        starts_on=today - datetime.timedelta(days=6),
        ends_on=today + datetime.timedelta(days=38),
        weekdays=[1, 2, 3, 4, 5, 6, 7],
        trainers=[trainer],
    )
    for given, family in TRAINEES:
        person = PersonFactory(given_name_ar=given, family_name_ar=family, national_id="", province=oran)
        EnrolmentFactory(cohort=cohort, person=person)
    return cohort


def _pending(page):
    return page.locator("#rollcall-pending")


def test_trainer_takes_the_roll_call_offline_then_syncs_once(open_page, running_cohort):
    page = open_page("ar", viewport=PHONE)
    login(page, "trainer-e2e")
    page.goto("/training/my-cohorts/")
    page.get_by_role("link", name="نداء اليوم").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"
    rows = page.locator(".rollcall-row")
    assert rows.count() == 3

    page.context.set_offline(True)
    rows.nth(0).locator("[data-tap]").click()  # present
    for _ in range(2):
        rows.nth(1).locator("[data-tap]").click()  # late
    for _ in range(3):
        rows.nth(2).locator("[data-tap]").click()  # absent
    rows.nth(2).locator("[data-reason]").select_option("transport")
    page.wait_for_timeout(300)
    assert _pending(page).text_content() == "3"
    assert AttendanceMark.objects.count() == 0
    screenshot(page, "training-rollcall-phone-ar-offline")

    calls = {"n": 0}

    def lose_first_answer(route):
        calls["n"] += 1
        if calls["n"] == 1:
            route.fetch()  # the server records the marks…
            route.abort("failed")  # …but the phone never sees the answer
        else:
            route.continue_()

    page.route("**/api/training/attendance/", lose_first_answer)
    page.context.set_offline(False)
    page.locator("#rollcall-pending", has_text="0").wait_for(timeout=30_000)
    assert calls["n"] >= 2

    marks = {
        m.enrolment.person.given_name_ar: m
        for m in AttendanceMark.objects.select_related("enrolment__person")
    }
    assert AttendanceMark.objects.count() == 3
    assert {name: m.status for name, m in marks.items()} == {
        "ياسين": AttendanceStatus.PRESENT,
        "أمينة": AttendanceStatus.LATE,
        "حمزة": AttendanceStatus.ABSENT,
    }
    assert marks["حمزة"].reason == "transport"
    assert marks["أمينة"].arrived_at is not None
    screenshot(page, "training-rollcall-phone-ar-synced")

    page.reload()
    assert page.locator(".rollcall-row").nth(0).locator("[data-tap]").text_content().strip() == "حاضر"
    assert AttendanceMark.objects.count() == 3
