"""A sponsor officer edits the programme's specifications in the application — in Arabic
and in French: adds a requirement row (htmx), marks it mandatory, saves; the version a
study used is kept and a new version is written."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers import specifications
from rowad.dossiers import study as dossier_study
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Specification
from tests.dossiers.factories import DocumentTypeFactory, advance, make_dossier
from tests.e2e.conftest import login, screenshot
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ProgrammeFactory,
    SpecialtyFactory,
    UserFactory,
    province,
)

pytestmark = pytest.mark.e2e

CASES = {
    "ar": {"add": "إضافة شرط", "save": "حفظ", "label": "شهادة السلامة في العمل على الأبراج", "edit": "تعديل"},
    "fr": {
        "add": "Ajouter une exigence",
        "save": "Enregistrer",
        "label": "Habilitation au travail en hauteur",
        "edit": "Modifier",
    },
}


@pytest.fixture
def setup(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", name_ar="أنساج وهران", provinces=[oran])
    telecom = OrganizationFactory(
        kind="sponsor", name_fr="Algérie Télécom", name_ar="اتصالات الجزائر", provinces=[oran]
    )
    officer = UserFactory(username="officer-spec")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    sponsor = UserFactory(username="sponsor-spec")
    MembershipFactory(user=sponsor, organization=telecom, role=Role.SPONSOR_OFFICER, provinces=[oran])
    radio = SpecialtyFactory(code="radio-network", name_fr="Réseaux hertziens", name_ar="الشبكات الهرتزية")
    programme = ProgrammeFactory(operator=agency, name_fr="Micro-entreprises TIC", name_ar="مؤسسات مصغرة")
    programme.sponsors.set([telecom])
    programme.specialties.set([radio])
    programme.required_documents.set([DocumentTypeFactory(code="id-copy")])
    spec = specifications.create_specification(
        programme,
        data={
            "name_ar": "دفتر الشروط — الشبكات الهرتزية",
            "name_fr": "Cahier des charges — réseaux hertziens",
            "specialty": radio,
            "sponsor": telecom,
        },
        items=[
            {
                "kind": "diploma",
                "label_ar": "شهادة في الإلكترونيك",
                "label_fr": "Diplôme en électronique",
                "is_mandatory": True,
            },
            {
                "kind": "equipment",
                "label_ar": "معدات العمل في المرتفعات",
                "label_fr": "Équipement de travail en hauteur",
                "is_mandatory": True,
            },
        ],
        actor=sponsor,
    )

    class World:
        pass

    world = World()
    world.oran_agency = agency
    dossier = advance(
        make_dossier(world, programme=programme, actor=officer, province=oran, specialty=radio),
        DossierState.UNDER_STUDY,
        actor=officer,
    )
    dossier_study.start_study(dossier, actor=officer)  # a study uses version 1
    return {"sponsor": sponsor, "spec": spec, "dossier": dossier}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_sponsor_officer_edits_specifications(open_page, setup, language):
    case = CASES[language]
    spec = setup["spec"]
    page = open_page(language)
    login(page, setup["sponsor"].username)
    page.goto("/dossiers/specifications/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.locator(f"#specifications a[href='/dossiers/specifications/{spec.pk}/']").click()
    page.wait_for_url(f"**/dossiers/specifications/{spec.pk}/")
    page.get_by_role("link", name=case["edit"]).click()
    page.wait_for_url(f"**/dossiers/specifications/{spec.pk}/edit/")
    assert page.locator("#versioning-note").is_visible()

    page.get_by_role("button", name=case["add"]).click()
    page.wait_for_selector("#id_items-2-label_fr")
    assert page.locator("#id_items-TOTAL_FORMS").input_value() == "3"
    page.select_option("#id_items-2-kind", "certification")
    page.fill("#id_items-2-label_ar" if language == "ar" else "#id_items-2-label_fr", case["label"])
    page.check("#id_items-2-is_mandatory")
    screenshot(page, f"dossiers-specification-edit-{language}")
    page.locator("#specification-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    new = Specification.objects.get(programme=spec.programme, is_current=True)
    assert (new.version, new.previous_id) == (2, spec.pk)
    assert case["label"] in page.locator("#spec-requirements").inner_text()
    assert list(new.items.values_list("is_mandatory", flat=True)) == [True, True, True]
    assert setup["dossier"].study.specification_id == spec.pk
    screenshot(page, f"dossiers-specification-detail-{language}")
