"""Eligibility lines are stored once and read in the reader's language: a French page
shows French names of the specialty, province and education level, whatever language
was active when the line was evaluated (issue 16, item 7)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from rowad.core.enums import EducationLevel
from rowad.core.templatetags.rowad_format import money
from rowad.dossiers import eligibility
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import PersonFactory, SpecialtyFactory

pytestmark = pytest.mark.integration


def reasons(dossier, language):
    with translation.override(language):
        return {line["rule"]: eligibility.describe(line)["reason"] for line in dossier.eligibility}


def test_lines_evaluated_in_arabic_read_in_french(world):
    specialty = SpecialtyFactory(code="plumbing", name_fr="Plomberie", name_ar="سباكة")
    programme = oran_programme(world, min_education="vocational")
    programme.specialties.set([specialty])
    programme.provinces.set([world.oran])
    holder = PersonFactory(national_id="", education_level="primary")
    with translation.override("ar"):
        dossier = make_dossier(world, programme=programme, holders=[holder], specialty=specialty)

    french = reasons(dossier, "fr")
    assert "Plomberie" in french["specialty"] and "سباكة" not in french["specialty"]
    assert "Oran" in french["province"] and "وهران" not in french["province"]
    with translation.override("fr"):
        assert str(EducationLevel("vocational").label) in french["education"]

    arabic = reasons(dossier, "ar")
    assert "سباكة" in arabic["specialty"]


def test_lines_stored_before_keep_their_text():
    line = {
        "rule": "specialty",
        "outcome": "passed",
        "code": "specialty_ok",
        "params": {"specialty": "Plomberie"},
    }
    with translation.override("fr"):
        assert "Plomberie" in eligibility.describe(line)["reason"]


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_dossier_page_in_one_language_with_amounts_in_its_format(client, world, language):
    specialty = SpecialtyFactory(code="welding", name_fr="Soudure", name_ar="لحام", name_en="Welding")
    programme = oran_programme(world)
    programme.specialties.set([specialty])
    with translation.override("ar"):
        dossier = make_dossier(world, programme=programme, specialty=specialty, investment=Decimal("3200000"))
    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = language

    body = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()

    with translation.override(language):
        assert money(Decimal("3200000"), "DZ") in body
        assert eligibility.describe(dossier.eligibility[-1])["reason"] in body
    assert ">3200000" not in body
    if language != "ar":
        assert "لحام" not in body
