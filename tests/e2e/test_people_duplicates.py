"""A reviewer works the duplicate queue: merges a pair and undoes it in Arabic, marks a
pair "not the same person" in French. The pairs come from a real run of the engine."""

from __future__ import annotations

from datetime import date

import pytest

from rowad.accounts.enums import Role
from rowad.people.duplicates import find_duplicates
from rowad.people.models import DuplicateCandidate, Person
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province

pytestmark = pytest.mark.e2e


@pytest.fixture
def reviewer(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", provinces=[oran])
    user = UserFactory(username="reviewer-e2e")
    MembershipFactory(user=user, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    # The same young man registered twice: in Arabic at a caravan stop, in Latin at the office.
    PersonFactory(
        given_name_ar="محمد",
        family_name_ar="بن علي",
        given_name_latin="",
        family_name_latin="",
        national_id="",
        phone="+213550123456",
        birth_date=date(1997, 3, 12),
        sex="M",
    )
    PersonFactory(
        given_name_ar="",
        family_name_ar="",
        given_name_latin="Mouhamed",
        family_name_latin="Ben Ali",
        national_id="199703120012345678",
        phone="+213550123456",
        birth_date=date(1997, 3, 12),
        sex="M",
    )
    # Another pair: Abdelkader Zerrouki / عبد القادر زروقي, birth day and month swapped.
    PersonFactory(
        given_name_ar="عبد القادر",
        family_name_ar="زروقي",
        given_name_latin="",
        family_name_latin="",
        national_id="",
        phone="",
        birth_date=date(1990, 4, 7),
        sex="M",
    )
    PersonFactory(
        given_name_ar="",
        family_name_ar="",
        given_name_latin="Abd El Kader",
        family_name_latin="Zerrouki",
        national_id="",
        phone="+213661000000",
        birth_date=date(1990, 7, 4),
        sex="M",
    )
    find_duplicates()
    return user


def test_reviewer_merges_in_arabic_and_undoes(open_page, reviewer):
    assert DuplicateCandidate.objects.filter(status="open").count() == 2
    page = open_page("ar")
    login(page, reviewer.username)
    page.goto("/people/duplicates/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "duplicates-queue-ar")
    page.locator("#duplicate-table").get_by_role("link", name="مقارنة").first.click()
    page.wait_for_url("**/people/duplicates/*/")
    assert "الاسم نفسه بكتابة أو حروف أخرى" in page.locator("#explanation").inner_text()
    screenshot(page, "duplicates-compare-ar")
    page.get_by_role("button", name="دمج", exact=True).click()
    # The confirmation step names both records before anything is merged.
    page.wait_for_url("**/merge/?survivor=*")
    page.locator("#confirm-question").wait_for()
    assert "دمج «" in page.locator("#confirm-question").inner_text()
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
    with page.expect_navigation(url=lambda url: "/merge/" not in url):
        page.get_by_role("button", name="دمج", exact=True).click()
    assert Person.objects.filter(merged_into__isnull=False).count() == 1
    screenshot(page, "duplicates-merged-ar")
    page.locator("#person-merges").get_by_role("button", name="التراجع عن الدمج").click()
    page.wait_for_load_state("networkidle")
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
    assert DuplicateCandidate.objects.filter(status="open").count() == 2


def test_reviewer_marks_not_the_same_in_french(open_page, reviewer):
    page = open_page("fr")
    login(page, reviewer.username)
    page.goto("/people/duplicates/")
    page.locator("#duplicate-table").get_by_role("link", name="Comparer").last.click()
    page.wait_for_url("**/people/duplicates/*/")
    screenshot(page, "duplicates-compare-fr")
    page.get_by_role("button", name="Pas la même personne").click()
    page.wait_for_url("**/people/duplicates/")
    assert DuplicateCandidate.objects.filter(status="distinct").count() == 1
    assert "Cette paire ne sera plus proposée" in page.content()
    screenshot(page, "duplicates-distinct-fr")


def test_duplicate_comparison_fits_a_phone(open_page, reviewer):
    page = open_page("ar", viewport=PHONE)
    login(page, reviewer.username)
    page.goto(f"/people/duplicates/{DuplicateCandidate.objects.first().pk}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "duplicates-compare-phone-ar")
    assert width <= PHONE["width"] + 1
