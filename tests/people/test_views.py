import pytest
from django.urls import reverse

from rowad.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration


def form_data(**overrides):
    data = {
        "given_name_ar": "سارة",
        "family_name_ar": "حداد",
        "given_name_latin": "Sarah",
        "family_name_latin": "Haddad",
        "country": "DZ",
        "national_id": "209990101000000077",
        "birth_date": "1998-04-02",
        "sex": "F",
        "phone": "0661 11 22 33",
        "preferred_language": "ar",
        "consents": ["registration"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users["agency_officer"])
    return client


def test_person_create_registers_and_redirects(officer_client, world):
    response = officer_client.post(reverse("people:create"), form_data(province=world.oran.pk))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.phone == "+213661112233"
    assert person.consents.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("national_id", "12345"),
        ("phone", "12"),
        ("birth_date", "2090-01-01"),
        ("birth_date", "not a date"),
        ("email", "not-an-email"),
        ("given_name_ar", "ب" * 5_000_000),  # 10 MB of UTF-8 text
    ],
)
def test_person_create_shows_error_on_the_field(officer_client, world, field, value):
    response = officer_client.post(
        reverse("people:create"), form_data(province=world.oran.pk, **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Person.objects.count() == 0


def test_person_create_refuses_unknown_or_out_of_scope_province(officer_client, world):
    response = officer_client.post(reverse("people:create"), form_data(province=world.hoceima.pk))
    assert "province" in response.context["form"].errors
    response = officer_client.post(reverse("people:create"), form_data(province=999_999))
    assert "province" in response.context["form"].errors
    assert Person.objects.count() == 0


def test_person_create_error_is_translated_into_french(officer_client, world):
    officer_client.cookies["rowad_language"] = "fr"
    response = officer_client.post(
        reverse("people:create"),
        form_data(province=world.oran.pk, national_id="12"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "18 chiffres" in response.content.decode()


def test_person_create_error_is_translated_into_arabic(officer_client, world):
    officer_client.cookies["rowad_language"] = "ar"
    response = officer_client.post(reverse("people:create"), form_data(province=world.oran.pk, phone="12"))
    assert 'dir="rtl"' in response.content.decode()
    assert "رقم الهاتف" in response.content.decode()


def test_person_create_twice_with_same_id_keeps_one(officer_client, world):
    officer_client.post(reverse("people:create"), form_data(province=world.oran.pk))
    response = officer_client.post(reverse("people:create"), form_data(province=world.oran.pk))
    assert "national_id" in response.context["form"].errors
    assert Person.objects.count() == 1


def test_person_edit_with_stale_version_shows_conflict_and_keeps_other_change(officer_client, world):
    person = PersonFactory(phone="+213550123456")
    page = officer_client.get(reverse("people:edit", args=[person.pk]))
    version = page.context["form"]["version"].value()
    other = world.users["field_agent"]
    from rowad.people.services import update_person

    update_person(person, data={"phone": "0661234567"}, actor=other)
    data = form_data(province=world.oran.pk, national_id="", phone="0770 00 00 00", version=version)
    data.pop("consents")
    response = officer_client.post(reverse("people:edit", args=[person.pk]), data)
    assert response.status_code == 409
    person.refresh_from_db()
    assert person.phone == "+213661234567"
    assert "+213661234567" in response.content.decode()


def test_person_list_search_and_filter(officer_client, world):
    PersonFactory(given_name_latin="", family_name_latin="", given_name_ar="يوسف", family_name_ar="بوزيد")
    PersonFactory(given_name_latin="Karim", family_name_latin="Saidi", given_name_ar="", family_name_ar="")
    response = officer_client.get(reverse("people:list"), {"q": "Youcef", "province": world.oran.pk})
    rows = list(response.context["page"].object_list)
    assert [p.given_name_ar for p in rows] == ["يوسف"]


def test_person_list_htmx_returns_rows_only(officer_client, world):
    PersonFactory()
    response = officer_client.get(reverse("people:list"), {"q": "mohamed"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Mohamed" in response.content.decode()


def test_person_suggestions_find_existing_by_phone(officer_client, world):
    PersonFactory(phone="+213550123456")
    response = officer_client.get(reverse("people:suggestions"), {"phone": "0550123456"})
    assert "Benali" in response.content.decode()


def test_person_detail_shows_history_of_phone_change(officer_client, world):
    from rowad.people.services import update_person

    person = PersonFactory(phone="+213550123456")
    update_person(person, data={"phone": "0661234567"}, actor=world.users["agency_officer"])
    content = officer_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "+213550123456" in content and "+213661234567" in content


def test_person_export_downloads_json(officer_client, world):
    person = PersonFactory()
    response = officer_client.get(reverse("people:export", args=[person.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert b'"family_name_latin": "Benali"' in response.content


def test_person_erase_requires_confirmation(officer_client, world):
    person = PersonFactory()
    response = officer_client.post(reverse("people:erase", args=[person.pk]), {"reason": "request"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.erased_at is None
    officer_client.post(reverse("people:erase", args=[person.pk]), {"reason": "request", "confirm": "on"})
    person.refresh_from_db()
    assert person.erased_at is not None and person.family_name_latin == ""


def test_security_headers_include_csp_without_inline_script(officer_client):
    response = officer_client.get(reverse("people:list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()


def test_person_list_caps_the_count_of_huge_searches(officer_client, world, monkeypatch):
    from rowad.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 2)
    for _ in range(4):
        PersonFactory()
    response = officer_client.get(reverse("people:list"), {"q": "mohamed"})
    assert response.context["page"].paginator.is_capped
    assert len(response.context["page"].object_list) == 3
