"""The committee cannot be bypassed, in the browser and in Arabic: the officer's dossier
page offers no approval, only where the decision stands; under a delegation configured
on the programme, the delegate decides from the dossier's panel and the letter names the
delegation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from rowad.accounts.enums import Role
from rowad.committees import services
from rowad.committees.models import DecisionLetter
from rowad.dossiers.models import Dossier
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
def setup(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", name_ar="أنساج وهران", provinces=[oran])
    officer = UserFactory(username="officer-delegation-e2e", first_name="Nadia")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    programme = ProgrammeFactory(operator=agency, name_fr="Micro-entreprises TIC", name_ar="المؤسسات المصغرة")
    holder = PersonFactory(
        given_name_ar="ياسين",
        family_name_ar="بلقاسم",
        given_name_latin="Yacine",
        family_name_latin="Belkacem",
    )
    dossier = DossierFactory(
        programme=programme, organization=agency, holders=[holder], title="Fibre Kahina", province=oran
    )
    return {"officer": officer, "programme": programme, "dossier": dossier}


def test_officer_cannot_approve_then_decides_under_delegation_in_arabic(open_page, setup):
    officer, dossier = setup["officer"], setup["dossier"]
    page = open_page("ar")
    login(page, officer.username)
    page.goto(f"/dossiers/{dossier.pk}/")
    page.locator("#decision-waiting").wait_for()
    assert page.locator("button[data-target=approved]").count() == 0
    assert page.locator("#delegated-link").count() == 0
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.goto("/committees/delegations/new/")
    page.locator("#delegation-form").wait_for()
    screenshot(page, "committees-delegation-form-ar")
    services.create_delegation(
        setup["programme"],
        delegate=officer,
        decisions=["approved", "rejected"],
        max_amount=Decimal("2000000"),
        valid_from=datetime.date.today(),
        valid_until=datetime.date.today() + datetime.timedelta(days=7),
        reason="استعجال: مبالغ صغيرة",
        actor=officer,
    )
    page.goto(f"/dossiers/{dossier.pk}/")
    page.locator("#delegated-link").click()
    page.locator("#delegated-decision-form").wait_for()
    screenshot(page, "committees-delegated-decision-ar")
    page.locator("input[type=radio][value=approved]").check()
    page.fill("#id_reasons", "ملف مكتمل ومبلغ صغير")
    page.locator("#delegated-decision-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    assert Dossier.objects.get(pk=dossier.pk).state == "approved"
    page.locator("#decision-status").wait_for()
    assert "تفويض" in page.locator("#decision-status").inner_text()
    letter = DecisionLetter.objects.get(delegated__dossier=dossier)
    response = page.request.get(f"/committees/letters/{letter.pk}.pdf?lang=ar")
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
