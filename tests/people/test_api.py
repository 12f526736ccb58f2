import pytest
from rest_framework.test import APIClient

from rowad.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.users["agency_officer"])
    return client


def payload(world, **overrides):
    data = {
        "given_name_ar": "أيوب",
        "family_name_latin": "Merabet",
        "country": "DZ",
        "national_id": "109990101000000055",
        "phone": "0550 99 88 77",
        "province": world.oran.pk,
    }
    data.update(overrides)
    return data


def test_person_api_create_returns_201_with_normalized_phone(api, world):
    response = api.post("/api/people/", payload(world), format="json")
    assert response.status_code == 201
    assert response.json()["phone"] == "+213550998877"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("national_id", "12"),
        ("phone", "abc"),
        ("birth_date", "32/13/2000"),
        ("province", 999_999),
        ("email", "x"),
    ],
)
def test_person_api_bad_input_is_400_with_field_code(api, world, field, value):
    response = api.post("/api/people/", payload(world, **{field: value}), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert Person.objects.count() == 0


def test_person_api_huge_name_is_400(api, world):
    response = api.post("/api/people/", payload(world, given_name_ar="x" * 10_000_000), format="json")
    assert response.status_code in (400, 413)
    assert Person.objects.count() == 0


def test_person_api_refuses_out_of_scope_province(api, world):
    response = api.post(
        "/api/people/", payload(world, province=world.hoceima.pk, country="MA", national_id="")
    )
    assert response.status_code == 400
    assert "province" in response.json()["errors"]


def test_person_api_duplicate_national_id_is_400(api, world):
    api.post("/api/people/", payload(world), format="json")
    response = api.post("/api/people/", payload(world), format="json")
    assert response.status_code == 400
    assert "national_id" in response.json()["errors"]


def test_person_api_list_search_cross_script(api, world):
    PersonFactory(given_name_latin="", family_name_latin="", given_name_ar="محمد", family_name_ar="بن علي")
    response = api.get("/api/people/", {"q": "benali"})
    assert response.json()["count"] == 1


def test_person_api_patch_with_stale_version_is_409(api, world):
    person = PersonFactory()
    stale = person.updated_at.isoformat()
    assert (
        api.patch(f"/api/people/{person.pk}/", {"phone": "0661234567", "version": stale}).status_code == 200
    )
    response = api.patch(f"/api/people/{person.pk}/", {"phone": "0770000000", "version": stale})
    assert response.status_code == 409
    assert response.json()["code"] == "stale_edit"


def test_person_api_token_auth_for_devices(world):
    from rowad.accounts.models import ApiToken

    _token, secret = ApiToken.objects.create(user=world.users["field_agent"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get("/api/people/").status_code == 200
    assert APIClient().get("/api/people/").status_code == 401


def test_person_api_caps_the_count_of_huge_searches(api, world, monkeypatch):
    from rowad.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 2)
    for _ in range(4):
        PersonFactory()

    response = api.get("/api/people/", {"q": "mohamed"})

    assert response.status_code == 200
    assert response.json()["count"] == 3
