"""The partners' homes in a real browser (issue 16): the trainer (Arabic), the mentor, the
sponsor and the funder (French) each see their queues with the right counts, and one
click on a line lands on the action it waits for. Screenshots of each home are kept in
docs/screenshots/home-<role>-<lang>.png (1280×800)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.financing.enums import LineDecision
from rowad.market.enums import OrderStatus
from rowad.training.enums import CohortState
from tests.committees.factories import DossierFactory
from tests.e2e.conftest import login
from tests.enterprises.accompaniment_factories import accompanied
from tests.factories import ProgrammeFactory
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.financing.plan_helpers import bank, funder_officer
from tests.market.factories import MarketWorld
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCREEN = {"width": 1280, "height": 800}


def _days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def _home(open_page, username: str, language: str):
    page = open_page(language, viewport=SCREEN)
    login(page, username)
    page.goto("/")
    page.locator("[data-role-home]").first.wait_for()
    return page


def _count(page, key: str) -> str:
    return page.locator(f'[data-queue="{key}"] [data-queue-count]').inner_text().strip()


def _keep(page, role: str, language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-{role}-{language}.png"))


def _click_first(page, key: str, url_pattern: str) -> None:
    page.locator(f'[data-queue="{key}"] .list-group-item a').first.click()
    page.wait_for_url(re.compile(url_pattern))


def test_trainer_home_in_arabic_leads_to_the_roll_call(open_page, world):
    trainer = world.users[Role.TRAINER]
    course = CourseFactory(
        programme=ProgrammeFactory(operator=world.oran_agency), name_ar="تركيب الألياف البصرية"
    )
    cohort = CohortFactory(
        reference="COH-ORAN-1",
        course=course,
        province=world.oran,
        starts_on=_days_ago(5),
        ends_on=_days_ago(-30),
        weekdays=[1, 2, 3, 4, 5, 6, 7],
        state=CohortState.RUNNING,
        trainers=[trainer],
    )
    EnrolmentFactory(cohort=cohort)
    CohortFactory(reference="COH-ORAN-2", course=course, province=world.oran, trainers=[trainer])
    page = _home(open_page, trainer.username, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _count(page, "training.roll_call_today") == "1"
    assert _count(page, "training.my_cohorts") == "2"
    _keep(page, "trainer", "ar")
    _click_first(page, "training.roll_call_today", rf"/training/cohorts/{cohort.pk}/roll-call/")


def test_mentor_home_in_french_leads_to_the_visit_form(open_page, world, settings):
    settings.ROWAD_VISIT_ALERT_MONTHS = 6
    overdue = accompanied(world, name="Atelier Oran Fibre", created_on=_days_ago(500))
    accompanied(world, name="Nouvelle entreprise", created_on=_days_ago(20))
    page = _home(open_page, world.users[Role.MENTOR].username, "fr")
    assert _count(page, "enterprises.overdue_visits") == "1"
    assert _count(page, "enterprises.caseload") == "2"
    _keep(page, "mentor", "fr")
    _click_first(page, "enterprises.overdue_visits", rf"/enterprises/{overdue.pk}/visit/")


def test_sponsor_home_in_french_leads_to_the_order(open_page, transactional_db):
    market = MarketWorld.build()
    unfilled = market.order(title="Raccordement Es Senia", status=OrderStatus.UNFILLED)
    market.order(
        title="Devis clos",
        status=OrderStatus.QUOTING,
        quote_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    sponsor = market.sponsor_officer()
    page = _home(open_page, sponsor.username, "fr")
    assert _count(page, "market.orders_waiting") == "1"
    assert _count(page, "market.invoices_to_pay") == "0"
    _keep(page, "sponsor", "fr")
    _click_first(page, "market.orders_waiting", rf"/market/orders/{unfilled.pk}/")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_funder_home_shows_its_queues_and_leads_to_the_decision(open_page, world, language):
    the_bank = bank(world)
    officer = funder_officer(world, the_bank)
    for title, days in (("Atelier de couture", 12), ("Boulangerie Oran", 3)):
        plan = PlanFactory(
            dossier=DossierFactory(title=title, province=world.oran, organization=world.oran_agency)
        )
        PlanLineFactory(
            plan=plan, funder=the_bank, decision=LineDecision.SUBMITTED, submitted_on=_days_ago(days)
        )
    oldest = plan.__class__.objects.get(dossier__title="Atelier de couture")
    PlanLineFactory(
        plan=PlanFactory(dossier=DossierFactory(province=world.oran, organization=world.oran_agency)),
        funder=the_bank,
        decision=LineDecision.APPROVED,
        approved_amount=Decimal("100000.00"),
        decided_on=_days_ago(9),
    )
    page = _home(open_page, officer.username, language)
    assert _count(page, "financing.decisions_waiting") == "2"
    assert _count(page, "financing.disbursements_waiting") == "1"
    assert _count(page, "financing.repayments_late") == "0"
    assert page.get_by_text("matching", exact=False).count() == 0
    _keep(page, "funder", language)
    _click_first(page, "financing.decisions_waiting", rf"/financing/plans/{oldest.pk}/")
