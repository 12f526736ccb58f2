import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import DocumentVersion, Dossier
from tests.dossiers.factories import PDF_BYTES, PNG_BYTES, advance, make_dossier, oran_programme, pdf
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def officer(world):
    return world.users[Role.AGENCY_OFFICER]


@pytest.fixture
def second_officer(world):
    user = UserFactory(username="second-officer")
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.AGENCY_OFFICER, provinces=[world.oran]
    )
    return user


def edit_data(dossier, **overrides):
    lead = dossier.holder_links.get(is_lead=True).person_id
    data = {
        "title": dossier.title,
        "idea": dossier.idea,
        "specialty": "",
        "sector": dossier.sector,
        "legal_form": dossier.legal_form,
        "province": dossier.province_id,
        "investment": str(dossier.investment),
        "lead": lead,
        "version": dossier.version,
    }
    data.update(overrides)
    return data


def test_list_filters_by_state_and_is_htmx_partial(client, officer, world):
    make_dossier(world, title="Atelier de soudure")
    submitted = make_dossier(world, title="Pose de fibre")
    advance(submitted, DossierState.SUBMITTED, actor=officer)
    client.force_login(officer)

    response = client.get(
        reverse("dossiers:dossier_list"), {"state": "submitted"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Pose de fibre" in body
    assert "Atelier de soudure" not in body
    assert "<html" not in body


def test_create_dossier_from_the_form(client, officer, world):
    programme = oran_programme(world)
    person = PersonFactory(national_id="", organization=world.oran_agency)
    client.force_login(officer)
    data = {
        "programme": programme.pk,
        "title": "Maintenance de réseaux",
        "idea": "Entretien des réseaux téléphoniques",
        "legal_form": "sole_proprietorship",
        "province": world.oran.pk,
        "investment": "2500000",
        "lead": person.pk,
        "client_uuid": str(uuid.uuid4()),
    }

    response = client.post(reverse("dossiers:dossier_create"), data)

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:dossier_detail", args=[dossier.pk])
    assert (dossier.title, dossier.state, dossier.created_by) == ("Maintenance de réseaux", "idea", officer)
    assert list(dossier.holder_links.values_list("person_id", "is_lead")) == [(person.pk, True)]


def test_double_submitted_create_form_creates_one_dossier(client, officer, world):
    programme = oran_programme(world)
    person = PersonFactory(national_id="", organization=world.oran_agency)
    client.force_login(officer)
    data = {
        "programme": programme.pk,
        "title": "Maintenance de réseaux",
        "idea": "x",
        "legal_form": "sole_proprietorship",
        "province": world.oran.pk,
        "investment": "100",
        "lead": person.pk,
        "client_uuid": str(uuid.uuid4()),
    }

    first = client.post(reverse("dossiers:dossier_create"), data)
    second = client.post(reverse("dossiers:dossier_create"), data)

    assert Dossier.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_second_officer_is_told_what_changed_and_nothing_is_overwritten(
    client, officer, second_officer, world
):
    dossier = make_dossier(world, title="Titre initial")
    loaded = edit_data(dossier)
    client.force_login(officer)
    assert (
        client.post(
            reverse("dossiers:dossier_edit", args=[dossier.pk]), {**loaded, "title": "Titre du premier"}
        ).status_code
        == 302
    )

    client.force_login(second_officer)
    response = client.post(
        reverse("dossiers:dossier_edit", args=[dossier.pk]), {**loaded, "title": "Titre du second"}
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert 'id="conflict"' in body
    assert "Titre du premier" in body  # what the first officer changed
    assert 'value="Titre du second"' in body  # the second officer's input is kept
    dossier.refresh_from_db()
    assert dossier.title == "Titre du premier"


def test_transition_from_stale_page_is_refused(client, officer, world):
    dossier = make_dossier(world)
    client.force_login(officer)
    url = reverse("dossiers:dossier_transition", args=[dossier.pk])
    stale_version = dossier.version
    client.post(url, {"target": "to_revise", "version": stale_version, "note": "Approfondir"})

    response = client.post(url, {"target": "submitted", "version": stale_version, "note": ""}, follow=True)

    dossier.refresh_from_db()
    assert dossier.state == DossierState.TO_REVISE
    assert "Someone else changed this dossier" in response.content.decode()


def test_detail_shows_transitions_with_their_blocking_reasons(client, officer, world):
    dossier = advance(make_dossier(world), DossierState.ELIGIBILITY_CHECKED, actor=officer)
    client.force_login(officer)

    body = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()

    assert 'value="under_study"' in body
    assert "Required documents are missing" in body
    assert f'name="version" value="{dossier.version}"' in body


def test_detail_loads_the_committee_scores_for_those_who_may_read_them(client, officer, world):
    dossier = make_dossier(world)
    scores_url = reverse("committees:dossier_scores", args=[dossier.pk])

    client.force_login(officer)
    assert scores_url in client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()

    client.force_login(world.users["mentor"])
    response = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk]))
    assert response.status_code != 200 or scores_url not in response.content.decode()


def test_upload_wrong_content_shows_message(client, officer, world):
    dossier = make_dossier(world)
    doc_type = dossier.programme.required_documents.get()
    client.force_login(officer)
    response = client.post(
        reverse("dossiers:document_upload", args=[dossier.pk]),
        {"document_type": doc_type.pk, "file": SimpleUploadedFile("cni.pdf", PNG_BYTES)},
        follow=True,
    )
    assert "does not match its name" in response.content.decode()
    assert DocumentVersion.objects.count() == 0


def test_download_serves_the_file_to_readers_only(client, officer, world):
    dossier = make_dossier(world)
    doc_type = dossier.programme.required_documents.get()
    client.force_login(officer)
    client.post(
        reverse("dossiers:document_upload", args=[dossier.pk]), {"document_type": doc_type.pk, "file": pdf()}
    )
    version = DocumentVersion.objects.get()
    url = reverse("dossiers:document_download", args=[dossier.pk, version.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"

    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_study_page_records_checks_result_and_opinion(client, officer, world):
    from tests.dossiers.factories import SpecificationFactory, SpecificationItemFactory

    dossier = advance(make_dossier(world), DossierState.UNDER_STUDY, actor=officer)
    spec = SpecificationFactory(programme=dossier.programme)
    item = SpecificationItemFactory(specification=spec, label_fr="Diplôme de technicien", kind="diploma")
    client.force_login(officer)
    url = reverse("dossiers:dossier_study", args=[dossier.pk])
    assert "Diplôme de technicien" in client.get(url).content.decode()
    dossier.refresh_from_db()

    response = client.post(
        url,
        {
            "version": dossier.version,
            f"status_{item.pk}": "met",
            f"evidence_{item.pk}": "BTS télécoms 2019",
            "result": "favourable",
            "opinion": "Projet solide",
        },
    )

    assert response.status_code == 302
    study = Dossier.objects.get(pk=dossier.pk).study
    assert (study.result, study.opinion, study.officer) == ("favourable", "Projet solide", officer)
    assert list(study.checks.values_list("status", "evidence")) == [("met", "BTS télécoms 2019")]


def test_study_result_refused_while_mandatory_checks_pending(client, officer, world):
    from tests.dossiers.factories import SpecificationFactory, SpecificationItemFactory

    dossier = advance(make_dossier(world), DossierState.UNDER_STUDY, actor=officer)
    item = SpecificationItemFactory(specification=SpecificationFactory(programme=dossier.programme))
    client.force_login(officer)
    url = reverse("dossiers:dossier_study", args=[dossier.pk])
    client.get(url)
    dossier.refresh_from_db()

    response = client.post(
        url,
        {"version": dossier.version, f"status_{item.pk}": "pending", "result": "favourable", "opinion": "ok"},
    )

    assert response.status_code == 200
    assert "Check every mandatory requirement" in response.content.decode()


def test_financing_plan_page_saves_lines_and_warns_on_gap(client, officer, world):
    dossier = make_dossier(world)
    client.force_login(officer)
    data = {
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "12",
        "version": dossier.version,
        "lines-0-kind": "personal_contribution",
        "lines-0-amount": "100000",
        "lines-1-kind": "agency_loan",
        "lines-1-amount": "200000",
        "lines-1-funder": world.oran_agency.pk,
    }
    response = client.post(reverse("dossiers:dossier_financing", args=[dossier.pk]), data, follow=True)

    assert list(dossier.financing_lines.values_list("kind", "amount")) == [
        ("personal_contribution", 100000),
        ("agency_loan", 200000),
    ]
    assert "does not yet add up" in response.content.decode()


@pytest.mark.parametrize("role", [Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER])
@pytest.mark.parametrize("target", ["approved", "rejected", "deferred", "to_revise"])
def test_decision_cannot_be_taken_from_the_dossier_page(client, world, role, target):
    from tests.dossiers.factories import put_on_agenda

    officer = world.users[Role.AGENCY_OFFICER]
    dossier = advance(make_dossier(world), DossierState.READY_FOR_COMMITTEE, actor=officer)
    put_on_agenda(dossier, member=world.users[Role.COMMITTEE_MEMBER])
    client.force_login(world.users[role])

    page = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    response = client.post(
        reverse("dossiers:dossier_transition", args=[dossier.pk]),
        {"target": target, "note": "motif", "version": dossier.version},
        follow=True,
    )

    assert f'data-target="{target}"' not in page
    assert 'hx-get="{}"'.format(reverse("committees:dossier_decision", args=[dossier.pk])) in page
    from django.utils import translation

    from rowad.dossiers.services import committee_only_error

    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = committee_only_error().message
    assert expected in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.READY_FOR_COMMITTEE
