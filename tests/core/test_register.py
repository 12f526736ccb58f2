"""The register of processing activities (issue 18, item 8): generated from the code's
declarations, with the partner organizations that actually receive data, retention from
the settings, downloadable as PDF and XLSX in Arabic and French for the authority."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from rowad.accounts.enums import Role
from rowad.core import privacy, register
from rowad.partners.enums import OrganizationKind
from rowad.people.services import record_consent, withdraw_consent
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entry(code):
    return next(e for e in register.build() if e["code"] == code)


def test_every_app_holding_personal_data_is_in_a_purpose():
    covered = {app for purpose in register.purposes() for app in purpose.apps}
    declared = {d.model_class._meta.app_label for d in privacy.declarations()}
    assert declared <= covered, declared - covered


def test_retention_comes_from_the_settings(settings):
    settings.ROWAD_RETENTION_MESSAGES_DAYS = 90
    days = {c["code"]: c["days"] for c in _entry("contact")["categories"]}
    assert days["messages"] == 90
    assert days["contact"] == register.RETENTION_DEFAULTS["contact"]


def test_sharing_recipients_are_the_partners_with_a_consent_still_given(world):
    a = OrganizationFactory(kind=OrganizationKind.SPONSOR, name_fr="Sonatel Partenaire")
    b = OrganizationFactory(kind=OrganizationKind.FUNDER, name_fr="Banque Retirée")
    person = PersonFactory()
    record_consent(person, purpose="sharing", partner=a, actor=None)
    record_consent(person, purpose="sharing", partner=b, actor=None)
    withdraw_consent(person, purpose="sharing", partner=b, actor=None)

    with translation.override("fr"):
        assert _entry("sharing")["partners"] == ["Sonatel Partenaire"]


def test_dossier_recipients_are_the_organizations_of_partner_roles(world):
    funder = OrganizationFactory(kind=OrganizationKind.FUNDER, name_fr="Fonds Oranais")
    MembershipFactory(user=UserFactory(), organization=funder, role=Role.FUNDER_OFFICER)
    with translation.override("fr"):
        entry = _entry("dossiers")
    assert "Fonds Oranais" in entry["partners"]
    # The agency itself is not a recipient.
    assert str(world.oran_agency) not in entry["partners"]


def test_the_xlsx_is_neutralised_and_right_to_left_in_arabic(world):
    person = PersonFactory()
    sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR, name_fr="=cmd()", name_ar="=cmd()")
    record_consent(person, purpose="sharing", partner=sponsor, actor=None)

    book = load_workbook(io.BytesIO(register.render_register_xlsx("ar")))
    sheet = book.active
    assert sheet.sheet_view.rightToLeft
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("'=cmd()" in c for c in cells)
    assert not any(c.startswith("=") for c in cells)
    assert sheet.max_row > len(register.purposes())


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_pdf_is_generated_in_each_language(world, language):
    content = register.render_register_pdf(language)
    assert content.startswith(b"%PDF")
    # ROWAD_KEEP_PDF=<folder> keeps the file, to look at it (pdftoppm).
    if folder := os.environ.get("ROWAD_KEEP_PDF"):
        (Path(folder) / f"register-{language}.pdf").write_bytes(content)


def test_the_page_and_downloads_for_a_director(world, client):
    client.force_login(world.users[Role.DIRECTOR])
    page = client.get(reverse("people:processing_register"))
    assert page.status_code == 200 and "ROWAD_RETENTION_IDENTITY_DAYS" in page.content.decode()
    xlsx = client.get(reverse("people:processing_register_xlsx") + "?lang=fr")
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('-fr.xlsx"')


def test_an_officer_may_not_read_the_register(world, client):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    assert client.get(reverse("people:processing_register")).status_code == 403
