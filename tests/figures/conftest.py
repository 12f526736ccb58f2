"""Figures fixtures: visitors counted at two stops of one caravan, in Oran (DZ-31) and
Algiers (DZ-16), in November 2026 (and one October count the month must leave out), and
an officer of the Oran agency who reads Algiers only; and the whole chain of
tests/figures/chain.py, built once per module (rolled back after it)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

import pytest
from django.db import transaction

from rowad.accounts.enums import Role
from rowad.outreach.models import VisitorTally
from tests.factories import MembershipFactory, UserFactory, province
from tests.figures.chain import build_chain
from tests.outreach.factories import CampaignFactory, PhaseFactory, StopFactory

NOVEMBER = datetime.date(2026, 11, 10)


@dataclass
class Counts:
    oran_officer: object
    alger_officer: object
    oran: int = 120
    alger: int = 45
    october_oran: int = 7


def _tally(stop, day: datetime.date, count: int) -> None:
    VisitorTally.objects.create(client_uuid=uuid.uuid4(), stop=stop, day=day, count=count)


@pytest.fixture
def counts(world) -> Counts:
    alger = province("DZ", "16")
    campaign = CampaignFactory(lead_organization=world.oran_agency, organizations=[world.oran_agency])
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[world.oran, alger])
    oran_stop = StopFactory(phase=phase, province=world.oran, host_organization=world.oran_agency)
    alger_stop = StopFactory(phase=phase, province=alger, host_organization=world.oran_agency, venue="Alger")
    result = Counts(
        oran_officer=world.users[Role.AGENCY_OFFICER], alger_officer=UserFactory(username="officer-alger")
    )
    MembershipFactory(
        user=result.alger_officer, organization=world.oran_agency, role=Role.AGENCY_OFFICER, provinces=[alger]
    )
    for user, address in (
        (result.oran_officer, "oran@example.org"),
        (result.alger_officer, "alger@example.org"),
    ):
        user.email = address
        user.preferred_language = "ar"
        user.save(update_fields=["email", "preferred_language"])
    _tally(oran_stop, NOVEMBER, result.oran)
    _tally(alger_stop, NOVEMBER, result.alger)
    _tally(oran_stop, datetime.date(2026, 10, 20), result.october_oran)
    return result


@pytest.fixture(scope="module")
def chain(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_chain()
        yield built
        transaction.set_rollback(True)
