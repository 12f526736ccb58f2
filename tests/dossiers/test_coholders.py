"""Co-holders added by the holder before submitting: by name with a phone or a national ID,
duplicates refused, the programme's limit kept, a registered ID linked only on its name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rowad.core.errors import DomainError
from rowad.dossiers import services
from rowad.dossiers.enums import ErrorCode, RuleOutcome
from rowad.people.models import Person
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import PersonFactory
from tests.portal.factories import make_holder

pytestmark = pytest.mark.integration

NIN = "109970302000000031"


@pytest.fixture
def holder(world):
    return make_holder(world.oran_agency, username="coholder-lead", given_name_latin="Amina")


@pytest.fixture
def dossier(world, holder):
    programme = oran_programme(world, min_members=2, max_members=3)
    return make_dossier(world, programme=programme, holders=[holder[2]], actor=holder[0])


def _members(dossier) -> str:
    dossier.refresh_from_db()
    return next(x for x in dossier.eligibility if x["rule"] == "members")["outcome"]


def test_coholders_added_by_phone_creates_a_person_and_passes_the_rule(dossier, holder):
    assert _members(dossier) == RuleOutcome.FAILED
    person = services.add_co_holder(dossier, name="Karim Benali", phone="0770 98 76 54", actor=holder[0])
    assert (person.given_name_latin, person.family_name_latin, person.phone) == (
        "Karim",
        "Benali",
        "+213770987654",
    )
    assert set(dossier.holders.all()) == {holder[2], person}
    assert _members(dossier) == RuleOutcome.PASSED


def test_coholders_same_phone_twice_is_refused(dossier, holder):
    services.add_co_holder(dossier, name="Karim Benali", phone="0770987654", actor=holder[0])
    with pytest.raises(DomainError) as exc:
        services.add_co_holder(dossier, name="Karim B.", phone="+213770987654", actor=holder[0])
    assert exc.value.code == ErrorCode.ALREADY_HOLDER


def test_coholders_registered_id_is_linked_only_when_the_name_matches(dossier, holder):
    known = PersonFactory(national_id=NIN, given_name_latin="Sofiane", family_name_latin="Haddad")
    with pytest.raises(ValidationError):
        services.add_co_holder(dossier, name="Someone Else", national_id=NIN, actor=holder[0])
    person = services.add_co_holder(dossier, name="سفيان حداد", national_id=NIN, actor=holder[0])
    assert person == known
    assert Person.objects.filter(national_id=NIN).count() == 1


def test_coholders_limit_of_the_programme(dossier, holder):
    services.add_co_holder(dossier, name="Karim Benali", phone="0770987654", actor=holder[0])
    services.add_co_holder(dossier, name="Nadia Saidi", phone="0771987654", actor=holder[0])
    with pytest.raises(DomainError) as exc:
        services.add_co_holder(dossier, name="Yacine Amrani", phone="0772987654", actor=holder[0])
    assert exc.value.code == ErrorCode.HOLDERS_COUNT


def test_coholders_need_a_name_and_a_contact(dossier, holder):
    with pytest.raises(ValidationError):
        services.add_co_holder(dossier, name="", phone="0770987654", actor=holder[0])
    with pytest.raises(ValidationError):
        services.add_co_holder(dossier, name="Karim", actor=holder[0])


def test_coholders_another_holder_may_not_add(dossier, world):
    stranger = make_holder(world.oran_agency, username="coholder-stranger")
    with pytest.raises(DomainError) as exc:
        services.add_co_holder(dossier, name="Karim", phone="0770987654", actor=stranger[0])
    assert exc.value.code == ErrorCode.NOT_ALLOWED


def test_coholders_removed_but_never_the_lead(dossier, holder):
    person = services.add_co_holder(dossier, name="Karim Benali", phone="0770987654", actor=holder[0])
    services.remove_co_holder(dossier, person=person, actor=holder[0])
    assert list(dossier.holders.all()) == [holder[2]]
    with pytest.raises(DomainError):
        services.remove_co_holder(dossier, person=holder[2], actor=holder[0])


def test_specialty_outside_the_programme_is_refused(dossier, holder):
    from tests.factories import SpecialtyFactory

    inside, outside = SpecialtyFactory(), SpecialtyFactory()
    dossier.programme.specialties.set([inside])
    with pytest.raises(ValidationError):
        services.update_dossier(dossier, data={"specialty": outside}, actor=holder[0], expected_version=None)
    services.update_dossier(dossier, data={"specialty": inside}, actor=holder[0], expected_version=None)
    dossier.refresh_from_db()
    line = next(x for x in dossier.eligibility if x["rule"] == "specialty")
    assert line["outcome"] == RuleOutcome.PASSED
