"""A wilaya branch of a national agency reads its parent's training catalogue, and reaches
the cohorts of its own provinces only; a branch of the provider teaches its courses."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.partners.enums import OrganizationKind
from rowad.training import queries
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, UserFactory, province
from tests.training.factories import CohortFactory, CourseFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_a_branch_officer_reads_the_parent_catalogue_and_only_the_cohorts_of_its_provinces():
    oran, algiers = province("DZ", "31"), province("DZ", "16")
    national = OrganizationFactory(kind=OrganizationKind.AGENCY, provinces=[oran, algiers])
    branch = OrganizationFactory(kind=OrganizationKind.AGENCY, parent=national, provinces=[oran])
    officer = UserFactory(username="branch-officer")
    MembershipFactory(user=officer, organization=branch, role=Role.AGENCY_OFFICER, provinces=[oran])
    course = CourseFactory(programme=ProgrammeFactory(operator=national), provider=national)
    in_oran = CohortFactory(course=course, province=oran)
    CohortFactory(course=course, province=algiers)

    assert list(queries.courses_visible_to(officer)) == [course]
    assert list(queries.cohorts_visible_to(officer)) == [in_oran]
    assert list(queries.cohorts_managed_by(officer)) == [in_oran]


def test_a_trainer_of_the_provider_branch_teaches_the_cohorts_given_to_them():
    oran = province("DZ", "31")
    operator = OrganizationFactory(kind=OrganizationKind.SPONSOR, provinces=[oran])
    directorate = OrganizationFactory(kind=OrganizationKind.SPONSOR, parent=operator, provinces=[oran])
    trainer = UserFactory(username="branch-trainer")
    MembershipFactory(user=trainer, organization=directorate, role=Role.TRAINER, provinces=[oran])
    course = CourseFactory(provider=operator)
    taught = CohortFactory(course=course, province=oran, trainers=[trainer])
    CohortFactory(course=course, province=oran)

    assert list(queries.cohorts_taught_by(trainer)) == [taught]


def test_a_cohort_may_name_a_trainer_of_the_provider_branch(world):
    from rowad.training.services.cohorts import create_cohort

    oran = province("DZ", "31")
    directorate = OrganizationFactory(
        kind=OrganizationKind.SPONSOR, parent=world.oran_agency, provinces=[oran]
    )
    trainer = UserFactory(username="directorate-trainer")
    MembershipFactory(user=trainer, organization=directorate, role=Role.TRAINER, provinces=[oran])
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=world.oran_agency)
    template = CohortFactory.build(course=course, province=oran)
    data = {
        f: getattr(template, f) for f in ("province", "venue", "starts_on", "ends_on", "weekdays", "capacity")
    }

    cohort = create_cohort(course, data=data, trainers=[trainer], actor=world.users[Role.AGENCY_OFFICER])

    assert list(cohort.trainers.all()) == [trainer]
