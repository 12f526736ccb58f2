"""people.bulk: the rows a bulk import writes are the rows one-by-one creation writes."""

import datetime

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from rowad.accounts.enums import Role
from rowad.people.bulk import bulk_create_people
from rowad.people.models import Person


def _rows(world) -> list[dict]:
    return [
        {
            "given_name_ar": "محمد",
            "family_name_ar": "بن علي",
            "given_name_latin": "Mohamed",
            "family_name_latin": "Benali",
            "country": "DZ",
            "national_id": "109950314000000011",
            "birth_date": datetime.date(1995, 3, 14),
            "sex": "M",
            "phone": "+213550123456",
            "province": world.oran,
            "organization": world.oran_agency,
            "address": "Hai El Badr, Oran",
        },
        {
            "given_name_latin": "Amina",
            "family_name_latin": "Zerrouki",
            "country": "DZ",
            "province": world.oran.pk,
        },
    ]


def test_each_history_row_is_a_copy_of_its_person(world):
    officer = world.users[Role.AGENCY_OFFICER]
    with transaction.atomic():
        ids = bulk_create_people(_rows(world), actor=officer, reason="import #7")
    assert Person.objects.filter(pk__in=ids).count() == 2
    for person in Person.objects.filter(pk__in=ids):
        history = person.history.get()
        assert (history.history_type, history.history_user_id, history.history_change_reason) == (
            "+",
            officer.pk,
            "import #7",
        )
        assert history.history_date == person.created_at
        fields = [f.attname for f in Person._meta.concrete_fields]
        assert {f: getattr(history, f) for f in fields} == {f: getattr(person, f) for f in fields}
        assert history.instance.display_name == person.display_name
    assert model_to_dict(Person.objects.get(pk=ids[0]))["address"] == "Hai El Badr, Oran"


def test_history_without_actor_or_reason(world):
    with transaction.atomic():
        [pk] = bulk_create_people(_rows(world)[1:], actor=None)
    history = Person.objects.get(pk=pk).history.get()
    assert (history.history_user_id, history.history_change_reason) == (None, None)


@pytest.mark.django_db(transaction=True)
def test_bulk_creation_needs_a_transaction():
    with pytest.raises(AssertionError):
        bulk_create_people([{"given_name_latin": "X", "country": "DZ"}], actor=None)
