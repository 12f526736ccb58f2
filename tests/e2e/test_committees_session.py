"""A committee session in the browser: the secretary records attendance, puts a dossier
on the agenda, records the decision with each member's vote, announces; the dossier is
approved and the holder's letter is there — in Arabic (right to left) and in French."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers.models import Dossier
from tests.committees.factories import DossierFactory, GridFactory, SessionFactory
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    province,
)

pytestmark = pytest.mark.e2e

CASES = {
    "ar": {
        "attendance": "تسجيل الحضور",
        "agenda": "إدراج في جدول الأعمال",
        "record": "تسجيل",
        "announce": "الإعلان عن القرارات",
        "approved": "مقبول",
        "status": "تم الإعلان عن القرارات",
        "letter": "الرسالة (بالعربية)",
    },
    "fr": {
        "attendance": "Enregistrer les présences",
        "agenda": "Inscrire à l'ordre du jour",
        "record": "Enregistrer",
        "announce": "Annoncer les décisions",
        "approved": "Accepté",
        "status": "Décisions annoncées",
        "letter": "lettre (français)",
    },
}


@pytest.fixture
def setup(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", name_ar="أنساج وهران", provinces=[oran])
    officer = UserFactory(username="secretary-e2e", first_name="Nadia")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    members = []
    for index, name in enumerate(("Karim", "Samia", "Walid")):
        user = UserFactory(username=f"member-e2e-{index}", first_name=name)
        MembershipFactory(user=user, organization=agency, role=Role.COMMITTEE_MEMBER, provinces=[oran])
        members.append(user)
    programme = ProgrammeFactory(operator=agency, name_fr="Micro-entreprises TIC", name_ar="المؤسسات المصغرة")
    GridFactory(programme=programme)
    holder = PersonFactory(
        given_name_ar="ياسين",
        family_name_ar="بلقاسم",
        given_name_latin="Yacine",
        family_name_latin="Belkacem",
        national_id="",
    )
    dossier = DossierFactory(programme=programme, organization=agency, holders=[holder], title="Fibre Kahina")
    session = SessionFactory(
        organization=agency,
        programme=programme,
        members=members,
        quorum=2,
        title="Commission de wilaya d'Oran",
    )
    return {"officer": officer, "session": session, "dossier": dossier}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_committee_decides_and_announces(open_page, setup, language):
    case = CASES[language]
    page = open_page(language)
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, setup["officer"].username)
    session_url = f"/committees/{setup['session'].pk}/"
    page.goto(session_url)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")

    for checkbox in page.locator("input[name=present]").all():
        checkbox.check()
    page.get_by_role("button", name=case["attendance"]).click()
    page.wait_for_url(f"**{session_url}")

    page.select_option("#id_dossier", str(setup["dossier"].pk))
    page.get_by_role("button", name=case["agenda"]).click()
    page.wait_for_url(f"**{session_url}")

    card = page.locator("article.card").first
    card.locator("input[type=radio][value=approved]").check()
    for select in card.locator("select").all():
        select.select_option("for")
    screenshot(page, f"committees-session-deciding-{language}")
    card.get_by_role("button", name=case["record"], exact=True).click()
    page.locator("article.card .badge.decision-approved").wait_for()
    assert case["approved"] in page.locator("article.card").first.inner_text()

    page.get_by_role("button", name=case["announce"]).click()
    page.wait_for_url(f"**{session_url}")
    assert page.locator("#session-status").inner_text().strip() == case["status"]
    screenshot(page, f"committees-session-announced-{language}")
    assert Dossier.objects.get(pk=setup["dossier"].pk).state == "approved"

    letter_href = page.get_by_role("link", name=case["letter"]).get_attribute("href")
    response = page.request.get(letter_href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"


def test_session_page_is_usable_on_a_phone(open_page, setup):
    page = open_page("ar", viewport=PHONE)
    login(page, setup["officer"].username)
    page.goto(f"/committees/{setup['session'].pk}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    screenshot(page, "committees-session-phone-ar")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_evaluator_scores_and_the_committee_sees_the_mean(open_page, setup, language):
    from rowad.committees import services
    from rowad.committees.models import Evaluation

    member = setup["session"].seats.first().user
    evaluation = services.assign_evaluator(setup["dossier"], evaluator=member, actor=setup["officer"])
    page = open_page(language)
    login(page, member.username)
    page.goto(f"/committees/evaluations/{evaluation.pk}/")
    for field, value in zip(page.locator("input.score-input").all(), ("16", "12,5", "9"), strict=True):
        field.fill(value)
    screenshot(page, f"committees-evaluation-{language}")
    page.locator("#evaluation-form button[type=submit]").click()
    page.wait_for_url(f"**/committees/evaluations/{evaluation.pk}/")
    assert Evaluation.objects.get(pk=evaluation.pk).version == 2
    page.goto(f"/committees/dossiers/{setup['dossier'].pk}/scores/")
    # (16·3 + 12.5·2 + 9·1) / 6 = 13.67
    assert page.locator(f"#score-mean-{setup['dossier'].pk}").inner_text().strip() == "13,67"
    screenshot(page, f"committees-scores-{language}")
