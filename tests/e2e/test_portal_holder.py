"""A young person opens their space by phone, reads the code from the SMS file
backend, fills in their profile, starts a project file and submits it — in Arabic on a
desktop, in French on a phone."""

from __future__ import annotations

import json
import re

import pytest

from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from rowad.partners.enums import OrganizationKind
from rowad.portal.models import HolderAccount
from tests.dossiers.factories import PDF_BYTES, DocumentTypeFactory
from tests.e2e.conftest import DESKTOP, PHONE, screenshot
from tests.factories import OrganizationFactory, ProgrammeFactory, province

pytestmark = pytest.mark.e2e

CASES = {
    "ar": {
        "viewport": DESKTOP,
        "phone": "0661 23 45 67",
        "e164": "+213661234567",
        "nin": "209960514000000031",
        "given_ar": "أمينة",
        "family_ar": "حموش",
        "title": "تركيب الألياف البصرية",
        "start": "بدء ملف مشروع",
    },
    "fr": {
        "viewport": PHONE,
        "phone": "0770 98 76 54",
        "e164": "+213770987654",
        "nin": "109970302000000031",
        "given_ar": "كريم",
        "family_ar": "بلقاسم",
        "title": "Pose de fibre optique",
        "start": "Commencer un dossier",
    },
}


@pytest.fixture
def caravan(transactional_db, settings, tmp_path):
    settings.ROWAD_SMS_BACKEND = "rowad.core.sms.FileSMSBackend"
    settings.VAR_DIR = tmp_path
    oran = province("DZ", "31")
    agency = OrganizationFactory(
        kind=OrganizationKind.AGENCY, country="DZ", name_fr="ANSEJ", provinces=[oran]
    )
    programme = ProgrammeFactory(
        operator=agency,
        name_fr="Caravane fibre optique",
        name_ar="قافلة الألياف البصرية",
        min_age=18,
        max_age=40,
    )
    programme.required_documents.set(
        [DocumentTypeFactory(code="id-copy", name_fr="Copie CNI", name_ar="نسخة بطاقة التعريف")]
    )
    pdf_path = tmp_path / "cni.pdf"
    pdf_path.write_bytes(PDF_BYTES)
    return {"sms_log": tmp_path / "sms.log", "programme": programme, "oran": oran, "pdf": pdf_path}


def read_code(sms_log, to: str) -> str:
    lines = [json.loads(line) for line in sms_log.read_text(encoding="utf-8").splitlines()]
    body = next(m["body"] for m in reversed(lines) if m["to"] == to)
    return re.search(r"\d{6}", body).group(0)


def submit_main_form(page) -> None:
    page.locator("main form[data-submit-once] button[type=submit]").first.click()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_holder_signs_up_fills_profile_and_submits_a_dossier(open_page, caravan, language):
    case = CASES[language]
    page = open_page(language, viewport=case["viewport"])
    tag = f"{language}-{'phone' if case['viewport'] == PHONE else 'desktop'}"

    page.goto("/accounts/login/")
    page.click("#portal-login-link")
    page.wait_for_url("**/portal/login/")
    page.goto("/portal/signup/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.fill("#id_contact", case["phone"])
    page.check(f"input[name=language][value={language}]")
    page.check("#id_consent_registration")
    page.check("#id_consent_contact")
    screenshot(page, f"portal-signup-{tag}")
    submit_main_form(page)
    page.wait_for_url("**/portal/verify/")
    assert case["e164"] in page.locator("#code-destination").inner_text()

    code = read_code(caravan["sms_log"], case["e164"])
    sms = caravan["sms_log"].read_text(encoding="utf-8")
    assert ("رمزك" in sms) if language == "ar" else ("votre code est" in sms)
    page.fill("#id_code", code)
    screenshot(page, f"portal-verify-{tag}")
    submit_main_form(page)
    page.wait_for_url("**/portal/profile/")

    page.fill("#id_given_name_ar", case["given_ar"])
    page.fill("#id_family_name_ar", case["family_ar"])
    page.fill("#id_national_id", case["nin"])
    page.fill("#id_birth_date", "1996-05-14")
    page.select_option("#id_sex", "F" if language == "ar" else "M")
    page.select_option("#id_province", str(caravan["oran"].pk))
    page.select_option("#id_education_level", "vocational")
    page.fill("#id_diploma", "BTS fibre optique")
    page.select_option("#id_employment_status", "unemployed")
    screenshot(page, f"portal-profile-{tag}")
    submit_main_form(page)
    page.wait_for_url("**/portal/")
    assert case["given_ar"] in page.locator("#holder-name").inner_text() or language == "fr"

    page.get_by_role("link", name=case["start"]).first.click()
    page.wait_for_url("**/portal/programmes/")
    screenshot(page, f"portal-programmes-{tag}")
    page.get_by_role("link", name=case["start"]).first.click()
    page.wait_for_url("**/portal/dossiers/new/**")
    page.fill("#id_title", case["title"])
    page.fill("#id_idea", "Poser et entretenir la fibre pour l'opérateur, 20 chantiers par an.")
    page.fill("#id_investment", "1500000")
    submit_main_form(page)
    page.wait_for_url(re.compile(r".*/portal/dossiers/\d+/$"))

    page.set_input_files("#id_file", str(caravan["pdf"]))
    page.locator("form[action$='/documents/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "cni.pdf" in page.content()
    page.locator("form[action$='/submit/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"portal-dossier-submitted-{tag}")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= case["viewport"]["width"] + 1
    account = HolderAccount.objects.get(phone=case["e164"])
    dossier = Dossier.objects.get(holders__user=account.user)
    assert (dossier.state, dossier.title, account.user.preferred_language) == (
        DossierState.SUBMITTED,
        case["title"],
        language,
    )
