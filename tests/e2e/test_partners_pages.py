"""An agency officer records a programme in French (eligibility rules read back as
sentences) and reads an agreement in Arabic (right to left, parties, history), on a
desktop and on a phone."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.partners.enums import OrganizationKind, PartyRole
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgrammeFactory,
    SpecialtyFactory,
    UserFactory,
    province,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def setting(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(
        kind=OrganizationKind.AGENCY,
        name_fr="ANSEJ Oran",
        name_ar="وكالة دعم تشغيل الشباب - وهران",
        provinces=[oran],
    )
    telecom = OrganizationFactory(
        kind=OrganizationKind.SPONSOR,
        name_fr="Algérie Télécom Oran",
        name_ar="اتصالات الجزائر - وهران",
        provinces=[oran],
    )
    association = OrganizationFactory(
        kind=OrganizationKind.ASSOCIATION,
        name_fr="Association des bénéficiaires du micro-crédit",
        name_ar="جمعية المستفيدين من القروض المصغرة",
        provinces=[oran],
    )
    agreement = AgreementFactory(title="اتفاقية الألياف البصرية - وهران", reference="AT-ANSEJ-31")
    AgreementPartyFactory(agreement=agreement, organization=agency, role=PartyRole.OPERATOR)
    AgreementPartyFactory(
        agreement=agreement, organization=telecom, role=PartyRole.SPONSOR, commitments="تكوين لمدة 45 يوما"
    )
    AgreementPartyFactory(agreement=agreement, organization=association, role=PartyRole.OUTREACH)
    fiber = SpecialtyFactory(code="fiber-optics", name_fr="Fibre optique", name_ar="الألياف البصرية")
    programme = ProgrammeFactory(
        code="ict-oran",
        name_ar="المؤسسات المصغرة في الاتصالات - وهران",
        operator=agency,
        min_age=19,
        max_age=35,
        requires_unemployed=True,
        excludes_prior_aid=True,
        min_education="vocational",
        benefits=["interest_free_loan", "training", "contracting"],
        max_members=3,
    )
    programme.provinces.set([oran])
    programme.specialties.set([fiber])
    programme.agreements.set([agreement])
    user = UserFactory(username="officer-partners")
    MembershipFactory(user=user, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    return {"user": user, "agreement": agreement, "oran": oran, "programme": programme}


def test_officer_creates_programme_in_french(open_page, setting):
    page = open_page("fr")
    login(page, setting["user"].username)
    page.goto("/partners/programmes/")
    page.get_by_role("link", name="Enregistrer un programme").click()
    page.fill("#id_name_fr", "Micro-entreprises TIC Oran")
    page.fill("#id_name_ar", "المؤسسات المصغرة في تكنولوجيات الإعلام والاتصال - وهران")
    page.fill("#id_code", "tic-oran")
    page.select_option("#id_operator", label="ANSEJ Oran")
    page.fill("#id_min_age", "19")
    page.fill("#id_max_age", "35")
    page.fill("#id_max_members", "3")
    page.check("input[name=benefits][value=training]")
    page.check("input[name=benefits][value=contracting]")
    page.check("#id_requires_unemployed")
    page.select_option("#id_provinces", label="31 Oran")
    page.get_by_label("Fibre optique").check()
    screenshot(page, "partners-programme-create-fr")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/partners/programmes/*/")
    rules = page.locator("#eligibility-rules").inner_text()
    assert "Les candidats ont de 19 à 35 ans." in rules
    assert "Ouvert aux résidents de : 31 Oran." in rules
    assert "Les candidats doivent être sans emploi." in rules
    assert "Un projet compte de 1 à 3 porteurs." in rules
    assert page.locator("section[aria-labelledby=history-title]").is_visible()
    screenshot(page, "partners-programme-detail-fr")


def test_officer_bad_age_range_gets_message_in_french(open_page, setting):
    page = open_page("fr")
    login(page, setting["user"].username)
    page.goto("/partners/programmes/new/")
    page.fill("#id_name_fr", "Programme mal réglé")
    page.fill("#id_code", "mal-regle")
    page.select_option("#id_operator", label="ANSEJ Oran")
    page.fill("#id_min_age", "40")
    page.fill("#id_max_age", "20")
    page.get_by_role("button", name="Enregistrer").click()
    assert (
        "L'âge maximum doit être au moins égal à l'âge minimum."
        in page.locator("#id_max_age_error").inner_text()
    )
    screenshot(page, "partners-programme-error-fr")


def test_officer_views_agreement_in_arabic(open_page, setting):
    page = open_page("ar")
    login(page, setting["user"].username)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto("/partners/agreements/")
    page.get_by_role("link", name="اتفاقية الألياف البصرية - وهران").click()
    parties = page.locator("#agreement-parties").inner_text()
    assert "اتصالات الجزائر - وهران" in parties
    assert "راعٍ" in parties
    assert "تكوين لمدة 45 يوما" in parties
    assert page.get_by_role("heading", name="الأطراف").is_visible()
    screenshot(page, "partners-agreement-detail-ar")


def test_officer_edits_agreement_in_arabic_and_sees_history(open_page, setting):
    page = open_page("ar")
    login(page, setting["user"].username)
    page.goto(f"/partners/agreements/{setting['agreement'].pk}/")
    page.get_by_role("link", name="تعديل", exact=True).click()
    page.fill("#id_title", "اتفاقية الألياف البصرية والشبكات الهرتزية - وهران")
    screenshot(page, "partners-agreement-edit-ar")
    page.get_by_role("button", name="حفظ").click()
    page.wait_for_url(f"**/partners/agreements/{setting['agreement'].pk}/")
    history = page.locator("section[aria-labelledby=history-title]").inner_text()
    assert "اتفاقية الألياف البصرية - وهران" in history
    assert "اتفاقية الألياف البصرية والشبكات الهرتزية - وهران" in history
    screenshot(page, "partners-agreement-history-ar")


def test_programme_rules_read_in_arabic_on_a_phone(open_page, setting):
    page = open_page("ar", viewport=PHONE)
    login(page, setting["user"].username)
    page.goto(f"/partners/programmes/{setting['programme'].pk}/")
    rules = page.locator("#eligibility-rules").inner_text()
    assert "يتراوح سن المترشحين بين 19 و35 سنة." in rules
    assert "يجب أن يكون المترشح بطالا." in rules
    assert "المستوى الدراسي الأدنى" in rules
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, "partners-programme-detail-phone-ar")


@pytest.mark.parametrize("path", ["/partners/", "/partners/agreements/", "/partners/programmes/new/"])
def test_partners_pages_fit_a_phone_in_arabic(open_page, setting, path):
    page = open_page("ar", viewport=PHONE)
    login(page, setting["user"].username)
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    screenshot(page, "partners-phone-ar" + path.replace("/", "-").rstrip("-"))
