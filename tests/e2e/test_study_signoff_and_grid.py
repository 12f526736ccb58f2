"""The sponsor's officer signs off a study in the application (Arabic, French); an agency
officer adds a criterion to a scoring grid with htmx and edits a campaign."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.committees.models import ScoringGrid
from rowad.dossiers import study as dossier_study
from rowad.dossiers.enums import DossierState, SignoffStatus, StudyResult
from rowad.dossiers.models import Dossier
from tests.dossiers.factories import (
    DocumentTypeFactory,
    SpecificationFactory,
    SpecificationItemFactory,
    advance,
    make_dossier,
)
from tests.e2e.conftest import login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, UserFactory, province
from tests.outreach.factories import CampaignFactory, PhaseFactory

pytestmark = pytest.mark.e2e

SIGN = {"ar": "تسجيل قراري", "fr": "Enregistrer ma décision"}
ADD_CRITERION = {"ar": "إضافة معيار", "fr": "Ajouter un critère"}


@pytest.fixture
def setup(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", name_ar="أنساج وهران", provinces=[oran])
    telecom = OrganizationFactory(kind="sponsor", name_fr="Algérie Télécom", name_ar="اتصالات الجزائر")
    officer = UserFactory(username="officer-signoff")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    sponsor = UserFactory(username="sponsor-signoff")
    MembershipFactory(user=sponsor, organization=telecom, role=Role.SPONSOR_OFFICER, provinces=[oran])
    programme = ProgrammeFactory(
        operator=agency,
        name_fr="Micro-entreprises TIC",
        name_ar="مؤسسات مصغرة",
        requires_sponsor_signoff=True,
    )
    programme.sponsors.set([telecom])
    programme.required_documents.set([DocumentTypeFactory(code="id-copy")])
    item = SpecificationItemFactory(
        specification=SpecificationFactory(programme=programme),
        label_fr="Diplôme de technicien",
        label_ar="شهادة تقني",
    )

    class World:
        pass

    world = World()
    world.oran_agency = agency
    dossier = advance(
        make_dossier(world, programme=programme, actor=officer, province=oran),
        DossierState.UNDER_STUDY,
        actor=officer,
    )
    dossier_study.start_study(dossier, actor=officer)
    dossier_study.record_study(
        Dossier.objects.get(pk=dossier.pk),
        checks={item.pk: ("met", "BTS 2019")},
        result=StudyResult.FAVOURABLE,
        opinion="Projet cohérent",
        actor=officer,
    )
    campaign = CampaignFactory(lead_organization=agency, organizations=[agency], name_fr="Caravane TIC")
    PhaseFactory(campaign=campaign, number=1, provinces=[oran])
    return {
        "officer": officer,
        "sponsor": sponsor,
        "dossier": dossier,
        "programme": programme,
        "campaign": campaign,
    }


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_sponsor_signs_off_and_officer_edits_grid_and_campaign(open_page, setup, language):
    dossier = setup["dossier"]
    page = open_page(language)
    login(page, setup["sponsor"].username)
    page.goto(f"/dossiers/{dossier.pk}/")
    page.locator("#signoff-link").click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}/study/signoff/")
    page.check("#id_decision_0")
    screenshot(page, f"dossiers-study-signoff-{language}")
    page.get_by_role("button", name=SIGN[language]).click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}/")
    assert Dossier.objects.get(pk=dossier.pk).study.signoff == SignoffStatus.SIGNED
    screenshot(page, f"dossiers-detail-signed-off-{language}")

    officer_page = open_page(language)
    login(officer_page, setup["officer"].username)
    officer_page.goto(f"/committees/grids/{setup['programme'].pk}/")
    officer_page.get_by_role("button", name=ADD_CRITERION[language]).click()
    officer_page.wait_for_selector("#id_criteria-3-code")
    officer_page.fill("#id_criteria-0-code", "viability")
    officer_page.fill("#id_criteria-0-name_ar", "الجدوى")
    officer_page.fill("#id_criteria-0-name_fr", "Viabilité")
    officer_page.fill("#id_criteria-0-weight", "3")
    officer_page.fill("#id_criteria-3-code", "skills")
    officer_page.fill("#id_criteria-3-name_fr", "Compétences")
    officer_page.fill("#id_criteria-3-weight", "2")
    screenshot(officer_page, f"committees-grid-{language}")
    officer_page.locator("#grid-form button[type=submit]").click()
    officer_page.wait_for_load_state("networkidle")
    grid = ScoringGrid.objects.get(programme=setup["programme"])
    assert list(grid.criteria.values_list("code", flat=True)) == ["viability", "skills"]

    officer_page.goto(f"/outreach/campaigns/{setup['campaign'].pk}/edit/")
    officer_page.fill("#id_name_fr", "Caravane de la fibre")
    screenshot(officer_page, f"outreach-campaign-edit-{language}")
    officer_page.locator("form[data-submit-once] button[type=submit]").click()
    officer_page.wait_for_url(f"**/outreach/campaigns/{setup['campaign'].pk}/")
    screenshot(officer_page, f"outreach-campaign-after-edit-{language}")
