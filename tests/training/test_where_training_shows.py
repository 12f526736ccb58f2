"""Training on the dossier page and the person page, scoped to the reader."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from rowad.training.enums import TrainingResult
from rowad.training.views.sections import dossier_section
from tests.dossiers.factories import make_dossier
from tests.factories import PersonFactory, ProgrammeFactory, SpecialtyFactory
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def holder_in_training(world):
    fiber = SpecialtyFactory(code="fiber", name_fr="Fibre optique")
    civil = SpecialtyFactory(code="civil", name_fr="Génie civil")
    person = PersonFactory(national_id="", organization=world.oran_agency, given_name_latin="Yacine")
    programme = ProgrammeFactory(operator=world.oran_agency)
    oran_fiber = CohortFactory(
        reference="ORAN-FIBER",
        course=CourseFactory(programme=programme, specialty=fiber, name_fr="Fibre 45 jours"),
        province=world.oran,
    )
    oran_civil = CohortFactory(
        reference="ORAN-CIVIL",
        course=CourseFactory(programme=programme, specialty=civil, name_fr="Génie civil 45 jours"),
        province=world.oran,
    )
    hoceima = CohortFactory(
        reference="HOCEIMA-FIBER",
        course=CourseFactory(programme=ProgrammeFactory(operator=world.hoceima_agency), specialty=fiber),
        province=world.hoceima,
    )
    EnrolmentFactory(cohort=oran_fiber, person=person, result=TrainingResult.PASSED)
    EnrolmentFactory(cohort=oran_civil, person=person)
    EnrolmentFactory(cohort=hoceima, person=person)
    dossier = make_dossier(world, holders=[person])
    Dossier.objects.filter(pk=dossier.pk).update(specialty=fiber)
    dossier.refresh_from_db()
    return {"person": person, "dossier": dossier}


def test_dossier_page_shows_holders_enrolments_in_its_specialty(client, world, holder_in_training):
    client.force_login(world.users[Role.AGENCY_OFFICER])

    page = client.get(reverse("dossiers:dossier_detail", args=[holder_in_training["dossier"].pk]))

    html = page.content.decode()
    assert 'id="dossier-training"' in html
    assert "ORAN-FIBER" in html
    assert "ORAN-CIVIL" not in html  # another specialty
    assert "HOCEIMA-FIBER" not in html  # a cohort the Oran officer does not reach


def test_dossier_page_training_section_hidden_from_readers_without_training(
    client, world, holder_in_training
):
    dossier = holder_in_training["dossier"]
    client.force_login(world.users[Role.COMMITTEE_MEMBER])

    section = dossier_section(world.users[Role.COMMITTEE_MEMBER], dossier)

    assert section is None


def test_dossier_enrol_link_only_for_an_approved_dossier(world, holder_in_training):
    dossier = holder_in_training["dossier"]
    officer = world.users[Role.AGENCY_OFFICER]

    assert dossier_section(officer, dossier)["enrol_url"] == ""
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.APPROVED)
    dossier.refresh_from_db()
    director = dossier_section(world.users[Role.DIRECTOR], dossier)
    assert director["enrol_url"] == ""  # reads training, manages none


def test_person_page_shows_the_enrolments_the_reader_may_read(client, world, holder_in_training):
    client.force_login(world.users[Role.AGENCY_OFFICER])

    page = client.get(reverse("people:detail", args=[holder_in_training["person"].pk]))

    html = page.content.decode()
    assert 'id="person-training"' in html
    assert "ORAN-FIBER" in html and "ORAN-CIVIL" in html
    assert "HOCEIMA-FIBER" not in html


def test_person_page_of_outsider_shows_only_their_provinces_cohorts(world, holder_in_training):
    from rowad.training.views.sections import person_section

    section = person_section(world.outsider, holder_in_training["person"])

    assert [row["enrolment"].cohort.reference for row in section["rows"]] == ["HOCEIMA-FIBER"]
