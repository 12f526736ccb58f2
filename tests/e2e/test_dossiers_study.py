"""An agency officer uploads the missing document, studies a dossier against the
sponsor's specifications and sends it to the committee — in Arabic and in French."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from tests.dossiers.factories import (
    PDF_BYTES,
    SpecificationFactory,
    SpecificationItemFactory,
    advance,
    make_dossier,
)
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    province,
)

pytestmark = pytest.mark.e2e

CASES = {
    "ar": {
        "start": "بدء الدراسة",
        "study": "الدراسة وفق دفتر الشروط",
        "save": "حفظ الدراسة",
        "committee": "إحالة على اللجنة",
        "state": "جاهز للعرض على اللجنة",
        "uploaded": "النسخة 1",
    },
    "fr": {
        "start": "Commencer l'étude",
        "study": "Étude selon le cahier des charges",
        "save": "Enregistrer l'étude",
        "committee": "Transmettre à la commission",
        "state": "Prêt pour la commission",
        "uploaded": "version 1",
    },
}


@pytest.fixture
def setup(transactional_db):
    from tests.dossiers.factories import DocumentTypeFactory

    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", name_ar="أنساج وهران", provinces=[oran])
    officer = UserFactory(username="officer-study")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    programme = ProgrammeFactory(operator=agency, name_fr="Micro-entreprises TIC", name_ar="مؤسسات مصغرة")
    id_copy = DocumentTypeFactory(code="id-copy", name_fr="Copie CNI", name_ar="نسخة بطاقة التعريف")
    programme.required_documents.set([id_copy])
    spec = SpecificationFactory(programme=programme)
    items = [
        SpecificationItemFactory(
            specification=spec,
            kind="diploma",
            label_fr="Diplôme de technicien",
            label_ar="شهادة تقني",
            position=0,
        ),
        SpecificationItemFactory(
            specification=spec,
            kind="equipment",
            label_fr="Soudeuse de fibre",
            label_ar="آلة لحام الألياف",
            position=1,
        ),
    ]

    class World:
        pass

    world = World()
    world.oran_agency = agency
    holder = PersonFactory(
        national_id="",
        given_name_ar="أمينة",
        family_name_ar="حموش",
        given_name_latin="Amina",
        family_name_latin="Hammouche",
        organization=agency,
    )
    dossier = make_dossier(world, programme=programme, holders=[holder], actor=officer, province=oran)
    dossier = advance(dossier, DossierState.ELIGIBILITY_CHECKED, actor=officer)
    return {"officer": officer, "dossier": dossier, "items": items, "id_copy": id_copy}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_officer_studies_a_dossier_and_sends_it_to_committee(open_page, setup, language):
    case = CASES[language]
    dossier = setup["dossier"]
    page = open_page(language)
    login(page, setup["officer"].username)
    page.goto(f"/dossiers/{dossier.pk}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    screenshot(page, f"dossiers-detail-before-{language}")

    # The study cannot start while the ID copy is missing: the reason is shown.
    assert page.locator("#problems-under_study").is_visible()
    page.select_option("#id_document_type", str(setup["id_copy"].pk))
    page.set_input_files(
        "#id_file", files=[{"name": "cni.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert case["uploaded"] in page.locator("#document-checklist").inner_text()

    button = page.locator("button[data-target=under_study]")
    assert button.inner_text().strip() == case["start"]
    button.click()
    page.wait_for_load_state("networkidle")

    page.get_by_role("link", name=case["study"]).click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}/study/")
    for item in setup["items"]:
        page.select_option(f"#id_status_{item.pk}", "met")
        page.fill(
            f"#id_evidence_{item.pk}", "BTS 2019" if item.kind == "diploma" else "Facture pro forma n° 42"
        )
    page.select_option("#id_result", "favourable")
    page.fill("#id_opinion", "مشروع متماسك" if language == "ar" else "Projet cohérent, porteur motivé")
    screenshot(page, f"dossiers-study-form-{language}")
    page.get_by_role("button", name=case["save"]).click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}/")

    committee = page.locator("button[data-target=ready_for_committee]")
    assert committee.inner_text().strip() == case["committee"]
    committee.click()
    page.wait_for_load_state("networkidle")

    assert page.locator("#dossier-state").inner_text().strip() == case["state"]
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.READY_FOR_COMMITTEE
    screenshot(page, f"dossiers-detail-committee-{language}")


def test_dossier_detail_is_usable_on_a_phone(open_page, setup):
    page = open_page("ar", viewport=PHONE)
    login(page, setup["officer"].username)
    page.goto(f"/dossiers/{setup['dossier'].pk}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    screenshot(page, "dossiers-detail-phone-ar")
