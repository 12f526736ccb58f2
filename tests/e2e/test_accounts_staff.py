"""An organization administrator invites a field agent in Arabic; the agent opens the
mail, chooses a password and logs in. The staff pages in French too."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from rowad.accounts.enums import Role
from rowad.partners.enums import OrganizationKind
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province

pytestmark = pytest.mark.e2e

PASSWORD = "Sahat-Kahina-2026"


@pytest.fixture
def agency(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(
        kind=OrganizationKind.AGENCY,
        name_fr="ANSEJ Oran",
        name_ar="الوكالة الوطنية لدعم تشغيل الشباب - فرع وهران",
        provinces=[oran],
    )
    admin = UserFactory(username="orgadmin-oran", first_name="Nadia", last_name="Hamidi")
    MembershipFactory(user=admin, organization=agency, role=Role.ORG_ADMIN)
    officer = UserFactory(username="officer-oran", first_name="Karim", email="karim@example.org")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    return {"agency": agency, "admin": admin, "oran": oran}


def test_org_admin_invites_a_field_agent_in_arabic(open_page, agency):
    page = open_page("ar")
    login(page, agency["admin"].username)
    page.get_by_role("link", name="الموظفون").first.click()
    page.wait_for_url("**/accounts/staff/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "accounts-staff-list-ar")
    page.click("#staff-invite-link")
    page.fill("#id_email", "samira.agent@example.org")
    page.fill("#id_first_name", "سميرة")
    page.fill("#id_last_name", "بن علي")
    page.select_option("#id_role", Role.FIELD_AGENT)
    page.check(f"input[name=provinces][value='{agency['oran'].pk}']")
    screenshot(page, "accounts-staff-invite-ar")
    page.click("#invite-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/staff/\d+/$"))
    assert "أُرسلت الدعوة إلى" in page.inner_text("main")
    assert "عون ميداني" in page.inner_text("main")
    screenshot(page, "accounts-staff-detail-ar")

    message = mail.outbox[-1]
    assert message.to == ["samira.agent@example.org"]
    assert "كلمة المرور" in message.subject
    path = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)

    visitor = open_page("ar", viewport=PHONE)
    visitor.goto(path)
    visitor.wait_for_selector("#set-password-form")
    screenshot(visitor, "accounts-set-password-ar-phone")
    visitor.fill("#id_new_password1", PASSWORD)
    visitor.fill("#id_new_password2", PASSWORD)
    visitor.click("#set-password-form button[type=submit]")
    visitor.wait_for_url("**/accounts/login/")
    assert "حُفظت كلمة المرور" in visitor.inner_text("main")
    login(visitor, "samira.agent@example.org", PASSWORD)
    assert "/accounts/login/" not in visitor.url
    assert "سميرة" in visitor.inner_text("body")

    visitor.goto(path)  # the link worked once
    assert visitor.locator("#invalid-link").is_visible()


def test_staff_pages_in_french(open_page, agency):
    page = open_page("fr")
    login(page, agency["admin"].username)
    page.goto("/accounts/staff/")
    assert "Comptes du personnel" in page.inner_text("main")
    page.get_by_role("link", name="Karim").click()
    page.wait_for_url(re.compile(r".*/accounts/staff/\d+/$"))
    assert "Affiliations" in page.inner_text("main")
    screenshot(page, "accounts-staff-detail-fr")
    page.click("#deactivate-button")
    page.wait_for_load_state("networkidle")
    assert "Compte désactivé" in page.inner_text("main")
    screenshot(page, "accounts-staff-deactivated-fr")
