"""The whole path of issue 4 in one browser run: a young person signs up and submits in
French on a phone; an officer sends the file back to revise in Arabic; the holder revises
and submits again; the officer studies it and the committee approves it in Arabic; the
holder downloads the decision letter, whose Arabic PDF carries their Arabic name."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from tests.committees.factories import SessionFactory
from tests.dossiers.factories import advance
from tests.e2e.conftest import PHONE, login, screenshot
from tests.e2e.test_portal_holder import caravan, read_code, submit_main_form  # noqa: F401
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

PHONE_NUMBER, E164 = "0770 11 22 33", "+213770112233"


@pytest.fixture
def agency_staff(caravan):  # noqa: F811
    agency = caravan["programme"].operator
    oran = caravan["oran"]
    officer = UserFactory(username="journey-officer", first_name="Nadia")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    members = []
    for index in range(3):
        user = UserFactory(username=f"journey-member-{index}")
        MembershipFactory(user=user, organization=agency, role=Role.COMMITTEE_MEMBER, provinces=[oran])
        members.append(user)
    session = SessionFactory(
        organization=agency, programme=caravan["programme"], members=members, title="Commission d'Oran"
    )
    return {"officer": officer, "session": session}


def holder_signs_up_and_submits(page, caravan) -> Dossier:  # noqa: F811
    page.goto("/portal/signup/")
    page.fill("#id_contact", PHONE_NUMBER)
    page.check("input[name=language][value=fr]")
    page.check("#id_consent_registration")
    page.check("#id_consent_contact")
    submit_main_form(page)
    page.wait_for_url("**/portal/verify/")
    page.fill("#id_code", read_code(caravan["sms_log"], E164))
    submit_main_form(page)
    page.wait_for_url("**/portal/profile/")
    page.fill("#id_given_name_ar", "سليم")
    page.fill("#id_family_name_ar", "بن عمر")
    page.fill("#id_given_name_latin", "Salim")
    page.fill("#id_family_name_latin", "Benamar")
    page.fill("#id_national_id", "109980214000000031")
    page.fill("#id_birth_date", "1998-02-14")
    page.select_option("#id_sex", "M")
    page.select_option("#id_province", str(caravan["oran"].pk))
    page.select_option("#id_education_level", "vocational")
    page.select_option("#id_employment_status", "unemployed")
    submit_main_form(page)
    page.wait_for_url("**/portal/")
    page.goto("/portal/programmes/")
    page.get_by_role("link", name="Commencer un dossier").first.click()
    page.wait_for_url("**/portal/dossiers/new/**")
    page.fill("#id_title", "Raccordement fibre Oran-Est")
    page.fill("#id_idea", "Raccorder les immeubles à la fibre pour l'opérateur.")
    page.fill("#id_investment", "1200000")
    submit_main_form(page)
    page.wait_for_url(re.compile(r".*/portal/dossiers/\d+/$"))
    page.set_input_files("#id_file", str(caravan["pdf"]))
    page.locator("form[action$='/documents/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator("form[action$='/submit/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    return Dossier.objects.get(title="Raccordement fibre Oran-Est")


def test_from_sign_up_to_the_decision_letter(open_page, caravan, agency_staff, tmp_path):  # noqa: F811
    holder_page = open_page("fr", viewport=PHONE)
    dossier = holder_signs_up_and_submits(holder_page, caravan)
    assert dossier.state == DossierState.SUBMITTED

    # The officer, in Arabic, sends it back with what to deepen.
    officer_page = open_page("ar")
    login(officer_page, agency_staff["officer"].username)
    officer_page.goto(f"/dossiers/{dossier.pk}/")
    assert officer_page.locator("html").get_attribute("dir") == "rtl"
    officer_page.fill("#note-to_revise", "أضيفوا عروض الأسعار الخاصة بآلة لحام الألياف")
    officer_page.locator("button[data-target=to_revise]").click()
    officer_page.wait_for_load_state("networkidle")
    screenshot(officer_page, "journey-officer-sends-back-ar")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.TO_REVISE

    # The holder reads the request, revises and submits again.
    holder_page.goto(f"/portal/dossiers/{dossier.pk}/")
    assert "آلة لحام الألياف" in holder_page.locator("#revision-request").inner_text()
    holder_page.goto(f"/portal/dossiers/{dossier.pk}/edit/")
    holder_page.fill("#id_investment", "1350000")
    submit_main_form(holder_page)
    holder_page.wait_for_url(re.compile(rf".*/portal/dossiers/{dossier.pk}/$"))
    holder_page.locator("form[action$='/submit/'] button[type=submit]").click()
    holder_page.wait_for_load_state("networkidle")
    screenshot(holder_page, "journey-holder-resubmitted-fr-phone")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED

    # The officer records the financing plan; eligibility and study are covered step by step
    # by the dossiers e2e test.
    from decimal import Decimal

    from rowad.dossiers import services

    services.set_financing(
        dossier,
        lines=[
            {"kind": "personal_contribution", "amount": Decimal("135000")},
            {"kind": "agency_loan", "amount": Decimal("1215000")},
        ],
        actor=agency_staff["officer"],
    )
    dossier = advance(dossier, DossierState.READY_FOR_COMMITTEE, actor=agency_staff["officer"])

    # The committee approves it in Arabic and announces.
    session_url = f"/committees/{agency_staff['session'].pk}/"
    officer_page.goto(session_url)
    officer_page.on("dialog", lambda dialog: dialog.accept())
    for checkbox in officer_page.locator("input[name=present]").all():
        checkbox.check()
    officer_page.get_by_role("button", name="تسجيل الحضور").click()
    officer_page.wait_for_url(f"**{session_url}")
    officer_page.select_option("#id_dossier", str(dossier.pk))
    officer_page.get_by_role("button", name="إدراج في جدول الأعمال").click()
    officer_page.wait_for_url(f"**{session_url}")
    card = officer_page.locator("article.card").first
    card.locator("input[type=radio][value=approved]").check()
    for select in card.locator("select").all():
        select.select_option("for")
    card.get_by_role("button", name="تسجيل", exact=True).click()
    officer_page.locator("article.card .badge.decision-approved").wait_for()
    officer_page.get_by_role("button", name="الإعلان عن القرارات").click()
    officer_page.wait_for_url(f"**{session_url}")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.APPROVED

    # The holder downloads the letter from the portal.
    holder_page.goto(f"/portal/dossiers/{dossier.pk}/")
    link = holder_page.get_by_role("link", name=re.compile("Télécharger la lettre de décision"))
    screenshot(holder_page, "journey-holder-letter-fr-phone")
    response = holder_page.request.get(link.first.get_attribute("href") + "?lang=ar")
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    if shutil.which("pdftotext"):
        pdf = tmp_path / "letter-ar.pdf"
        pdf.write_bytes(response.body())
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "سليم بن عمر" in text
