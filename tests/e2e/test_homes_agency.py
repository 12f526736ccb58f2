"""The homes of the field agent (on a phone) and the agency officer (on a desktop), in
Arabic and French: each queue shows its exact count, nothing of another province, and a
click on a line lands on the action it waits for. The screenshots go to docs/screenshots/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.shell.week import Week
from tests.committees.factories import DossierFactory
from tests.e2e.conftest import PHONE, login
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province, province_by_name
from tests.outreach.factories import CampaignFactory, PhaseFactory, StopFactory
from tests.shell.test_week_figures import reached

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
SUBMITTED_DAYS_AGO = (3, 8, 1)


@pytest.fixture
def agency(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANADE Oran", name_ar="أناد وهران", provinces=[oran])
    elsewhere = OrganizationFactory(country="MA", name_fr="ANAPEC", provinces=[province_by_name("Al Hoce")])
    agent = UserFactory(username="agent-home")
    officer = UserFactory(username="officer-home")
    director = UserFactory(username="director-home")
    MembershipFactory(user=director, organization=agency, role=Role.DIRECTOR, provinces=[oran])
    MembershipFactory(user=agent, organization=agency, role=Role.FIELD_AGENT, provinces=[oran])
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    campaign = CampaignFactory(name_ar="قافلة المقاولاتية", name_fr="Caravane de l'entrepreneuriat",
                               lead_organization=agency, organizations=[agency])  # fmt: skip
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[oran])
    today = timezone.localdate()
    now_stop = StopFactory(phase=phase, province=oran, venue="ساحة أول نوفمبر", host_organization=agency,
                           field_agents=[agent])  # fmt: skip
    StopFactory(phase=phase, province=oran, venue="دار الشباب", host_organization=agency, field_agents=[agent],
                starts_on=today + dt.timedelta(days=5), ends_on=today + dt.timedelta(days=6))  # fmt: skip
    for days, title in [
        (3, "Atelier de couture"),
        (8, "Boulangerie artisanale"),
        (1, "Réparation de téléphones"),
    ]:
        submitted_at = timezone.now() - dt.timedelta(days=days)
        dossier = DossierFactory(title=title, state=DossierState.SUBMITTED, organization=agency, province=oran,
                                 submitted_at=submitted_at)  # fmt: skip
        reached(dossier, (DossierState.SUBMITTED, submitted_at))
    DossierFactory(
        title="Élevage ovin", state=DossierState.ELIGIBILITY_CHECKED, organization=agency, province=oran
    )
    DossierFactory(title="Hors champ", state=DossierState.SUBMITTED, organization=elsewhere,
                   province=province_by_name("Al Hoce"))  # fmt: skip
    return {"stop": now_stop, "organization": agency}


def _count(page, key: str) -> str:
    return page.locator(f'[data-queue="{key}"] [data-queue-count]').inner_text().strip()


def _save(page, name: str) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_field_agent_home_on_a_phone(open_page, agency, language):
    page = open_page(language, viewport=PHONE)
    login(page, "agent-home")
    page.goto("/")
    queue = page.locator('[data-queue="outreach.field_stops"]')
    queue.wait_for()
    assert _count(page, "outreach.field_stops") == "2"
    assert queue.locator("[data-field-stop]").count() == 2
    assert queue.locator("[data-field-queue-count]").count() == 1
    # The stop in progress comes first, one tap from its registration form.
    assert "ساحة أول نوفمبر" in queue.locator("[data-field-stop]").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _save(page, f"home-field_agent-{language}")
    queue.locator("[data-field-stop]").first.locator("a.btn-success").click()
    page.wait_for_url(f"**/outreach/stop/{agency['stop'].pk}/register/")
    page.locator("#id_given_name_ar").wait_for()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_agency_officer_home_on_a_desktop(open_page, agency, language):
    page = open_page(language, viewport=DESKTOP)
    login(page, "officer-home")
    page.goto("/")
    queue = page.locator('[data-queue="dossiers.awaiting_eligibility"]')
    queue.wait_for()
    assert _count(page, "dossiers.awaiting_eligibility") == "3"
    assert _count(page, "dossiers.awaiting_study") == "1"
    assert _count(page, "dossiers.studies_in_progress") == "0"
    lines = queue.locator("li a")
    assert "Boulangerie artisanale" in lines.first.inner_text()  # the oldest first
    assert "Hors champ" not in page.content()
    _save(page, f"home-agency_officer-{language}")
    lines.first.click()
    page.wait_for_url("**/dossiers/*/")
    page.get_by_text("Boulangerie artisanale").first.wait_for()


def test_director_home_shows_the_week(open_page, agency):
    oran = province("DZ", "31")
    for title in ("Menuiserie", "Apiculture"):
        dossier = DossierFactory(title=title, state=DossierState.UNDER_STUDY, organization=agency["organization"],
                                 province=oran, submitted_at=timezone.now())  # fmt: skip
        reached(dossier, (DossierState.SUBMITTED, timezone.now()))
    monday = Week.of(timezone.localdate()).start
    earlier = sum(
        1 for days in SUBMITTED_DAYS_AGO if timezone.localdate() - dt.timedelta(days=days) >= monday
    )
    page = open_page("ar", viewport=DESKTOP)
    login(page, "director-home")
    page.goto("/")
    submitted = page.locator('[data-week-figure="submitted"] [data-this-week]')
    submitted.wait_for()
    # Submitted since Monday in Oran; not Al Hoceima's.
    assert submitted.inner_text().strip() == str(2 + earlier)
    _save(page, "home-director-ar")
    submitted.click()
    page.wait_for_url("**/figures/records/submitted/**")
    assert page.locator("#records-total").inner_text().strip() == str(2 + earlier)
