"""A mentor's visit on a phone, the alert on the officer's desk: the Oran mentor opens
their caseload on a 390×844 screen in Arabic, records a post-creation visit that reports
difficulties (the form sent twice stores one visit); the agency officer, on a desktop in
French, opens the caseload and sees the difficulties alert on that enterprise."""

from __future__ import annotations

import datetime

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.enterprises.models import Visit
from rowad.enterprises.services.accompaniment import assign_mentor
from tests.committees.factories import DossierFactory
from tests.e2e.conftest import DESKTOP, PHONE, login, screenshot
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province

pytestmark = pytest.mark.e2e


@pytest.fixture
def caseload(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANADE Oran", name_ar="أناد وهران", provinces=[oran])
    officer = UserFactory(username="officer-e2e", first_name="Karima", last_name="Hadj")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    mentor = UserFactory(username="mentor-e2e", first_name="سمير", last_name="بن علي")
    MembershipFactory(user=mentor, organization=agency, role=Role.MENTOR, provinces=[oran])
    dossier = DossierFactory(
        state=DossierState.COMPANY_CREATED,
        province=oran,
        organization=agency,
        title="صيانة شبكات الألياف البصرية",
        holders=[PersonFactory(national_id="")],
    )
    enterprise = EnterpriseFactory(
        dossier=dossier,
        name_ar="مؤسسة النور للألياف البصرية",
        name_latin="Ennour Fibre",
        activity="تركيب وصيانة الألياف البصرية",
        created_on=datetime.date.today() - datetime.timedelta(days=300),
    )
    assign_mentor(dossier, mentor, actor=officer, started_on=enterprise.created_on)
    return enterprise


def test_mentor_records_a_visit_on_a_phone_and_the_officer_sees_the_alert(open_page, caseload):
    page = open_page("ar", viewport=PHONE)
    login(page, "mentor-e2e")
    page.goto("/enterprises/mine/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    card = page.locator(f"#enterprise-{caseload.pk}")
    assert "مؤسسة النور" in card.inner_text()
    assert page.locator(f"#alert-{caseload.pk} [data-alert=no_visit]").is_visible()  # never visited
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, "enterprises-caseload-phone-ar")

    card.locator("a.record-visit").click()
    page.wait_for_url(f"**/enterprises/{caseload.pk}/visit/")
    assert page.locator("#id_permanent_men").get_attribute("inputmode") == "numeric"
    page.fill("#id_permanent_men", "3")
    page.fill("#id_permanent_women", "2")
    page.fill("#id_seasonal_men", "1")
    page.select_option("#id_turnover_band", "under_2m")
    page.check("#difficulties input[value=cash]")
    page.check("#difficulties input[value=supplies]")
    page.check("#needs input[value=financing]")
    page.fill("#id_notes", "تأخر في تسديد الزبائن وغلاء الكوابل")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    screenshot(page, "enterprises-visit-form-phone-ar")
    form_values = page.locator("#visit-form input[name=client_uuid]").input_value()
    page.click("#save-visit")
    page.wait_for_url("**/enterprises/mine/")

    alert = page.locator(f"#alert-{caseload.pk} [data-alert=difficulties]")
    assert alert.is_visible()
    assert page.locator(f"#alert-{caseload.pk} [data-alert=no_visit]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, "enterprises-caseload-alert-phone-ar")
    visit = Visit.objects.get(enterprise=caseload)
    assert visit.difficulties == ["cash", "supplies"] and visit.total_jobs == 6
    assert str(visit.client_uuid) == form_values

    page.go_back()  # the same form, submitted again (a double tap after a slow answer)
    page.wait_for_url(f"**/enterprises/{caseload.pk}/visit/")
    if page.locator("#visit-form input[name=client_uuid]").input_value() == form_values:
        page.click("#save-visit")
        page.wait_for_load_state("networkidle")
    assert Visit.objects.filter(enterprise=caseload).count() == 1

    desk = open_page("fr", viewport=DESKTOP)
    login(desk, "officer-e2e")
    desk.goto("/enterprises/caseload/")
    row = desk.locator(f"#alerted-{caseload.pk}")
    assert "Ennour" in row.inner_text() or "مؤسسة النور" in row.inner_text()
    badge = row.locator("[data-alert=difficulties]")
    assert badge.is_visible()
    assert "Trésorerie" in badge.inner_text() or "trésorerie" in badge.inner_text()
    assert desk.locator(".mentor-alerts").first.inner_text().strip() == "1"
    screenshot(desk, "enterprises-caseload-officer-fr")
