"""A holder logs into their space with a one-time code, in French, and reads one calendar
of what they owe to each funder, with the amounts in the French format."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from rowad.core.sms import MemorySMSBackend
from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import LineDecision
from tests.committees.factories import DossierFactory
from tests.e2e.conftest import PHONE, screenshot
from tests.factories import OrganizationFactory
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.financing.schedule_factories import ScheduleFactory, monthly_instalments
from tests.portal.factories import make_holder

pytestmark = pytest.mark.e2e

NNBSP, NBSP = "\u202f", "\u00a0"


def _loan(plan, funder, kind, amount, count, **fields):
    line = PlanLineFactory(
        plan=plan,
        funder=funder,
        kind=kind,
        amount=amount,
        repaid=True,
        term_months=count,
        decision=LineDecision.APPROVED,
        approved_amount=amount,
        disbursed_amount=amount,
    )
    schedule = ScheduleFactory(line=line, first_due=datetime.date.today() + datetime.timedelta(days=20))
    return monthly_instalments(schedule, count, principal=amount / count, **fields)


def test_financing_holder_reads_their_calendar_in_french(open_page, world):
    MemorySMSBackend.outbox.clear()
    user, account, person = make_holder(
        world.oran_agency, username="holder-fin-e2e", given_name_latin="Karim"
    )
    user.preferred_language = "fr"
    user.save()
    dossier = DossierFactory(holders=[person], title="Pose de fibre optique")
    plan = PlanFactory(dossier=dossier, formula__programme=dossier.programme, investment=Decimal("4000000"))
    agency = OrganizationFactory(name_fr="ANADE Oran", name_ar="أناد وهران")
    bank = OrganizationFactory(name_fr="Banque BADR", name_ar="بنك البدر")
    _loan(plan, agency, FinancingKind.AGENCY_LOAN, Decimal("1120000.00"), 4)
    _loan(
        plan, bank, FinancingKind.BANK_LOAN, Decimal("2800000.00"), 4, subsidised_interest=Decimal("12833.33")
    )
    page = open_page("fr", viewport=PHONE)

    page.goto("/portal/login/")
    page.fill("#id_contact", account.phone)
    page.locator("main form[data-submit-once] button[type=submit]").first.click()
    page.wait_for_url("**/portal/verify/")
    code = re.search(r"\d{6}", MemorySMSBackend.outbox[-1].body).group(0)
    page.fill("#id_code", code)
    page.locator("main form[data-submit-once] button[type=submit]").first.click()
    page.wait_for_url("**/portal/")
    page.click("#my-repayments-link")
    page.wait_for_url("**/portal/repayments/")

    calendar = page.locator("#repayment-calendar")
    assert page.locator("h1").inner_text() == "Mes remboursements"
    assert calendar.locator("tbody tr").count() == 8
    assert calendar.locator("[data-col=funder]").all_inner_texts().count("ANADE Oran") == 4
    assert calendar.locator("[data-col=funder]").all_inner_texts().count("Banque BADR") == 4
    # 1 120 000 / 4 and 2 800 000 / 4 in the French format: narrow spaces, comma, "DA".
    dues = set(calendar.locator("[data-col=due]").all_inner_texts())
    assert dues == {f"280{NNBSP}000,00{NBSP}DA", f"700{NNBSP}000,00{NBSP}DA"}
    assert f"12{NNBSP}833,33{NBSP}DA" in calendar.locator("[data-col=subsidised]").all_inner_texts()
    remaining = page.locator("#repayment-totals [data-total=remaining]").inner_text()
    assert remaining == f"3{NNBSP}920{NNBSP}000,00{NBSP}DA"
    assert "Intérêts payés par l’État" in page.content()
    screenshot(page, "financing-portal-calendar-fr-phone")
