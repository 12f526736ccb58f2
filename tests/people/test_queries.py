import pytest

from rowad.people.models import Person
from rowad.people.queries import people_visible_to, search_people
from tests.factories import PersonFactory, province_by_name

pytestmark = pytest.mark.integration


@pytest.fixture
def people(world):
    return {
        "benali": PersonFactory(national_id="109990101000000011", phone="+213550123456"),
        "arabic_only": PersonFactory(
            given_name_latin="", family_name_latin="", given_name_ar="محمد", family_name_ar="بن علي"
        ),
        "abdelkader": PersonFactory(
            given_name_ar="عبد القادر", family_name_ar="بوزيد", given_name_latin="", family_name_latin=""
        ),
        "other": PersonFactory(
            given_name_ar="فاطمة", family_name_ar="حداد", given_name_latin="Fatma", family_name_latin="Haddad"
        ),
        "foreign": PersonFactory(
            country="MA", province=province_by_name("Al Hoce"), family_name_latin="Foreign"
        ),
    }


def ids(qs):
    return {p.pk for p in qs}


@pytest.mark.parametrize("query", ["Mohamed", "Mohammed", "Mouhamed", "محمد", "moham"])
def test_search_people_matches_across_scripts(people, query):
    assert people["arabic_only"].pk in ids(search_people(Person.objects.all(), query))


@pytest.mark.parametrize("query", ["benali", "Ben Ali", "بن علي", "mohamed benali"])
def test_search_people_matches_compound_family_names(people, query):
    found = ids(search_people(Person.objects.all(), query))
    assert {people["benali"].pk, people["arabic_only"].pk} <= found
    assert people["other"].pk not in found


def test_search_people_finds_abdelkader_written_in_latin(people):
    assert ids(search_people(Person.objects.all(), "Abdelkader")) == {people["abdelkader"].pk}


def test_search_people_by_phone_in_any_format(people):
    assert people["benali"].pk in ids(search_people(Person.objects.all(), "0550 12 34 56"))


def test_search_people_by_national_id(people):
    assert ids(search_people(Person.objects.all(), "109990101000000011")) == {people["benali"].pk}


def test_people_visible_to_officer_excludes_other_provinces(world, people):
    visible = ids(people_visible_to(world.users["agency_officer"]))
    assert people["benali"].pk in visible
    assert people["foreign"].pk not in visible


def test_people_visible_to_outsider_sees_only_their_province(world, people):
    assert ids(people_visible_to(world.outsider)) == {people["foreign"].pk}


def test_people_visible_to_roles_without_registry_access_is_empty(world, people):
    for role in ("sponsor_officer", "funder_officer", "trainer", "committee_member", "project_holder"):
        assert ids(people_visible_to(world.users[role])) == set(), role


def test_people_visible_to_project_holder_is_themself(world, people):
    holder = world.users["project_holder"]
    Person.objects.filter(pk=people["other"].pk).update(user=holder)
    holder.__dict__.pop("_rowad_scope", None)
    assert ids(people_visible_to(holder)) == {people["other"].pk}


@pytest.mark.parametrize("query", ["Ben Ali", "بن علي", "Youcef Ben Ali"])
def test_search_people_finds_a_particle_name_inside_a_longer_family_name(world, query):
    person = PersonFactory(given_name_latin="Youcef", family_name_latin="Ould Ben Ali", given_name_ar="")

    assert ids(search_people(Person.objects.all(), query)) == {person.pk}
