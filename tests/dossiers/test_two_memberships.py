"""A permission is one membership: the role that allows an action and the scope that
reaches the dossier come from the same membership (issue 11, point 2)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from rowad.dossiers import services, workflow
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from rowad.dossiers.queries import dossiers_visible_to
from rowad.partners.enums import OrganizationKind
from tests.dossiers.factories import advance, make_dossier, oran_programme, put_on_agenda
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province

pytestmark = pytest.mark.integration


@pytest.fixture
def hoceima_officer_oran_mentor(world):
    """An agency officer in Al Hoceima who is also a mentor in Oran."""
    user = UserFactory(username="officer-hoceima-mentor-oran")
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.AGENCY_OFFICER, provinces=[world.hoceima]
    )
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.MENTOR, provinces=[world.oran])
    return user


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_mentor_in_oran_reads_but_cannot_send_back_an_oran_dossier(
    world, client, hoceima_officer_oran_mentor
):
    officer = world.users[Role.AGENCY_OFFICER]
    dossier = advance(make_dossier(world), DossierState.UNDER_STUDY, actor=officer)
    client.force_login(hoceima_officer_oran_mentor)
    assert client.get(reverse("dossiers:dossier_detail", kwargs={"pk": dossier.pk})).status_code == 200

    response = client.post(
        reverse("dossiers:dossier_transition", kwargs={"pk": dossier.pk}),
        {"target": DossierState.TO_REVISE, "version": dossier.version, "note": "Deepen the market study"},
    )

    assert response.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.UNDER_STUDY
    with pytest.raises(services.DossierError) as refused:
        services.set_dossier_state(
            dossier, DossierState.TO_REVISE, actor=hoceima_officer_oran_mentor, note="Deepen"
        )
    assert refused.value.code == "not_allowed"
    api_response = _api(hoceima_officer_oran_mentor).post(
        reverse("dossier-transition", kwargs={"pk": dossier.pk}),
        {"state": DossierState.TO_REVISE, "note": "Deepen"},
        format="json",
    )
    assert api_response.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.UNDER_STUDY


def test_mentor_in_oran_cannot_edit_an_oran_dossier(world, client, hoceima_officer_oran_mentor):
    dossier = make_dossier(world, title="Pose de fibre")
    client.force_login(hoceima_officer_oran_mentor)
    url = reverse("dossiers:dossier_edit", kwargs={"pk": dossier.pk})

    assert client.get(url).status_code == 403
    patch = _api(hoceima_officer_oran_mentor).patch(
        reverse("dossier-detail", kwargs={"pk": dossier.pk}), {"title": "Changed"}, format="json"
    )
    assert patch.status_code == 403
    with pytest.raises(services.DossierError):
        services.update_dossier(
            dossier, data={"title": "Changed"}, actor=hoceima_officer_oran_mentor, expected_version=None
        )
    assert Dossier.objects.get(pk=dossier.pk).title == "Pose de fibre"


def test_dossier_api_refuses_to_create_a_dossier_where_the_officer_role_does_not_reach(
    world, hoceima_officer_oran_mentor
):
    programme = oran_programme(world)
    person = PersonFactory(national_id="", organization=world.oran_agency)
    payload = {
        "title": "Génie civil",
        "idea": "Tranchées",
        "programme": programme.pk,
        "province": world.oran.pk,
        "investment": "500000.00",
        "holders": [person.pk],
    }
    # The programme and the person are read through the Oran mentor membership; the officer
    # membership that allows creating a dossier is in Al Hoceima.
    response = _api(hoceima_officer_oran_mentor).post(reverse("dossier-list"), payload, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "out_of_scope"
    assert Dossier.objects.count() == 0


def test_dossier_api_refuses_to_create_or_move_a_dossier_into_a_province_outside_the_officer(world):
    officer = world.users[Role.AGENCY_OFFICER]
    programme = oran_programme(world)
    person = PersonFactory(national_id="", organization=world.oran_agency)
    payload = {
        "title": "Génie civil",
        "idea": "Tranchées",
        "programme": programme.pk,
        "province": world.hoceima.pk,
        "investment": "500000.00",
        "holders": [person.pk],
    }
    api = _api(officer)

    created = api.post(reverse("dossier-list"), payload, format="json")

    assert created.status_code == 403
    assert created.json()["code"] == "out_of_scope"
    assert Dossier.objects.count() == 0

    dossier = make_dossier(world)
    moved = api.patch(
        reverse("dossier-detail", kwargs={"pk": dossier.pk}),
        {"province": world.hoceima.pk, "version": dossier.version},
        format="json",
    )
    assert moved.status_code == 403
    assert moved.json()["code"] == "out_of_scope"
    assert Dossier.objects.get(pk=dossier.pk).province_id == world.oran.pk

    inside = api.post(reverse("dossier-list"), {**payload, "province": world.oran.pk}, format="json")
    assert inside.status_code == 201
    assert Dossier.objects.get(pk=inside.json()["id"]).organization_id == world.oran_agency.pk


def test_dossier_page_offers_and_accepts_only_the_officer_provinces(world, client):
    officer = world.users[Role.AGENCY_OFFICER]
    programme = oran_programme(world)
    person = PersonFactory(national_id="", organization=world.oran_agency)
    client.force_login(officer)

    response = client.post(
        reverse("dossiers:dossier_create"),
        {
            "programme": programme.pk,
            "title": "Génie civil",
            "idea": "Tranchées",
            "province": world.hoceima.pk,
            "investment": "500000",
            "lead": person.pk,
        },
    )

    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert Dossier.objects.count() == 0


def test_committee_member_in_oran_who_sponsors_elsewhere_cannot_defer_a_constantine_dossier(world):
    """The sponsor membership lets them read Constantine's dossiers of the programmes their
    company sponsors; their committee membership is in Oran: it decides nothing there."""
    constantine = province("DZ", "25")
    sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR, country="DZ", provinces=[constantine])
    user = UserFactory(username="committee-oran-sponsor-constantine")
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.COMMITTEE_MEMBER, provinces=[world.oran]
    )
    MembershipFactory(user=user, organization=sponsor, role=Role.SPONSOR_OFFICER, provinces=[constantine])
    programme = oran_programme(world)
    programme.sponsors.add(sponsor)
    holder = PersonFactory(national_id="", province=constantine, organization=world.oran_agency)
    dossier = make_dossier(
        world,
        programme=programme,
        holders=[holder],
        province=constantine,
        actor=world.users[Role.PLATFORM_ADMIN],
    )
    dossier = advance(dossier, DossierState.READY_FOR_COMMITTEE, actor=world.users[Role.PLATFORM_ADMIN])
    put_on_agenda(dossier, member=user)  # even on their desk: the province is not theirs
    assert dossiers_visible_to(user).filter(pk=dossier.pk).exists()

    with pytest.raises(services.DossierError) as refused:
        services.set_dossier_state(dossier, DossierState.DEFERRED, actor=user, note="Missing quotes")

    # A decision is taken only in a committee session now; even the role check that
    # would let a member take part elsewhere does not reach Constantine.
    assert refused.value.code == "committee_only"
    defer = workflow.find(DossierState.READY_FOR_COMMITTEE, DossierState.DEFERRED)
    assert not services.actor_may(user, dossier, defer)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.READY_FOR_COMMITTEE
    assert not services.available_transitions(dossier, user)


def test_sponsor_reads_only_the_provinces_of_the_sponsoring_membership(world):
    """Programme sponsored by the company of one membership AND province of that same
    membership: a sponsor officer who is also a director elsewhere does not mix them."""
    constantine = province("DZ", "25")
    sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR, country="DZ", provinces=[constantine])
    other_sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR, country="DZ", provinces=[world.oran])
    user = UserFactory(username="two-sponsors")
    MembershipFactory(user=user, organization=sponsor, role=Role.SPONSOR_OFFICER, provinces=[constantine])
    MembershipFactory(
        user=user, organization=other_sponsor, role=Role.SPONSOR_OFFICER, provinces=[world.oran]
    )
    programme = oran_programme(world)
    programme.sponsors.set([sponsor])  # sponsored by the Constantine company only
    oran_dossier = make_dossier(world, programme=programme)

    assert not dossiers_visible_to(user).filter(pk=oran_dossier.pk).exists()
