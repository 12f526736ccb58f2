"""Officers' internal notes: kept on the staff page, never shown to the holder (portal page
and API); the transition's note says the holder will read it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.dossiers import services
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import InternalNote

pytestmark = pytest.mark.integration

SECRET = "Vérifier le garant avant la commission"


@pytest.fixture
def officer(world):
    return world.users[Role.AGENCY_OFFICER]


def test_officer_adds_an_internal_note_from_the_dossier_page(client, officer, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    client.force_login(officer)

    response = client.post(reverse("dossiers:internal_note_add", args=[dossier.pk]), {"body": SECRET})

    assert response.status_code == 302
    note = InternalNote.objects.get(dossier=dossier)
    assert (note.body, note.author) == (SECRET, officer)
    assert AuditEntry.objects.filter(action="dossiers.dossier.internal_note_added").count() == 1
    page = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    assert SECRET in page
    assert "internal-notes" in page


def test_empty_internal_note_is_refused(officer, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)

    with pytest.raises(services.DossierError) as excinfo:
        services.add_internal_note(dossier, body="  ", actor=officer)

    assert excinfo.value.code == "note_required"


def test_transition_form_says_the_holder_reads_the_note(client, officer, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    client.force_login(officer)

    page = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()

    assert "The holder will read this." in page


def test_holder_never_sees_internal_notes_on_the_portal(client, officer, holder_user, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    services.add_internal_note(dossier, body=SECRET, actor=officer)
    services.set_dossier_state(dossier, DossierState.TO_REVISE, actor=officer, note="Chiffrez le matériel")
    client.force_login(holder_user)

    page = client.get(reverse("portal:dossier_detail", args=[dossier.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Chiffrez le matériel" in text  # the note written for the holder
    assert SECRET not in text


def test_holder_cannot_write_or_read_internal_notes(client, officer, holder_user, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    services.add_internal_note(dossier, body=SECRET, actor=officer)
    client.force_login(holder_user)

    response = client.post(reverse("dossiers:internal_note_add", args=[dossier.pk]), {"body": "x"})

    assert response.status_code == 403
    assert InternalNote.objects.filter(dossier=dossier).count() == 1


def test_holder_api_never_returns_internal_notes(officer, holder_user, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    services.add_internal_note(dossier, body=SECRET, actor=officer)
    api = APIClient()
    api.force_authenticate(holder_user)

    for url in (reverse("dossier-list"), reverse("dossier-detail", args=[dossier.pk])):
        response = api.get(url)
        assert SECRET not in response.content.decode()
        assert response.status_code in (403, 404)
