"""A holder logs into their space in French, opens "Mon entreprise" and updates its jobs
and turnover; an agency officer confirms the declaration on the enterprise page and the
enterprise's jobs show the new count."""

from __future__ import annotations

import re

import pytest

from rowad.core.sms import MemorySMSBackend
from rowad.enterprises.models import JobsDeclaration
from tests.e2e.conftest import DESKTOP, PHONE, login, screenshot
from tests.enterprises.declaration_helpers import enterprise_of
from tests.portal.factories import make_holder

pytestmark = pytest.mark.e2e


def _submit(page):
    page.locator("main form[data-submit-once] button[type=submit]").first.click()


def test_enterprises_holder_declares_jobs_in_french_and_the_officer_confirms(open_page, world):
    MemorySMSBackend.outbox.clear()
    user, account, person = make_holder(
        world.oran_agency, username="holder-ent-e2e", given_name_latin="Karima"
    )
    user.preferred_language = "fr"
    user.save()
    mentor = world.users["mentor"]
    mentor.first_name, mentor.last_name = "Yacine", "Belkacem"
    mentor.save()
    enterprise = enterprise_of(person, mentor=mentor, title="Fibre Karima", name_latin="Fibre Karima SARL")
    prefix = f"#id_ent{enterprise.pk}-"

    # The holder, on a phone, in French.
    page = open_page("fr", viewport=PHONE)
    page.goto("/portal/login/")
    page.fill("#id_contact", account.phone)
    _submit(page)
    page.wait_for_url("**/portal/verify/")
    page.fill("#id_code", re.search(r"\d{6}", MemorySMSBackend.outbox[-1].body).group(0))
    _submit(page)
    page.wait_for_url("**/portal/")
    assert "Mon entreprise" in page.locator("#enterprise-title").inner_text()
    page.click("#my-enterprise-link")
    page.wait_for_url("**/portal/enterprise/")

    assert page.locator("h1").inner_text() == "Mon entreprise"
    card = page.locator(f"[data-enterprise='{enterprise.pk}']")
    assert card.locator("h2").inner_text() == "Fibre Karima SARL"
    assert card.locator("[data-field=mentor]").inner_text() == "Yacine Belkacem"
    assert "Mettre à jour les emplois et le chiffre d’affaires" in card.inner_text()
    page.fill(f"{prefix}permanent_men", "4")
    page.fill(f"{prefix}permanent_women", "3")
    page.fill(f"{prefix}seasonal_men", "2")
    page.fill(f"{prefix}seasonal_women", "0")
    page.select_option(f"{prefix}turnover_band", "under_5m")
    screenshot(page, "enterprises-portal-declare-fr-phone")
    with page.expect_navigation():
        card.locator("form[data-form=declaration] button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    assert "Le chargé de suivi de l’agence va la vérifier et la confirmer" in page.content()
    declaration = JobsDeclaration.objects.get(enterprise=enterprise)
    row = page.locator(f"[data-declaration='{declaration.pk}']")
    assert "9 emplois" in row.inner_text() and "En attente de la confirmation" in row.inner_text()
    screenshot(page, "enterprises-portal-declared-fr-phone")

    # The agency officer confirms it on the enterprise page.
    officer_page = open_page("fr", viewport=DESKTOP)
    login(officer_page, world.users["agency_officer"].username)
    officer_page.goto(f"/enterprises/{enterprise.pk}/")
    section = officer_page.locator("#enterprise-declarations")
    assert section.locator("[data-field=jobs]").inner_text() == "—"
    pending = section.locator(f"[data-declaration='{declaration.pk}']")
    assert "Permanents : 4 hommes, 3 femmes" in pending.inner_text()
    screenshot(officer_page, "enterprises-declaration-pending-fr")
    with officer_page.expect_navigation():
        pending.locator("[data-action=confirm]").click()
    officer_page.wait_for_url(f"**/enterprises/{enterprise.pk}/")
    officer_page.wait_for_load_state("networkidle")

    assert "La déclaration est confirmée" in officer_page.content()
    assert officer_page.locator("#enterprise-declarations [data-field=jobs]").inner_text() == "9"
    assert officer_page.locator("#enterprise-declarations [data-list=pending-declarations]").count() == 0
    screenshot(officer_page, "enterprises-declaration-confirmed-fr")
    enterprise.refresh_from_db()
    assert enterprise.total_jobs == 9

    # The holder sees it confirmed.
    page.reload()
    assert "Confirmée" in page.locator(f"[data-declaration='{declaration.pk}']").inner_text()
    assert page.locator(f"[data-enterprise='{enterprise.pk}'] [data-field=jobs]").inner_text().startswith("9")
