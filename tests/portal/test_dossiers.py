"""The holder's project files in the portal: start, fill, upload, submit, revise,
isolation between holders."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from rowad.dossiers import services as dossier_services
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier, StateChange
from tests.dossiers.factories import PNG_BYTES, oran_programme, pdf

pytestmark = pytest.mark.integration


@pytest.fixture
def programme(world):
    return oran_programme(world, name_fr="Caravane fibre", min_age=18, max_age=40)


@pytest.fixture
def holder_client(client, holder):
    client.force_login(holder[0])
    return client


def start(client, programme, **overrides):
    data = {
        "programme": programme.pk,
        "title": "Pose de fibre optique",
        "idea": "Poser et entretenir la fibre pour l'opérateur à Oran.",
        "sector": "Télécoms",
        "legal_form": "sole_proprietorship",
        "investment": "1500000",
        "client_uuid": str(uuid.uuid4()),
    }
    data.update(overrides)
    return client.post(reverse("portal:dossier_start"), data)


def test_programmes_show_their_rules(holder_client, programme):
    page = holder_client.get(reverse("portal:programmes")).content.decode()
    assert "Caravane fibre" in page
    assert "from 18 to 40 years" in page
    assert "Copie CNI" in page


def test_programmes_need_a_profile_first(client, world, programme):
    from tests.portal.factories import make_holder

    user, _account, _person = make_holder(world.oran_agency, username="no-profile", with_person=False)
    client.force_login(user)
    response = client.get(reverse("portal:programmes"))
    assert response["Location"] == reverse("portal:profile")


def test_holder_starts_a_dossier_from_an_idea(holder_client, holder, programme):
    response = start(holder_client, programme)
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("portal:dossier_detail", args=[dossier.pk])
    assert (dossier.state, dossier.title, dossier.created_by) == (
        DossierState.IDEA,
        "Pose de fibre optique",
        holder[0],
    )
    assert list(dossier.holders.all()) == [holder[2]]
    page = holder_client.get(response["Location"]).content.decode()
    assert "Age at submission" in page
    assert "Copie CNI" in page


def test_double_start_with_the_same_form_creates_one_dossier(holder_client, programme):
    key = str(uuid.uuid4())
    start(holder_client, programme, client_uuid=key)
    start(holder_client, programme, client_uuid=key)
    assert Dossier.objects.count() == 1


def test_start_without_a_title_is_refused(holder_client, programme):
    response = start(holder_client, programme, title="")
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


def test_start_with_a_negative_investment_is_refused(holder_client, programme):
    response = start(holder_client, programme, investment="-5")
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


def test_start_with_a_programme_of_another_country_is_refused(holder_client, world):
    moroccan = oran_programme(world, operator=world.hoceima_agency)
    response = start(holder_client, moroccan)
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


def _own_dossier(client, programme) -> Dossier:
    start(client, programme)
    return Dossier.objects.get()


def test_holder_uploads_a_required_document(holder_client, programme):
    dossier = _own_dossier(holder_client, programme)
    doc_type = programme.required_documents.get()
    response = holder_client.post(
        reverse("portal:dossier_upload", args=[dossier.pk]),
        {"document_type": doc_type.pk, "file": pdf("cni.pdf")},
    )
    assert response.status_code == 302
    assert dossier_services.missing_documents(dossier) == []
    assert (
        "cni.pdf" in holder_client.get(reverse("portal:dossier_detail", args=[dossier.pk])).content.decode()
    )


def test_upload_whose_content_does_not_match_its_name_is_refused(holder_client, programme):
    dossier = _own_dossier(holder_client, programme)
    doc_type = programme.required_documents.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("cni.pdf", PNG_BYTES, content_type="application/pdf")
    response = holder_client.post(
        reverse("portal:dossier_upload", args=[dossier.pk]),
        {"document_type": doc_type.pk, "file": fake},
        follow=True,
    )
    assert dossier_services.missing_documents(dossier) == [doc_type]
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_holder_submits_and_a_double_submit_changes_nothing(holder_client, programme):
    dossier = _own_dossier(holder_client, programme)
    url = reverse("portal:dossier_submit", args=[dossier.pk])
    holder_client.post(url, {"version": dossier.version})
    response = holder_client.post(url, {"version": dossier.version}, follow=True)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert StateChange.objects.filter(dossier=dossier, to_state=DossierState.SUBMITTED).count() == 1
    assert "already submitted" in response.content.decode()


def test_holder_answers_a_revision_request(holder_client, programme, world):
    dossier = _own_dossier(holder_client, programme)
    holder_client.post(reverse("portal:dossier_submit", args=[dossier.pk]), {"version": dossier.version})
    dossier.refresh_from_db()
    dossier_services.set_dossier_state(
        dossier,
        DossierState.TO_REVISE,
        actor=world.users["agency_officer"],
        note="Précisez l'étude de marché.",
    )
    dossier.refresh_from_db()
    page = holder_client.get(reverse("portal:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Précisez l&#x27;étude de marché." in page

    response = holder_client.post(
        reverse("portal:dossier_edit", args=[dossier.pk]),
        {
            "title": dossier.title,
            "idea": "Étude de marché : 20 chantiers par an avec l'opérateur.",
            "legal_form": "sole_proprietorship",
            "investment": "1500000",
            "version": dossier.version,
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    holder_client.post(reverse("portal:dossier_submit", args=[dossier.pk]), {"version": dossier.version})
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.idea.startswith("Étude de marché")


def test_stale_dossier_edit_is_refused(holder_client, programme):
    dossier = _own_dossier(holder_client, programme)
    old = dossier.version
    dossier_services.update_dossier(dossier, data={"sector": "BTP"}, actor=None, expected_version=None)
    response = holder_client.post(
        reverse("portal:dossier_edit", args=[dossier.pk]),
        {
            "title": "Autre",
            "idea": "x",
            "legal_form": "sole_proprietorship",
            "investment": "1",
            "version": old,
        },
    )
    assert response.status_code == 409
    dossier.refresh_from_db()
    assert dossier.title == "Pose de fibre optique"


def test_submitted_dossier_cannot_be_edited_by_the_holder(holder_client, programme):
    dossier = _own_dossier(holder_client, programme)
    holder_client.post(reverse("portal:dossier_submit", args=[dossier.pk]), {"version": dossier.version})
    response = holder_client.post(
        reverse("portal:dossier_edit", args=[dossier.pk]),
        {"title": "Autre", "idea": "x", "legal_form": "sole_proprietorship", "investment": "1"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.title == "Pose de fibre optique"


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("portal:dossier_detail", "get"),
        ("portal:dossier_edit", "get"),
        ("portal:dossier_upload", "post"),
        ("portal:dossier_submit", "post"),
    ],
)
def test_another_holder_gets_404(client, holder, other_holder, programme, name, method):
    client.force_login(holder[0])
    dossier = _own_dossier(client, programme)
    client.force_login(other_holder[0])
    response = getattr(client, method)(reverse(name, args=[dossier.pk]))
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IDEA


def test_home_lists_only_own_dossiers(client, holder, other_holder, programme):
    client.force_login(holder[0])
    start(client, programme, title="Projet d'Amina")
    client.force_login(other_holder[0])
    start(client, programme, title="Projet de Karim")
    page = client.get(reverse("portal:home")).content.decode()
    assert "Projet de Karim" in page
    assert "Projet d&#x27;Amina" not in page


def test_export_includes_the_holders_dossiers(holder_client, programme):
    _own_dossier(holder_client, programme)
    data = holder_client.get(reverse("portal:export")).json()
    dossiers = next(s for s in data["sections"] if s["key"] == "dossiers.dossier")["records"]
    assert [d["title"] for d in dossiers] == ["Pose de fibre optique"]


def test_holder_starts_a_dossier_from_an_idea_pitched_at_an_event(holder_client, holder, programme):
    from tests.outreach.factories import EventFactory, IdeaFactory, RegistrationFactory

    event = EventFactory(title="Rencontre Al Hoceima")
    idea = IdeaFactory(
        registration=RegistrationFactory(person=holder[2], stop=None, event=event),
        summary="Rucher de 50 ruches. Miel vendu aux coopératives.",
        sector="Apiculture",
    )
    page = holder_client.get(reverse("portal:dossier_start") + f"?idea={idea.pk}").content.decode()
    assert "Rucher de 50 ruches" in page
    start(holder_client, programme, title="Rucher", source_idea=idea.pk)
    dossier = Dossier.objects.get()
    assert (dossier.source_idea, dossier.met_at_event) == (idea, event)
    assert "Rucher de 50 ruches" not in holder_client.get(reverse("portal:dossier_start")).content.decode()


def test_someone_elses_idea_is_ignored(holder_client, other_holder, programme):
    from tests.outreach.factories import IdeaFactory, RegistrationFactory

    idea = IdeaFactory(registration=RegistrationFactory(person=other_holder[2]), summary="Idée de Karim")
    assert (
        "Idée de Karim"
        not in holder_client.get(reverse("portal:dossier_start") + f"?idea={idea.pk}").content.decode()
    )
    start(holder_client, programme, source_idea=idea.pk)
    assert Dossier.objects.get().source_idea is None
