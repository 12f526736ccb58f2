"""A holder logs in on a phone, in Arabic, and their space leads with what they must do next:
they choose the specialty, add a co-holder, propose the financing plan and submit, each
time sent back to the next step."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from rowad.core.sms import MemorySMSBackend
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from tests.dossiers.factories import make_dossier, oran_programme
from tests.e2e.conftest import PHONE, screenshot
from tests.factories import SpecialtyFactory
from tests.financing.factories import three_part_formula
from tests.financing.plan_helpers import bank
from tests.portal.factories import make_holder

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _submit(page) -> None:
    page.locator("main form[data-submit-once] button[type=submit]").first.click()


def _next_step(page, kind: str):
    page.goto("/portal/")
    step = page.locator(f"#next-steps [data-step={kind}]").first
    step.wait_for()
    return step


def test_portal_next_steps_lead_the_holder_to_submit(open_page, world):
    MemorySMSBackend.outbox.clear()
    user, account, person = make_holder(world.oran_agency, username="holder-next-e2e", given_name_ar="أمينة")
    user.preferred_language = "ar"
    user.save()
    programme = oran_programme(
        world, name_ar="قافلة الألياف البصرية", name_fr="Caravane fibre", min_members=2, max_members=3
    )
    programme.required_documents.clear()
    specialty = SpecialtyFactory(code="fiber-optics-e2e", name_ar="الألياف البصرية", name_fr="Fibre optique")
    programme.specialties.set([specialty])
    three_part_formula(programme, agency=world.oran_agency, bank=bank(world))
    dossier = make_dossier(
        world,
        programme=programme,
        holders=[person],
        actor=user,
        title="تعاونية تركيب الألياف",
        investment=Decimal("4500000"),
    )
    dossier.financing_lines.all().delete()
    page = open_page("ar", viewport=PHONE)
    page.set_default_timeout(45_000)  # several steps, each a page load on a shared machine

    page.goto("/portal/login/")
    page.fill("#id_contact", account.phone)
    _submit(page)
    page.wait_for_url("**/portal/verify/")
    page.fill("#id_code", re.search(r"\d{6}", MemorySMSBackend.outbox[-1].body).group(0))
    _submit(page)
    page.wait_for_url("**/portal/")

    # The home leads with the next step: choose the specialty.
    step = page.locator("#next-steps [data-step]").first
    step.wait_for()
    assert step.get_attribute("data-step") == "specialty"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, "portal-home-ar"), DOCS / "portal-home-ar.png")

    step.locator(".next-step-action").click()
    page.wait_for_url(f"**/portal/dossiers/{dossier.pk}/edit/")
    page.select_option("#id_specialty", str(specialty.pk))
    _submit(page)
    page.wait_for_url(f"**/portal/dossiers/{dossier.pk}/")
    page.locator("#eligibility-title").wait_for()

    # Then the co-holders (the programme needs two holders).
    _next_step(page, "co_holders").locator(".next-step-action").click()
    page.wait_for_url(f"**/portal/dossiers/{dossier.pk}/co-holders/")
    page.fill("#id_name", "كريم بن علي")
    page.fill("#id_phone", "0770 98 76 54")
    _submit(page)
    page.locator("#holder-list li").nth(1).wait_for()
    assert "كريم" in page.locator("#holder-list").inner_text()

    # Then the financing plan, as the formula proposes it.
    _next_step(page, "plan").locator(".next-step-action").click()
    page.wait_for_url(f"**/portal/dossiers/{dossier.pk}/financing-plan/")
    page.locator("#plan-form").wait_for()
    page.locator("#plan-form button[type=submit]").click()
    page.wait_for_url(f"**/portal/dossiers/{dossier.pk}/")

    # Then submit, from the home's last step.
    _next_step(page, "submit").locator(".next-step-action").click()
    page.wait_for_url(f"**/portal/dossiers/{dossier.pk}/#submit-title")
    page.locator(f"form[action='/portal/dossiers/{dossier.pk}/submit/'] button").click()
    page.locator("#dossier-state.badge-colour-blue").wait_for()
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED
    _next_step(page, "wait")
