"""`field__any_of`: one parameter for a list of any length, the same rows as `__in`."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rowad.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_the_same_rows_as_in():
    people = [
        PersonFactory(
            national_id=f"10000000000000000{n}",
            phone=f"+21355000000{n}",
            birth_date=datetime.date(1990 + n, 1, 2),
        )
        for n in range(3)
    ]
    ids = ["100000000000000000", "100000000000000002", "not-an-id"]
    assert set(Person.objects.filter(national_id__any_of=ids)) == set(
        Person.objects.filter(national_id__in=ids)
    )
    assert set(Person.objects.filter(national_id__any_of=ids)) == {people[0], people[2]}
    assert list(Person.objects.filter(pk__any_of=[people[1].pk])) == [people[1]]
    assert set(Person.objects.filter(province__any_of=[people[0].province_id])) == set(
        Person.objects.filter(province=people[0].province_id)
    )
    dates = [datetime.date(1991, 1, 2)]
    assert list(Person.objects.filter(birth_date__any_of=dates)) == [people[1]]


def test_any_of_an_empty_list_matches_nothing():
    PersonFactory()
    assert not Person.objects.filter(national_id__any_of=[]).exists()


def test_any_of_sends_a_long_list_as_one_parameter():
    """50,000 values: past SQLite's limit of 999 parameters, and one query."""
    person = PersonFactory(national_id="123456789012345678")
    values = [str(n) for n in range(50_000)] + ["123456789012345678"]
    query = Person.objects.filter(national_id__any_of=values).values_list("pk", flat=True)
    _sql, params = query.query.sql_with_params()
    assert len(params) == 1
    with CaptureQueriesContext(connection) as queries:
        assert list(query) == [person.pk]
    assert len(queries) == 1


def test_any_of_quotes_values_as_data():
    PersonFactory(national_id="123456789012345678")
    hostile = ["') OR 1=1 --", '"]) OR 1=1 --', "x' OR 'a'='a"]
    assert not Person.objects.filter(national_id__any_of=hostile).exists()
