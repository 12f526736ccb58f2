"""Scoring and sessions take the role and the scope from one membership (issue 11, point 2)."""

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.committees import queries, services
from rowad.committees.models import Evaluation
from rowad.core.errors import DomainError
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def director_elsewhere_mentor_in_oran(committee):
    """A director of the Al Hoceima agency who is a mentor in Oran: reads Oran's dossiers
    as a mentor, reads evaluations and scores only as a director — in Al Hoceima."""
    world = committee.world
    user = UserFactory(username="director-hoceima-mentor-oran")
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.DIRECTOR, provinces=[world.hoceima]
    )
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.MENTOR, provinces=[world.oran])
    return user


def test_director_elsewhere_does_not_read_oran_evaluations_through_a_mentor_membership(
    committee, director_elsewhere_mentor_in_oran
):
    services.assign_evaluator(committee.dossiers[0], evaluator=committee.members[0], actor=committee.officer)

    assert list(queries.evaluations_visible_to(director_elsewhere_mentor_in_oran)) == []
    assert (
        not queries.committee_dossiers(director_elsewhere_mentor_in_oran)
        .filter(pk=committee.dossiers[0].pk)
        .exists()
    )
    assert queries.evaluations_visible_to(committee.world.users[Role.DIRECTOR]).count() == 1


def test_officer_elsewhere_cannot_assign_evaluators_to_a_dossier_read_as_mentor(committee, client):
    world = committee.world
    user = UserFactory(username="officer-hoceima-mentor-oran")
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.AGENCY_OFFICER, provinces=[world.hoceima]
    )
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.MENTOR, provinces=[world.oran])
    dossier = committee.dossiers[0]
    client.force_login(user)

    response = client.post(
        reverse("committees:assign_evaluator", kwargs={"pk": dossier.pk}),
        {"evaluator": committee.members[1].pk},
    )

    assert response.status_code == 404
    assert not Evaluation.objects.filter(dossier=dossier).exists()


def test_evaluator_must_reach_the_dossier_with_the_evaluating_membership(committee):
    """A committee member of the Al Hoceima agency who is a trainer in Oran is no evaluator
    of an Oran dossier."""
    world = committee.world
    user = UserFactory(username="committee-hoceima-trainer-oran")
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.COMMITTEE_MEMBER, provinces=[world.hoceima]
    )
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.TRAINER, provinces=[world.oran])

    with pytest.raises(DomainError) as refused:
        services.assign_evaluator(committee.dossiers[0], evaluator=user, actor=committee.officer)

    assert refused.value.code == "not_evaluator"
