"""An agency officer's first log-in where a second factor is required: the set-up page
(QR code and key) in Arabic and French, a code from the 'app' (computed from the key the
page shows), the backup codes once, then the page asked for; the next log-in asks for a
code and takes a backup code."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import TOTP

from rowad.accounts.enums import Role
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province

pytestmark = pytest.mark.e2e

TEXT = {
    "ar": {"title": "إعداد عامل التحقق الثاني", "codes": "رموزك الاحتياطية", "confirm": "أكّد دخولك"},
    "fr": {
        "title": "Configurer votre second facteur",
        "codes": "Vos codes de secours",
        "confirm": "Confirmez votre connexion",
    },
}


@pytest.fixture
def officer(transactional_db, settings):
    settings.ROWAD_REQUIRE_SECOND_FACTOR = True
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", provinces=[oran])
    user = UserFactory(username="officer-2fa", first_name="Karim")
    MembershipFactory(user=user, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    return user


def _app_code(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_first_log_in_sets_up_the_app_then_a_backup_code_confirms_the_next(open_page, officer, language):
    words = TEXT[language]
    page = open_page(language, viewport=PHONE)
    login(page, officer.username)
    assert "/accounts/second-factor/setup/" in page.url
    page.get_by_role("heading", name=words["title"]).wait_for()
    assert page.locator("#second-factor-qr svg").count() == 1
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, f"second-factor-setup-{language}")

    secret = page.locator("#second-factor-secret").inner_text().strip()
    page.fill("#id_code", _app_code(secret))
    page.click("#second-factor-confirm")
    page.get_by_role("heading", name=words["codes"]).wait_for()
    codes = [c.strip() for c in page.locator("#backup-codes li").all_inner_texts()]
    assert len(codes) == 10
    screenshot(page, f"second-factor-codes-{language}")
    page.click("#second-factor-continue")
    page.wait_for_load_state("networkidle")
    assert "/accounts/second-factor/" not in page.url

    page.context.clear_cookies()
    page.context.add_cookies([{"name": "rowad_language", "value": language, "url": page.url}])
    login(page, officer.username)
    page.get_by_role("heading", name=words["confirm"]).wait_for()
    page.fill("#id_code", codes[0])
    page.click("#second-factor-confirm")
    page.wait_for_load_state("networkidle")
    assert "/accounts/second-factor/" not in page.url
    assert "/accounts/login/" not in page.url
