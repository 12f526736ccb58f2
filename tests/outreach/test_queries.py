import pytest

from rowad.outreach import queries
from tests.factories import province

from .factories import RegistrationFactory, StopFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def other_stop(caravan):
    return StopFactory(
        phase=caravan.phase, province=province("DZ", "16"), starts_on=caravan.ends_on, ends_on=caravan.ends_on
    )


def test_field_agent_sees_only_assigned_stops(world, caravan, other_stop):
    agent = world.users["field_agent"]
    assert list(queries.stops_visible_to(agent)) == [caravan]
    assert list(queries.stops_of_campaign_visible_to(agent, caravan.campaign)) == [caravan]


def test_field_agent_reads_registrations_of_own_stops_only(world, caravan, other_stop):
    mine = RegistrationFactory(stop=caravan)
    RegistrationFactory(stop=other_stop)
    assert list(queries.registrations_visible_to(world.users["field_agent"])) == [mine]


def test_campaign_partner_sees_whole_itinerary(world, caravan, other_stop):
    officer = world.users["agency_officer"]
    assert set(queries.stops_of_campaign_visible_to(officer, caravan.campaign)) == {caravan, other_stop}


def test_sponsor_sees_campaign_but_no_registrations(world, caravan):
    RegistrationFactory(stop=caravan)
    sponsor = world.users["sponsor_officer"]
    assert list(queries.campaigns_visible_to(sponsor)) == [caravan.campaign]
    assert list(queries.registrations_visible_to(sponsor)) == []


def test_outsider_sees_nothing(world, caravan):
    assert list(queries.campaigns_visible_to(world.outsider)) == []
    assert list(queries.stops_visible_to(world.outsider)) == []
