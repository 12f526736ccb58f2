"""Outreach actions take the role and the scope from one membership (issue 11, point 2)."""

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from rowad.outreach import services
from rowad.outreach.models import Registration, Stop
from tests.factories import MembershipFactory, UserFactory

from .factories import CampaignFactory, PhaseFactory

pytestmark = pytest.mark.integration

BATCH = "/api/outreach/registrations/batch/"


def test_field_agent_elsewhere_cannot_register_at_a_stop_read_as_director(world, caravan):
    """A director in Oran (who reads the Oran stop) and a field agent in Al Hoceima: the
    capturing role is the Al Hoceima one, and it was not given this stop."""
    user = UserFactory(username="director-oran-agent-hoceima")
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.DIRECTOR, provinces=[world.oran])
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.FIELD_AGENT, provinces=[world.hoceima]
    )
    api = APIClient()
    api.force_authenticate(user)
    item = {
        "client_uuid": str(uuid.uuid4()),
        "stop": caravan.pk,
        "given_name_latin": "Amine",
        "family_name_latin": "Brahimi",
        "phone": "0550 11 22 33",
        "sex": "M",
        "birth_date": "2001-03-04",
        "consent": True,
    }

    body = api.post(BATCH, {"items": [item]}, format="json").json()

    assert body["results"][0]["code"] == "unknown_place"
    assert not Registration.objects.filter(stop=caravan).exists()


def test_officer_cannot_add_a_stop_to_a_campaign_read_as_director_elsewhere(world, client):
    """An Oran officer who is a director in Al Hoceima reads the Al Hoceima campaign but may
    not plan its itinerary."""
    officer = world.users[Role.AGENCY_OFFICER]
    MembershipFactory(
        user=officer, organization=world.hoceima_agency, role=Role.DIRECTOR, provinces=[world.hoceima]
    )
    campaign = CampaignFactory(
        country="MA", lead_organization=world.hoceima_agency, organizations=[world.hoceima_agency]
    )
    PhaseFactory(campaign=campaign, number=1, provinces=[world.hoceima])
    client.force_login(officer)
    assert client.get(reverse("outreach:campaign_detail", kwargs={"pk": campaign.pk})).status_code == 200

    response = client.get(reverse("outreach:stop_create", kwargs={"campaign_pk": campaign.pk}))

    assert response.status_code == 403


def test_stop_cannot_be_moved_or_created_outside_the_manager_membership(world):
    """A stop of an Al Hoceima campaign planned by an Oran officer (through the service, as
    the API or a script would) is refused and nothing is written."""
    officer = world.users[Role.AGENCY_OFFICER]
    campaign = CampaignFactory(
        country="MA", lead_organization=world.hoceima_agency, organizations=[world.hoceima_agency]
    )
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[world.hoceima])
    data = {
        "province": world.hoceima,
        "venue": "Place Mohammed VI",
        "starts_on": phase.starts_on,
        "ends_on": phase.starts_on,
        "host_organization": world.hoceima_agency,
    }

    with pytest.raises(services.OutreachError) as refused:
        services.create_stop(phase, data=data, actor=officer)

    assert refused.value.code == "out_of_scope"
    assert not Stop.objects.filter(phase=phase).exists()


def test_stop_edit_refuses_a_province_outside_the_campaign_and_the_officer(world, caravan):
    """An Algiers officer who is a director in Oran reads the Oran stop; moving it to Algiers
    (where their officer membership reaches) is still refused: the stop is not theirs to
    manage."""
    other = UserFactory(username="officer-algiers")
    from tests.factories import OrganizationFactory, province

    algiers = province("DZ", "16")
    agency = OrganizationFactory(country="DZ", provinces=[algiers])
    MembershipFactory(user=other, organization=agency, role=Role.AGENCY_OFFICER, provinces=[algiers])
    MembershipFactory(user=other, organization=world.oran_agency, role=Role.DIRECTOR, provinces=[world.oran])

    with pytest.raises(services.OutreachError) as refused:
        services.update_stop(caravan, data={"venue": "Maqam Echahid", "province": algiers}, actor=other)

    assert refused.value.code == "out_of_scope"
    assert Stop.objects.get(pk=caravan.pk).province_id == world.oran.pk
