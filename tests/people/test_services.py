import pytest
from django.core.exceptions import ValidationError

from rowad.core.errors import ConflictError
from rowad.core.models import AuditEntry
from rowad.people import services
from rowad.people.models import Person, PersonNameKey
from tests.factories import PersonFactory, province

pytestmark = pytest.mark.integration


def person_data(**overrides):
    data = {
        "given_name_ar": "محمد",
        "family_name_ar": "بن علي",
        "country": "DZ",
        "national_id": "109990101000000099",
        "phone": "0550 12 34 56",
        "province": province("DZ", "31"),
    }
    data.update(overrides)
    return data


def test_create_person_normalizes_phone_and_writes_keys_history_audit(world):
    officer = world.users["agency_officer"]
    person = services.create_person(data=person_data(), actor=officer, consents=["registration"])
    assert person.phone == "+213550123456"
    assert set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True)) == {
        "mhmd",
        "bn",
        "l",
        "bnl",
    }
    assert person.history.count() == 1
    assert person.history.first().history_user == officer
    assert AuditEntry.objects.filter(action="people.person.created", object_id=str(person.pk)).count() == 1
    assert person.consents.count() == 1


def test_create_person_refuses_existing_national_id_without_revealing_owner(world):
    services.create_person(data=person_data(), actor=None)
    with pytest.raises(ValidationError) as error:
        services.create_person(data=person_data(given_name_ar="علي"), actor=None)
    message = error.value.message_dict["national_id"][0]
    assert "already registered" in message
    assert "محمد" not in message
    assert Person.objects.count() == 1


def test_create_person_requires_a_name(world):
    with pytest.raises(ValidationError) as error:
        services.create_person(data=person_data(given_name_ar="", family_name_ar=""), actor=None)
    assert "given_name_ar" in error.value.message_dict


def test_create_person_refuses_province_of_another_country(world):
    with pytest.raises(ValidationError) as error:
        services.create_person(data=person_data(province=world.hoceima), actor=None)
    assert "province" in error.value.message_dict


def test_update_person_records_old_and_new_values(world):
    officer = world.users["agency_officer"]
    person = services.create_person(data=person_data(), actor=officer)
    services.update_person(person, data={"phone": "0661 23 45 67"}, actor=officer)
    latest, previous = person.history.all()[:2]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("phone", "+213550123456", "+213661234567")]


def test_update_person_with_stale_version_is_refused_and_changes_nothing(world):
    person = services.create_person(data=person_data(), actor=None)
    stale = person.updated_at.isoformat()
    services.update_person(person, data={"phone": "0661234567"}, actor=None, version=stale)
    with pytest.raises(ConflictError):
        services.update_person(person, data={"phone": "0770000000"}, actor=None, version=stale)
    person.refresh_from_db()
    assert person.phone == "+213661234567"


def test_update_person_rebuilds_name_keys(world):
    person = services.create_person(data=person_data(), actor=None)
    services.update_person(person, data={"given_name_ar": "يوسف"}, actor=None)
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert "sf" in keys and "mhmd" not in keys


def test_erase_person_blanks_personal_data_and_purges_history(world):
    officer = world.users["agency_officer"]
    person = services.create_person(data=person_data(), actor=officer)
    services.update_person(person, data={"phone": "0661234567"}, actor=officer)
    services.erase_person(person, actor=officer, reason="request of 2026-11-20")
    person.refresh_from_db()
    assert person.erased_at is not None
    assert (person.given_name_ar, person.national_id, person.phone) == ("", "", "")
    assert person.history.count() == 1
    assert not PersonNameKey.objects.filter(person=person).exists()
    assert all(h.phone == "" for h in person.history.all())


def test_export_person_data_contains_consents_and_history(world):
    person = services.create_person(data=person_data(), actor=None, consents=["contact"])
    exported = {s["key"]: s["records"] for s in services.export_person_data(person)["sections"]}
    assert exported["people.person"][0]["national_id"] == "109990101000000099"
    assert len(exported["people.consentrecord"]) == 1
    assert len(exported["people.person"][0]["changes"]) == 1


def test_factory_person_is_found_by_search(world):
    from rowad.people.queries import search_people

    person = PersonFactory()
    assert list(search_people(Person.objects.all(), "mohammed")) == [person]
