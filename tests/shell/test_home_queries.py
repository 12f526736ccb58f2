"""A home with every queue of this part stays within a fixed number of queries, whatever
the size of the queues."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from tests.committees.factories import DossierFactory
from tests.factories import MembershipFactory
from tests.outreach.factories import IdeaFactory, RegistrationFactory, StopFactory

pytestmark = pytest.mark.django_db
ROLES = (Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER, Role.DIRECTOR, Role.ASSOCIATION_REP)
MAX_QUERIES = 60


def _fill(world, agent, size: int) -> None:
    for _ in range(size):
        stop = StopFactory(province=world.oran, host_organization=world.oran_agency, field_agents=[agent])
        IdeaFactory(registration=RegistrationFactory(stop=stop))
        for state in (DossierState.SUBMITTED, DossierState.ELIGIBILITY_CHECKED, DossierState.UNDER_STUDY):
            DossierFactory(organization=world.oran_agency, province=world.oran, state=state)


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    for key in ("outreach.field_stops", "dossiers.awaiting_eligibility", "shell.week_figures"):
        assert f'data-queue="{key}"' in response.content.decode()
    return len(queries)


def test_the_home_of_every_role_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    agent = world.users[Role.FIELD_AGENT]
    for role in ROLES:
        MembershipFactory(user=agent, organization=world.oran_agency, role=role, provinces=[world.oran])
    client.force_login(agent)
    # The first request rewrites the session (idle timeout, at most once a minute): not
    # a query of the home page.
    client.get("/")
    _fill(world, agent, 1)
    small = _home_queries(client)
    _fill(world, agent, 7)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = _home_queries(client)
    assert large == small
