"""The holders' declarations of jobs and turnover: declared by a holder of the enterprise,
confirmed once by an officer managing it or its current mentor, and only then counted."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from rowad.core.models import AuditEntry
from rowad.enterprises.enums import EnterpriseStatus, ErrorCode, TurnoverBand
from rowad.enterprises.errors import EnterpriseError
from rowad.enterprises.models import JobsDeclaration
from rowad.enterprises.services.declarations import confirm_declaration, declare_jobs
from rowad.enterprises.views.declarations import enterprise_section
from tests.enterprises.declaration_helpers import days_ago, enterprise_of, holder_with_enterprise
from tests.factories import PersonFactory
from tests.portal.factories import make_holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    """(holder user, person, enterprise) with the Oran mentor accompanying the dossier."""
    return holder_with_enterprise(world, mentor=world.users["mentor"])


def _declare(user, enterprise, **fields):
    fields.setdefault("permanent_men", 3)
    fields.setdefault("permanent_women", 2)
    fields.setdefault("seasonal_men", 1)
    fields.setdefault("seasonal_women", 0)
    fields.setdefault("turnover_band", TurnoverBand.UNDER_2M)
    return declare_jobs(enterprise, actor=user, **fields)


def _refused(call, code, field=None):
    with pytest.raises(EnterpriseError) as error:
        call()
    assert error.value.code == code
    if field is not None:
        assert error.value.field == field
    return error.value


# --- declare_jobs ----------------------------------------------------------------------------


def test_a_holder_declares_and_it_waits_for_confirmation(held):
    user, person, enterprise = held
    declaration = _declare(user, enterprise)
    assert declaration.declared_on == datetime.date.today()
    assert declaration.declared_by_id == person.pk
    assert declaration.total_jobs == 6 and declaration.turnover_band == TurnoverBand.UNDER_2M
    assert declaration.confirmed_at is None
    enterprise.refresh_from_db()
    assert enterprise.total_jobs == 0 and enterprise.jobs_observed_on is None
    assert AuditEntry.objects.filter(
        action="enterprises.declaration.recorded", object_id=str(declaration.pk)
    ).exists()


def test_a_declaration_may_be_dated_in_the_past_as_iso_text(held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise, declared_on=days_ago(10).isoformat())
    assert declaration.declared_on == days_ago(10)


def test_a_declaration_in_the_future_is_refused(held):
    user, _person, enterprise = held
    _refused(
        lambda: _declare(user, enterprise, declared_on=days_ago(-1)), ErrorCode.FUTURE_DATE, "declared_on"
    )
    assert not JobsDeclaration.objects.exists()


def test_a_declaration_before_the_creation_is_refused(held):
    user, _person, enterprise = held
    before = enterprise.created_on - datetime.timedelta(days=1)
    _refused(lambda: _declare(user, enterprise, declared_on=before), ErrorCode.BEFORE_CREATION, "declared_on")
    assert not JobsDeclaration.objects.exists()


@pytest.mark.parametrize("value", [-1, "-2", "abc", 1.5, "2.5", True, 10_001])
def test_a_count_that_is_not_a_whole_number_of_jobs_is_refused(held, value):
    user, _person, enterprise = held
    _refused(lambda: _declare(user, enterprise, seasonal_women=value), ErrorCode.INVALID, "seasonal_women")
    assert not JobsDeclaration.objects.exists()


def test_counts_given_as_text_are_read(held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise, permanent_men=" 4 ", permanent_women="", seasonal_men=None)
    assert (declaration.permanent_men, declaration.permanent_women, declaration.seasonal_men) == (4, 0, 0)


def test_a_turnover_band_outside_the_list_is_refused(held):
    user, _person, enterprise = held
    _refused(lambda: _declare(user, enterprise, turnover_band="a lot"), ErrorCode.INVALID, "turnover_band")


def test_the_turnover_band_may_be_left_out(held):
    user, _person, enterprise = held
    assert _declare(user, enterprise, turnover_band="").turnover_band == ""


def test_the_same_submission_twice_is_stored_once(held):
    user, _person, enterprise = held
    key = uuid.uuid4()
    first = _declare(user, enterprise, client_uuid=key)
    again = _declare(user, enterprise, client_uuid=str(key), permanent_men=9)
    assert again.pk == first.pk and again.permanent_men == 3
    assert JobsDeclaration.objects.count() == 1


def test_a_damaged_client_key_is_refused(held):
    user, _person, enterprise = held
    _refused(lambda: _declare(user, enterprise, client_uuid="not-a-uuid"), ErrorCode.INVALID, "client_uuid")


def test_a_client_key_of_another_enterprise_is_a_conflict(world, held):
    user, person, enterprise = held
    second = enterprise_of(person, title="Maintenance réseau")
    key = uuid.uuid4()
    _declare(user, enterprise, client_uuid=key)
    error = _refused(lambda: _declare(user, second, client_uuid=key), ErrorCode.INVALID, "client_uuid")
    assert error.status_code == 409
    assert JobsDeclaration.objects.count() == 1


def test_a_holder_of_the_dossier_who_is_not_an_owner_may_declare(world):
    user, _account, person = make_holder(world.oran_agency, username="holder-co")
    enterprise = enterprise_of(person, member=False)
    assert _declare(user, enterprise).declared_by_id == person.pk


def test_another_holder_may_not_declare(world, held):
    _user, _person, enterprise = held
    other, _account, _other_person = make_holder(world.oran_agency, username="holder-other")
    error = _refused(lambda: _declare(other, enterprise), ErrorCode.NOT_ALLOWED)
    assert error.status_code == 403
    assert not JobsDeclaration.objects.exists()


@pytest.mark.parametrize("role", ["agency_officer", "mentor", "director", "platform_admin"])
def test_staff_do_not_declare_for_the_holders(world, held, role):
    _user, _person, enterprise = held
    _refused(lambda: _declare(world.users[role], enterprise), ErrorCode.NOT_ALLOWED)


def test_a_staff_user_who_owns_no_part_of_it_may_not_declare_even_with_a_person(world, held):
    _user, _person, enterprise = held
    officer = world.users["agency_officer"]
    PersonFactory(user=officer, national_id="")
    _refused(lambda: _declare(officer, enterprise), ErrorCode.NOT_ALLOWED)


def test_a_closed_enterprise_takes_no_declaration(held):
    user, _person, enterprise = held
    enterprise.status = EnterpriseStatus.CLOSED
    enterprise.ended_on = datetime.date.today()
    enterprise.save()
    _refused(lambda: _declare(user, enterprise), ErrorCode.CLOSED)


# --- confirm_declaration ---------------------------------------------------------------------


def test_an_officer_confirms_and_the_jobs_are_counted(world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise, declared_on=days_ago(3))
    officer = world.users["agency_officer"]
    confirmed = confirm_declaration(declaration, actor=officer)
    assert confirmed.confirmed_at is not None and confirmed.confirmed_by == officer
    enterprise.refresh_from_db()
    assert enterprise.total_jobs == 6 and enterprise.turnover_band == TurnoverBand.UNDER_2M
    assert enterprise.jobs_observed_on == days_ago(3) and enterprise.initial_jobs == 6
    assert AuditEntry.objects.filter(
        action="enterprises.declaration.confirmed", object_id=str(declaration.pk)
    ).exists()


def test_the_current_mentor_confirms(world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    confirm_declaration(declaration, actor=world.users["mentor"])
    enterprise.refresh_from_db()
    assert enterprise.total_jobs == 6


def test_a_declaration_is_confirmed_once(world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    confirm_declaration(declaration, actor=world.users["agency_officer"])
    error = _refused(
        lambda: confirm_declaration(declaration, actor=world.users["mentor"]), ErrorCode.ALREADY_CONFIRMED
    )
    assert error.status_code == 409
    assert JobsDeclaration.objects.get(pk=declaration.pk).confirmed_by == world.users["agency_officer"]


@pytest.mark.parametrize("role", ["director", "committee_member", "project_holder", "trainer"])
def test_who_neither_manages_nor_accompanies_may_not_confirm(world, held, role):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    _refused(lambda: confirm_declaration(declaration, actor=world.users[role]), ErrorCode.NOT_ALLOWED)
    assert JobsDeclaration.objects.get(pk=declaration.pk).confirmed_at is None


def test_the_holder_may_not_confirm_their_own_declaration(held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    _refused(lambda: confirm_declaration(declaration, actor=user), ErrorCode.NOT_ALLOWED)


def test_an_officer_of_another_province_may_not_confirm(world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    _refused(lambda: confirm_declaration(declaration, actor=world.outsider), ErrorCode.NOT_ALLOWED)


def test_a_former_mentor_may_not_confirm(world):
    from tests.factories import MembershipFactory, UserFactory

    former = UserFactory(username="mentor-former")
    MembershipFactory(user=former, organization=world.oran_agency, role="mentor", provinces=[world.oran])
    user, _person, enterprise = holder_with_enterprise(world, mentor=world.users["mentor"])
    from rowad.enterprises.models import MentorAssignment

    MentorAssignment.objects.create(
        dossier=enterprise.dossier, mentor=former, started_on=days_ago(90), ended_on=days_ago(31)
    )
    declaration = _declare(user, enterprise)
    _refused(lambda: confirm_declaration(declaration, actor=former), ErrorCode.NOT_ALLOWED)


def test_a_mentor_of_other_dossiers_may_not_confirm(world):
    user, _person, enterprise = holder_with_enterprise(world)  # no mentor assigned
    declaration = _declare(user, enterprise)
    _refused(lambda: confirm_declaration(declaration, actor=world.users["mentor"]), ErrorCode.NOT_ALLOWED)


# --- the section on the enterprise page and the confirm button --------------------------------


def _render(section, user):
    request = RequestFactory().get("/enterprises/1/")
    request.user = user
    return render_to_string(section["template"], {"section": section, "request": request}, request=request)


def test_the_section_lists_pending_declarations_with_confirm_for_the_officer(world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    section = enterprise_section(world.users["agency_officer"], enterprise)
    assert [d.pk for d in section["pending"]] == [declaration.pk] and section["can_confirm"]
    html = _render(section, world.users["agency_officer"])
    assert reverse("enterprises:declaration_confirm", args=[declaration.pk]) in html


def test_the_director_reads_the_section_without_the_button(world, held):
    user, _person, enterprise = held
    _declare(user, enterprise)
    section = enterprise_section(world.users["director"], enterprise)
    assert len(section["pending"]) == 1 and not section["can_confirm"]
    assert 'data-action="confirm"' not in _render(section, world.users["director"])


@pytest.mark.parametrize("role", ["project_holder", "trainer", "funder_officer"])
def test_the_section_is_for_staff_reading_enterprises(world, held, role):
    assert enterprise_section(world.users[role], held[2]) is None


def test_confirm_button_confirms_and_goes_back(client, world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    client.force_login(world.users["agency_officer"])
    url = reverse("enterprises:declaration_confirm", args=[declaration.pk])
    response = client.post(url, {"next": "/enterprises/back-here/"})
    assert response.status_code == 302 and response.url == "/enterprises/back-here/"
    enterprise.refresh_from_db()
    assert enterprise.total_jobs == 6


def test_confirm_twice_says_so_and_keeps_one_confirmation(client, world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    client.force_login(world.users["agency_officer"])
    url = reverse("enterprises:declaration_confirm", args=[declaration.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already confirmed" in response.content.decode()


def test_confirm_never_redirects_to_another_site(client, world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    client.force_login(world.users["agency_officer"])
    response = client.post(
        reverse("enterprises:declaration_confirm", args=[declaration.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and "evil.example" not in response.url


@pytest.mark.parametrize(("role", "status"), [("director", 403), ("project_holder", 403), ("trainer", 403)])
def test_confirm_refused_to_who_does_not_follow_the_enterprise(client, world, held, role, status):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    client.force_login(world.users[role])
    response = client.post(reverse("enterprises:declaration_confirm", args=[declaration.pk]))
    assert response.status_code == status
    assert JobsDeclaration.objects.get(pk=declaration.pk).confirmed_at is None


def test_confirm_by_get_is_not_allowed(client, world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    client.force_login(world.users["agency_officer"])
    response = client.get(reverse("enterprises:declaration_confirm", args=[declaration.pk]))
    assert response.status_code == 405


def test_confirm_out_of_reach_is_not_found(client, world, held):
    user, _person, enterprise = held
    declaration = _declare(user, enterprise)
    client.force_login(world.outsider)
    response = client.post(reverse("enterprises:declaration_confirm", args=[declaration.pk]))
    assert response.status_code == 404
