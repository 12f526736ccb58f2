"""In French, an agency officer walks a dossier's financing from the dossier page: proposes
the plan from the programme's formula, submits it, records each funder's approval, sees the
plan approved and marks the dossier financed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.financing.enums import LineDecision, PlanState
from rowad.financing.models import FinancingPlan
from rowad.partners.enums import OrganizationKind
from tests.committees.factories import DossierFactory
from tests.e2e.conftest import login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, UserFactory, province
from tests.financing.factories import three_part_formula

pytestmark = pytest.mark.e2e


@pytest.fixture
def setting(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANADE Oran", name_ar="أناد وهران", provinces=[oran])
    bank = OrganizationFactory(
        kind=OrganizationKind.FUNDER, name_fr="BADR Oran", name_ar="بدر وهران", provinces=[oran]
    )
    officer = UserFactory(username="officer-plan-e2e")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    programme = ProgrammeFactory(operator=agency)
    three_part_formula(programme, agency=agency, bank=bank)
    dossier = DossierFactory(
        programme=programme,
        organization=agency,
        province=oran,
        title="Atelier de fibre optique",
        state=DossierState.TO_FINANCING,
        investment=Decimal("4500000"),
    )
    return officer, dossier


def test_officer_walks_the_plan_from_the_dossier_to_financed_in_french(open_page, setting):
    officer, dossier = setting
    page = open_page("fr")
    login(page, officer.username)
    page.goto(f"/dossiers/{dossier.pk}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert not FinancingPlan.objects.filter(dossier=dossier).exists()

    # Propose the plan from the formula: the plan page opens with its three lines.
    page.locator("#propose-plan").click()
    page.wait_for_load_state("networkidle")
    plan = FinancingPlan.objects.get(dossier=dossier)
    assert page.url.endswith(f"/financing/plans/{plan.pk}/")
    lines = list(plan.lines.order_by("position", "id"))
    assert len(lines) == 3
    assert sum(line.amount for line in lines) == Decimal("4500000.00")
    assert page.locator("#plan-lines tbody tr").count() == 3

    # Submit it to the funders.
    page.fill("#plan-submit-form #id_submitted_on", "2026-03-01")
    page.locator("#plan-submit-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED

    # Record each funder's approval, line by line.
    for line in lines:
        prefix = f"#id_line-{line.pk}"
        page.select_option(f"{prefix}-decision", LineDecision.APPROVED)
        page.fill(f"{prefix}-decided_on", "2026-03-20")
        page.locator(f"form[action='/financing/lines/{line.pk}/decision/'] button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert "La décision du financeur a été enregistrée." in page.locator("body").inner_text()
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert "Approuvé" in page.locator("#plan-state").inner_text()
    # From the approved plan: each line's tranches and the repaid lines' schedules.
    for line in lines:
        assert page.locator(f"a[href='/financing/lines/{line.pk}/disbursements/']").count() == 1
    assert page.locator("a.line-generate").count() == 2
    screenshot(page, "financing-plan-approved-fr")

    # Back on the dossier: "Mark financed".
    page.goto(f"/dossiers/{dossier.pk}/")
    assert "Approuvé" in page.locator("#financing-plan-state").inner_text()
    page.locator("form.transition-form button[data-target='financed']").click()
    page.wait_for_load_state("networkidle")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.FINANCED
    assert "Financé" in page.locator("body").inner_text()
    screenshot(page, "financing-dossier-financed-fr")
