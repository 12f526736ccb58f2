"""An officer reads the figures in Arabic and French: the national dashboard shows only
their provinces, a click on a province of the map filters the page, a click on a bar lands
on the list of exactly the records it counts; the XLSX and the PDF report download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.core.enums import Sex
from tests.e2e.conftest import login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province
from tests.outreach.factories import CampaignFactory, PhaseFactory, RegistrationFactory, StopFactory

pytestmark = pytest.mark.e2e

# Registrations per province and sex: Oran and Skikda are the officer's, Annaba is not.
REGISTRATIONS = {("31", Sex.FEMALE): 3, ("31", Sex.MALE): 5, ("21", Sex.FEMALE): 2, ("23", Sex.MALE): 4}


@pytest.fixture
def figures_world(transactional_db):
    oran, skikda, annaba = province("DZ", "31"), province("DZ", "21"), province("DZ", "23")
    agency = OrganizationFactory(name_fr="ANADE", name_ar="أناد", provinces=[oran, skikda, annaba])
    officer = UserFactory(username="officer-figures")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran, skikda])
    campaign = CampaignFactory(name_ar="القافلة", name_fr="La caravane", lead_organization=agency,
                               organizations=[agency])  # fmt: skip
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[oran, skikda, annaba])
    captured = timezone.now() - dt.timedelta(days=2)
    for (code, sex), count in REGISTRATIONS.items():
        place = {"31": oran, "21": skikda, "23": annaba}[code]
        stop = StopFactory(phase=phase, province=place, host_organization=agency)
        for _ in range(count):
            RegistrationFactory(
                stop=stop, person=PersonFactory(sex=sex, province=place), captured_at=captured
            )
    return {"oran": oran, "skikda": skikda}


def _registered(page) -> str:
    return page.locator('#funnel [data-indicator="registered"] [data-value]').inner_text().strip()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_officer_reads_the_funnel_and_lands_on_its_records(open_page, figures_world, language):
    page = open_page(language)
    login(page, "officer-figures")
    page.goto("/figures/?country=DZ")
    # 3 + 5 in Oran, 2 in Skikda: Annaba's 4 are outside the officer's provinces.
    assert _registered(page) == "10"
    screenshot(page, f"figures-dashboard-{language}")
    page.locator('#funnel [data-indicator="registered"] [data-value] a').click()
    page.wait_for_url("**/figures/records/registered/**")
    assert page.locator("#records-total").inner_text().strip() == "10"
    assert page.locator("#records tbody tr").count() == 10
