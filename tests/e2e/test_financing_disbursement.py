"""In Arabic, an agency officer opens a bank line approved for 400 000 DZD, records a
tranche with its supplier's invoice (a PDF) and sees it listed with what remains."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from rowad.accounts.enums import Role
from rowad.financing.enums import LineDecision
from rowad.financing.models import Disbursement
from rowad.financing.money import format_money
from rowad.partners.enums import OrganizationKind
from tests.committees.factories import DossierFactory
from tests.dossiers.factories import PDF_BYTES
from tests.e2e.conftest import login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, UserFactory, province
from tests.financing.factories import PlanFactory, PlanLineFactory

pytestmark = pytest.mark.e2e

BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))


def plain(text: str) -> str:
    """The text without bidi marks and with ordinary spaces."""
    return " ".join(text.translate(BIDI_MARKS).replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture
def setting(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANADE Oran", name_ar="أناد وهران", provinces=[oran])
    bank = OrganizationFactory(
        kind=OrganizationKind.FUNDER, name_fr="BADR Oran", name_ar="بدر وهران", provinces=[oran]
    )
    officer = UserFactory(username="officer-disbursement-e2e")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    dossier = DossierFactory(
        programme=ProgrammeFactory(operator=agency),
        organization=agency,
        province=oran,
        title="ورشة الألياف البصرية",
    )
    line = PlanLineFactory(
        plan=PlanFactory(dossier=dossier),
        kind="bank_loan",
        funder=bank,
        amount=Decimal("500000.00"),
        decision=LineDecision.APPROVED,
        submitted_on=datetime.date(2026, 3, 1),
        decided_on=datetime.date(2026, 3, 10),
        approved_amount=Decimal("400000.00"),
    )
    return officer, line


def test_officer_records_tranche_with_invoice_in_arabic(open_page, setting):
    officer, line = setting
    page = open_page("ar")
    login(page, officer.username)
    page.goto(f"/financing/lines/{line.pk}/disbursements/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    with translation.override("ar"):
        approved = plain(format_money(Decimal("400000.00"), "DZD"))
        paid = plain(format_money(Decimal("150000.00"), "DZD"))
        remaining = plain(format_money(Decimal("250000.00"), "DZD"))
    assert approved in plain(page.locator(f"#totals-{line.pk}").inner_text())

    page.fill("#id_amount", "150000")
    page.fill("#id_paid_on", "2026-03-20")
    page.select_option("#id_purpose", "equipment")
    page.fill("#id_supplier", "مؤسسة الغرب للمعدات")
    page.fill("#id_invoice_number", "F-2026-031")
    page.set_input_files(
        "#id_invoice", files=[{"name": "facture-031.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.locator("#disbursement-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    body = plain(page.locator("body").inner_text())
    assert f"تم تسجيل الدفعة: {paid}" in body
    row = page.locator(f"#tranches-{line.pk} tr.tranche")
    assert row.count() == 1
    assert "مؤسسة الغرب للمعدات" in row.inner_text()
    assert paid in plain(row.inner_text())
    assert row.locator("a.invoice-link").count() == 1
    assert remaining in plain(page.locator(f"#totals-{line.pk} .remaining").inner_text())
    screenshot(page, "financing-disbursement-recorded-ar")

    tranche = Disbursement.objects.get(line=line)
    assert tranche.amount == Decimal("150000.00")
    assert tranche.invoice_name == "facture-031.pdf"
    assert tranche.paid_on == datetime.date(2026, 3, 20)
