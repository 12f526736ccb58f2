"""Outreach fixtures: a caravan with a current stop in Oran where the world's field agent
works, and the Oran agency as a partner of the campaign."""

from __future__ import annotations

import pytest

from tests.factories import province

from .factories import CampaignFactory, PhaseFactory, StopFactory


@pytest.fixture
def caravan(world):
    campaign = CampaignFactory(lead_organization=world.oran_agency, organizations=[world.oran_agency])
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[world.oran, province("DZ", "16")])
    stop = StopFactory(
        phase=phase,
        province=world.oran,
        host_organization=world.oran_agency,
        field_agents=[world.users["field_agent"]],
    )
    return stop
