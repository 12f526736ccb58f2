import pytest

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.integration


def test_scope_for_anonymous_user_has_no_roles():
    assert scope_for(None).roles == frozenset()
    assert not scope_for(None).is_staff_user


def test_scope_for_officer_holds_membership_provinces(world):
    scope = scope_for(world.users[Role.AGENCY_OFFICER])
    assert scope.has_role(Role.AGENCY_OFFICER)
    assert not scope.has_role(Role.DIRECTOR)
    assert scope.province_ids(Role.AGENCY_OFFICER) == frozenset({world.oran.pk})
    assert scope.organization_ids == frozenset({world.oran_agency.pk})


def test_scope_for_membership_without_provinces_covers_organization_provinces(world):
    user = UserFactory(username="national-director")
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.DIRECTOR)
    assert scope_for(user).province_ids(Role.DIRECTOR) == frozenset({world.oran.pk})


def test_scope_for_platform_admin_is_unrestricted(world):
    scope = scope_for(world.users[Role.PLATFORM_ADMIN])
    assert scope.is_platform_admin
    assert scope.province_ids() is None


def test_scope_for_inactive_membership_gives_nothing(db):
    membership = MembershipFactory(organization=OrganizationFactory(), is_active=False)
    assert scope_for(membership.user).roles == frozenset()


def test_scope_reaches_only_through_one_membership(world):
    """An Oran agency officer who is a mentor in Al Hoceima reaches Al Hoceima only as a mentor."""
    user = UserFactory(username="two-hats")
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.AGENCY_OFFICER, provinces=[world.oran]
    )
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.MENTOR, provinces=[world.hoceima]
    )
    scope = scope_for(user)
    assert scope.reaches(Role.AGENCY_OFFICER, province_id=world.oran.pk)
    assert not scope.reaches(Role.AGENCY_OFFICER, province_id=world.hoceima.pk)
    assert not scope.reaches(Role.AGENCY_OFFICER, organization_id=world.hoceima_agency.pk)
    assert scope.reaches(Role.MENTOR, province_id=world.hoceima.pk)
    assert scope.reaches(Role.MENTOR, organization_id=world.hoceima_agency.pk)


def test_scope_reach_q_filters_per_membership(world):
    from rowad.partners.models import Organization

    user = UserFactory(username="two-hats-q")
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.AGENCY_OFFICER, provinces=[world.oran]
    )
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.MENTOR, provinces=[world.hoceima]
    )
    scope = scope_for(user)
    officer_orgs = Organization.objects.filter(scope.reach_q(Role.AGENCY_OFFICER, organization="pk"))
    assert list(officer_orgs) == [world.oran_agency]
    assert Organization.objects.filter(scope.reach_q(Role.TRAINER, organization="pk")).count() == 0
