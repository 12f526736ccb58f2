"""In Arabic, an agency officer records the enterprise of a financed dossier from the
dossier page (a bad NIF is shown on its field first), lands on the enterprise page laid
out right to left with its overdue creation steps flagged, and marks one step done."""

from __future__ import annotations

import datetime

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.enterprises.models import Enterprise
from tests.committees.factories import DossierFactory
from tests.e2e.conftest import login, screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    province,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def setting(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANADE Oran", name_ar="أناد وهران", provinces=[oran])
    officer = UserFactory(username="officer-enterprise-e2e")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    holder = PersonFactory(
        national_id="", given_name_ar="كريم", family_name_ar="بن سالم", organization=agency
    )
    dossier = DossierFactory(
        programme=ProgrammeFactory(operator=agency),
        organization=agency,
        province=oran,
        title="صيانة شبكات الألياف البصرية",
        state=DossierState.FINANCED,
        holders=[holder],
    )
    return officer, dossier


def test_officer_records_the_enterprise_in_arabic(open_page, setting):
    officer, dossier = setting
    page = open_page("ar")
    login(page, officer.username)
    page.goto(f"/dossiers/{dossier.pk}/")
    page.locator("#record-enterprise-link").click()
    page.wait_for_url(f"**/enterprises/new/{dossier.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    created = (datetime.date.today() - datetime.timedelta(days=50)).isoformat()
    page.select_option("#id_legal_form", "micro_enterprise")
    page.fill("#id_name_ar", "مؤسسة الألياف للشبكات")
    page.fill("#id_name_latin", "Fibre Réseaux Oran")
    page.fill("#id_created_on", created)
    page.fill("#id_address", "حي الصباح، وهران")
    page.fill("#id_trade_register", "31/00-0123456 B 21")
    page.fill("#id_tax_id", "12AB")
    page.select_option(f"#id_owner_{dossier.holders.first().pk}_role", "manager")
    page.click("#record-enterprise")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_tax_id").get_attribute("aria-invalid") == "true"
    assert not Enterprise.objects.exists()
    screenshot(page, "enterprises-create-ar")

    page.fill("#id_tax_id", "000231012345678")
    page.click("#record-enterprise")
    page.wait_for_load_state("networkidle")
    enterprise = Enterprise.objects.get(dossier=dossier)
    assert page.url.endswith(f"/enterprises/{enterprise.pk}/")
    assert page.locator("#late-steps").is_visible()
    late = page.locator(".step-row[data-state=late]")
    assert late.count() >= 1

    first = late.first
    first.locator("summary").click()
    first.locator("input[type=date]").fill(datetime.date.today().isoformat())
    first.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert enterprise.steps.filter(done_on=datetime.date.today()).count() == 1
    screenshot(page, "enterprises-detail-ar")

    # The list, reached as a figure's link would (alive today): the filter shows as a chip.
    page.goto("/enterprises/?alive_now=1")
    assert page.locator(".filter-chip[data-param=alive_now]").is_visible()
    assert page.locator("#enterprise-table").get_by_text(enterprise.reference).is_visible()
    screenshot(page, "enterprises-list-ar")
    page.goto(f"/dossiers/{dossier.pk}/")
    assert page.locator("#enterprise-link").is_visible()
