"""The sponsor reads the project, not the holders' personal data (issue 16): their
documents and contacts only while the sponsor studies the dossier (under study, the
programme asking for its sign-off); never through the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import DocumentVersion
from tests.dossiers.factories import advance, make_dossier, oran_programme
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SPONSOR = Role.SPONSOR_OFFICER


def _sponsored_dossier(world, *, signoff: bool, state=DossierState.UNDER_STUDY):
    programme = oran_programme(world, requires_sponsor_signoff=signoff)
    programme.sponsors.set([world.oran_agency])
    holder = PersonFactory(national_id="", organization=world.oran_agency)
    dossier = make_dossier(world, programme=programme, holders=[holder])
    dossier = advance(dossier, state, actor=world.users[Role.AGENCY_OFFICER])
    version = DocumentVersion.objects.filter(document__dossier=dossier).first()
    return dossier, version, holder


def _download(dossier, version) -> str:
    return reverse("dossiers:document_download", args=[dossier.pk, version.pk])


def test_no_study_step_for_the_sponsor_hides_documents_and_contacts(client, world):
    dossier, version, holder = _sponsored_dossier(world, signoff=False)
    client.force_login(world.users[SPONSOR])
    body = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'id="documents-withheld"' in body
    assert _download(dossier, version) not in body and version.original_name not in body
    assert not holder.phone or holder.phone not in body
    assert client.get(_download(dossier, version)).status_code == 403
    # The agency officer still reads and downloads them.
    client.force_login(world.users[Role.AGENCY_OFFICER])
    body = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    assert _download(dossier, version) in body and 'id="documents-withheld"' not in body
    assert client.get(_download(dossier, version)).status_code == 200


def test_the_sponsor_reads_the_documents_while_it_studies_the_dossier(client, world):
    dossier, version, _holder = _sponsored_dossier(world, signoff=True)
    client.force_login(world.users[SPONSOR])
    body = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    assert _download(dossier, version) in body and 'id="documents-withheld"' not in body
    assert client.get(_download(dossier, version)).status_code == 200


def test_past_the_study_the_sponsor_reads_no_document(client, world):
    dossier, version, _holder = _sponsored_dossier(
        world, signoff=False, state=DossierState.READY_FOR_COMMITTEE
    )
    client.force_login(world.users[SPONSOR])
    assert client.get(_download(dossier, version)).status_code == 403


def test_the_api_gives_the_sponsor_no_phone_identity_or_document(client, world):
    dossier, version, holder = _sponsored_dossier(world, signoff=True)
    client.force_login(world.users[SPONSOR])
    response = client.get(reverse("dossier-detail", args=[dossier.pk]))
    assert response.status_code == 200
    data = response.json()
    assert not {"phone", "national_id", "documents", "holders"} & set(data)
    content = response.content.decode()
    assert version.original_name not in content
    if holder.phone:
        assert holder.phone not in content
