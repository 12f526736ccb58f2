"""An agency officer registers a person, finds them across scripts, edits the phone and
reads the change in the history — in Arabic (right to left) and in French."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province

pytestmark = pytest.mark.e2e

CASES = {
    "ar": {"search": "Mohamed Benali", "save": "حفظ", "edit": "تعديل"},
    "fr": {"search": "Mohammed Ben Ali", "save": "Enregistrer", "edit": "Modifier"},
}


@pytest.fixture
def officer(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", provinces=[oran])
    user = UserFactory(username="officer-e2e")
    MembershipFactory(user=user, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    return user


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_officer_registers_finds_and_edits_a_person(open_page, officer, language):
    case = CASES[language]
    page = open_page(language)
    login(page, officer.username)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")

    page.goto("/people/new/")
    page.fill("#id_given_name_ar", "محمد")
    page.fill("#id_family_name_ar", "بن علي")
    page.fill("#id_national_id", "109990101000000123" if language == "ar" else "109990101000000456")
    page.fill("#id_birth_date", "1997-03-12")
    page.select_option("#id_sex", "M")
    page.fill("#id_phone", "0550 12 34 56" if language == "ar" else "0550 65 43 21")
    page.select_option("#id_province", label="31 وهران" if language == "ar" else "31 Oran")
    page.check("input[name=consents][value=registration]")
    screenshot(page, f"people-create-{language}")
    page.get_by_role("button", name=case["save"]).click()
    page.wait_for_url("**/people/*/")
    person_url = page.url

    page.goto("/people/")
    # The list already shows the new person before any search: wait for the search's own
    # answer (it fires 300 ms after typing and pushes its URL), not for an idle network.
    with page.expect_response(lambda response: "q=" in response.url):
        page.fill("#id_q", case["search"])
    page.locator("#person-results").get_by_role("link", name="محمد بن علي").wait_for()
    screenshot(page, f"people-search-latin-{language}")
    page.locator("#person-results").get_by_role("link", name="محمد بن علي").first.click()
    page.wait_for_url(person_url)

    page.get_by_role("link", name=case["edit"], exact=True).click()
    page.fill("#id_phone", "0661 23 45 67")
    page.get_by_role("button", name=case["save"]).click()
    page.wait_for_url(person_url)
    assert "+213661234567" in page.locator("#person-phone").inner_text()
    history = page.locator("section[aria-labelledby=history-title]")
    assert "+213661234567" in history.inner_text()
    assert "+2135501234" in history.inner_text() or "+2135506543" in history.inner_text()
    screenshot(page, f"people-history-{language}")


def test_people_list_is_usable_on_a_phone(open_page, officer):
    page = open_page("ar", viewport=PHONE)
    login(page, officer.username)
    page.goto("/people/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    screenshot(page, "people-list-phone-ar")
