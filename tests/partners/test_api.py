import pytest
from rest_framework.test import APIClient

from rowad.partners.models import Agreement, Organization, Programme
from tests.factories import SpecialtyFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def api(officer):
    client = APIClient()
    client.force_authenticate(officer)
    return client


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def programme_payload(world, **overrides):
    data = {
        "code": "api-programme",
        "name_fr": "Programme API",
        "operator": world.oran_agency.pk,
        "min_age": 18,
        "max_age": 40,
        "benefits": ["training"],
        "provinces": [world.oran.pk],
        "min_members": 1,
        "max_members": 2,
    }
    data.update(overrides)
    return data


def test_organization_list_is_scoped(api, partners):
    names = [o["name_fr"] for o in api.get("/api/organizations/").json()["results"]]
    assert "Télécom Oran" in names
    assert "ODCo Zzforeign" not in names


def test_organization_list_filters_by_kind(api, partners):
    names = sorted(o["name_fr"] for o in api.get("/api/organizations/?kind=sponsor").json()["results"])
    assert names == ["Télécom Oran", "Télécom national"]


@pytest.mark.parametrize("query", ["?province=abc", "?province=999999", "?kind=bank", "?country=FR"])
def test_list_with_bad_filter_is_400(api, partners, query):
    response = api.get("/api/programmes/" + query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_organization_create_and_update_with_version(api, world):
    created = api.post(
        "/api/organizations/",
        {"kind": "association", "country": "DZ", "name_ar": "جمعية", "provinces": [world.oran.pk]},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    updated = api.patch(f"/api/organizations/{pk}/", {"acronym": "JM", "version": 1}, format="json")
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    stale = api.patch(f"/api/organizations/{pk}/", {"acronym": "XX", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_edit"
    assert Organization.objects.get(pk=pk).acronym == "JM"


def test_organization_create_with_bad_phone_is_400_on_the_field(api, world):
    response = api.post(
        "/api/organizations/",
        {
            "kind": "association",
            "country": "DZ",
            "name_ar": "جمعية",
            "phone": "12",
            "provinces": [world.oran.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["phone"]


def test_agreement_create_needs_two_parties(api, world, partners):
    response = api.post(
        "/api/agreements/",
        {"title": "Seule", "parties": [{"organization": world.oran_agency.pk, "role": "operator"}]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["parties"]


def test_agreement_create_and_read(api, world, partners):
    response = api.post(
        "/api/agreements/",
        {
            "title": "Convention API",
            "signed_on": "2025-01-01",
            "parties": [
                {"organization": world.oran_agency.pk, "role": "operator"},
                {"organization": partners["sponsor"].pk, "role": "sponsor", "commitments": "Former"},
            ],
            "programmes": [partners["programme"].pk],
        },
        format="json",
    )
    assert response.status_code == 201
    body = api.get(f"/api/agreements/{response.json()['id']}/").json()
    assert sorted(p["role"] for p in body["parties"]) == ["operator", "sponsor"]
    assert body["programmes"] == [partners["programme"].pk]
    assert body["document_url"] is None


def test_agreement_of_other_country_is_404(api, partners):
    assert api.get(f"/api/agreements/{partners['foreign_agreement'].pk}/").status_code == 404


def test_programme_create_with_rules(api, world, partners):
    SpecialtyFactory(code="fiber")
    response = api.post("/api/programmes/", programme_payload(world, specialties=["fiber"]), format="json")
    assert response.status_code == 201
    programme = Programme.objects.get(code="api-programme")
    assert list(programme.specialties.values_list("code", flat=True)) == ["fiber"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"min_age": 40, "max_age": 20}, "max_age"),
        ({"min_age": 3}, "min_age"),
        ({"benefits": ["cash"]}, "benefits"),
        ({"min_members": 3, "max_members": 1}, "max_members"),
        ({"code": "oran-ict"}, "code"),
        ({"name_fr": "x" * 1000}, "name_fr"),
    ],
)
def test_programme_create_with_bad_rules_is_400(api, world, partners, overrides, field):
    response = api.post("/api/programmes/", programme_payload(world, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_programme_for_another_operator_is_refused(api, world, partners):
    response = api.post(
        "/api/programmes/", programme_payload(world, operator=partners["sponsor"].pk), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["operator"]


def test_reader_cannot_write(world, partners):
    response = client_for(world.users["trainer"]).patch(
        f"/api/programmes/{partners['programme'].pk}/", {"max_age": 50}, format="json"
    )
    assert response.status_code == 403


def test_officer_cannot_update_out_of_scope_agreement(api, partners):
    response = api.patch(
        f"/api/agreements/{partners['foreign_agreement'].pk}/", {"title": "X"}, format="json"
    )
    assert response.status_code == 404
    assert Agreement.objects.get(pk=partners["foreign_agreement"].pk).title == "Convention Zzforeign"


def test_project_holder_cannot_read(world, partners):
    assert client_for(world.users["project_holder"]).get("/api/organizations/").status_code == 403


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_agreement_document_upload_then_download(api, partners, client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/api/agreements/{partners['agreement'].pk}/document/"
    response = api.put(
        url, {"document": SimpleUploadedFile("signed.pdf", PDF), "version": 1}, format="multipart"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    client.force_login(officer)
    download = client.get(response.json()["document_url"])
    assert b"".join(download.streaming_content) == PDF


def test_agreement_document_upload_of_wrong_type_is_400(api, partners):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/api/agreements/{partners['agreement'].pk}/document/"
    response = api.put(url, {"document": SimpleUploadedFile("signed.pdf", b"plain text")}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["document"]
