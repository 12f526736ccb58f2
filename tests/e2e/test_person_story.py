"""An officer finds a person from the top bar in Arabic, on a phone, lands on their page and
reads their story (registrations, dossiers, consents), without scrolling sideways."""

from __future__ import annotations

from pathlib import Path

import pytest

from rowad.accounts.enums import Role
from rowad.people.services import record_consent
from tests.dossiers.factories import advance, make_dossier
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province
from tests.outreach.factories import RegistrationFactory

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Elements whose box passes the viewport's edge (to name the culprit when the page is too wide).
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.right > innerWidth + 1 || r.left < -1); })
  .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width))"""


@pytest.fixture
def story(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", provinces=[oran])
    officer = UserFactory(username="officer-story")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    person = PersonFactory(
        national_id="",
        organization=agency,
        given_name_ar="ياسين",
        family_name_ar="قاسي",
        given_name_latin="Yacine",
        family_name_latin="Kaci",
        email="yacine.kaci.long.address@example.org",
        phone="+213661234567",
    )
    RegistrationFactory(person=person)
    record_consent(person, purpose="contact", actor=officer)

    class World:
        oran_agency = agency

    dossier = make_dossier(World, holders=[person], title="ورشة خياطة", actor=officer)
    advance(dossier, "submitted", actor=officer)
    return officer, person, dossier


def test_officer_finds_a_person_from_the_top_bar_and_reads_their_story(open_page, story):
    officer, person, dossier = story
    page = open_page("ar", viewport=PHONE)
    login(page, officer.username)

    page.fill("#topbar-q", "ياسين قاسي")
    page.press("#topbar-q", "Enter")
    page.wait_for_url(f"**/people/{person.pk}/")

    timeline = page.locator("#person-timeline")
    timeline.wait_for()
    assert timeline.locator("li[data-kind='dossiers.state']").count() == 2
    assert timeline.locator("li[data-kind='outreach.registration']").count() == 1
    assert timeline.locator("li[data-kind='people.consent']").count() == 1
    assert dossier.reference in timeline.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], page.evaluate(OVERFLOWING)
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / "person-story-ar.png"), full_page=True)
    screenshot(page, "person-story-ar")
