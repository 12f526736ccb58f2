import pytest

from rowad.partners import queries
from tests.factories import OrganizationFactory, province

pytestmark = pytest.mark.integration


def names(queryset, field="name_fr"):
    return sorted(getattr(o, field) for o in queryset)


def test_staff_reads_own_counterparties_and_local_partners(world, partners):
    trainer = world.users["trainer"]
    assert names(queries.organizations_visible_to(trainer)) == [
        "ANADE Oran",
        "Télécom Oran",
        "Télécom national",
    ]


def test_outsider_reads_only_own_side(world, partners):
    assert names(queries.organizations_visible_to(world.outsider)) == ["ANAPEC Al Hoceima", "ODCo Zzforeign"]
    assert names(queries.agreements_visible_to(world.outsider), "title") == ["Convention Zzforeign"]
    assert names(queries.programmes_visible_to(world.outsider)) == ["Programme Zzforeign"]


def test_platform_admin_reads_everything(world, partners):
    admin = world.users["platform_admin"]
    assert queries.agreements_visible_to(admin).count() == 2


def test_project_holder_reads_nothing(world, partners):
    holder = world.users["project_holder"]
    assert queries.organizations_visible_to(holder).count() == 0
    assert queries.agreements_visible_to(holder).count() == 0
    assert queries.programmes_visible_to(holder).count() == 0


def test_officer_edits_own_and_local_organizations_only(world, partners):
    officer = world.users["agency_officer"]
    assert names(queries.organizations_editable_by(officer)) == ["ANADE Oran", "Télécom Oran"]


def test_non_officer_edits_nothing(world, partners):
    director = world.users["director"]
    assert queries.organizations_editable_by(director).count() == 0
    assert queries.agreements_editable_by(director).count() == 0
    assert queries.programmes_editable_by(director).count() == 0


def test_officer_edits_agreements_of_own_organization_and_programmes_it_operates(world, partners):
    officer = world.users["agency_officer"]
    assert names(queries.agreements_editable_by(officer), "title") == ["Convention Oran"]
    assert names(queries.programmes_editable_by(officer)) == ["TIC Oran"]


def test_branch_of_own_organization_is_writable(world, partners):
    branch = OrganizationFactory(
        name_fr="Antenne Arzew", parent=world.oran_agency, provinces=[province("DZ", "16")]
    )
    officer = world.users["agency_officer"]
    assert branch in queries.organizations_editable_by(officer)
    assert branch in queries.writer_organizations(officer)


def test_sponsored_programme_is_visible_to_sponsor_staff(world, partners):
    sponsor_staff = OrganizationFactory(name_fr="Sponsor caché", provinces=[province("DZ", "16")])
    partners["foreign_programme"].sponsors.add(sponsor_staff)
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="sponsor-staff")
    MembershipFactory(user=user, organization=sponsor_staff, role="sponsor_officer")
    assert names(queries.programmes_visible_to(user)) == ["Programme Zzforeign"]


def test_filter_programmes_by_province_includes_country_wide_programmes(world, partners):
    officer = world.users["platform_admin"]
    found = queries.filter_programmes(queries.programmes_visible_to(officer), province=world.oran)
    assert names(found) == ["TIC Oran"]
