"""An import reaches the provinces of the importer's membership in the batch's
organization, never those of another membership (issue 11, point 2)."""

import pytest

from rowad.accounts.enums import Role
from rowad.imports import queries
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def officer_in_two_agencies(world):
    user = UserFactory(username="officer-oran-agent-hoceima")
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.AGENCY_OFFICER, provinces=[world.oran]
    )
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.FIELD_AGENT, provinces=[world.hoceima]
    )
    return user


def test_rows_of_a_batch_reach_only_the_provinces_of_its_organization_membership(
    world, officer_in_two_agencies
):
    user = officer_in_two_agencies

    assert queries.allowed_province_ids(user, organization_id=world.oran_agency.pk) == {world.oran.pk}
    assert queries.allowed_province_ids(user, organization_id=world.hoceima_agency.pk) == {world.hoceima.pk}
    assert queries.allowed_province_ids(user) == {world.oran.pk, world.hoceima.pk}


def test_batch_belongs_to_the_membership_covering_its_province(world, officer_in_two_agencies):
    user = officer_in_two_agencies

    assert queries.default_organization(user, world.hoceima) == world.hoceima_agency
    assert queries.default_organization(user, world.oran) == world.oran_agency
