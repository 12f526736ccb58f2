from decimal import Decimal

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers import services
from rowad.dossiers.enums import DossierState
from rowad.dossiers.queries import dossiers_visible_to, person_ids_with_dossiers
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration


def titles(user, **filters):
    return sorted(dossiers_visible_to(user, **filters).values_list("title", flat=True))


def test_officer_sees_own_province_and_outsider_nothing(world):
    make_dossier(world, title="Oran")
    assert titles(world.users[Role.AGENCY_OFFICER]) == ["Oran"]
    assert titles(world.outsider) == []
    assert titles(world.users[Role.TRAINER]) == []
    assert titles(world.users[Role.ASSOCIATION_REP]) == []


def test_sponsor_sees_only_dossiers_of_programmes_they_sponsor(world):
    sponsored = oran_programme(world)
    sponsored.sponsors.set([world.oran_agency])
    make_dossier(world, programme=sponsored, title="Sponsored")
    make_dossier(world, title="Other programme")
    assert titles(world.users[Role.SPONSOR_OFFICER]) == ["Sponsored"]


def test_funder_sees_only_dossiers_they_finance(world):
    financed = make_dossier(world, title="Financed")
    make_dossier(world, title="Not financed")
    services.set_financing(
        financed,
        lines=[{"kind": "agency_loan", "amount": Decimal("10"), "funder": world.oran_agency}],
        actor=world.users[Role.AGENCY_OFFICER],
    )
    assert titles(world.users[Role.FUNDER_OFFICER]) == ["Financed"]


def test_committee_member_sees_only_the_dossiers_of_their_sessions(world):
    from rowad.dossiers.models import Dossier
    from tests.dossiers.factories import put_on_agenda

    member = world.users[Role.COMMITTEE_MEMBER]
    ready = make_dossier(world, title="Ready")
    elsewhere = make_dossier(world, title="Ready, other session")
    Dossier.objects.filter(pk__in=[ready.pk, elsewhere.pk]).update(state=DossierState.READY_FOR_COMMITTEE)
    put_on_agenda(ready, member=member)
    put_on_agenda(make_dossier(world, title="Idea"), member=member)

    assert titles(member) == ["Ready"]


def test_holder_sees_only_their_own_dossiers(world, holder_user):
    make_dossier(world, holders=[holder_user.person], title="Mine")
    make_dossier(world, title="Someone else's")
    assert titles(holder_user) == ["Mine"]


def test_filters_by_state_programme_province_and_text(world):
    programme = oran_programme(world)
    make_dossier(world, programme=programme, title="Fibre Kahina")
    make_dossier(world, title="Soudure")
    officer = world.users[Role.AGENCY_OFFICER]
    assert titles(officer, programme=programme) == ["Fibre Kahina"]
    assert titles(officer, q="soud") == ["Soudure"]
    assert titles(officer, state="submitted") == []
    assert titles(officer, state=["idea"], province=world.oran) == ["Fibre Kahina", "Soudure"]


def test_person_ids_with_dossiers(world):
    holder = PersonFactory(national_id="")
    other = PersonFactory(national_id="")
    make_dossier(world, holders=[holder])
    assert person_ids_with_dossiers([holder.pk, other.pk]) == {holder.pk}
    assert person_ids_with_dossiers([]) == set()
