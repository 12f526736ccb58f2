"""Staff accounts managed in the application: invitation by mailed link, memberships,
deactivation (sessions and tokens end at once), password links; all audited."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.accounts import services
from rowad.accounts.enums import AccountsErrorCode, Role
from rowad.accounts.models import ApiToken, Membership, User
from rowad.accounts.services import AccountsError
from rowad.core.models import AuditEntry
from rowad.partners.enums import OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province

pytestmark = pytest.mark.integration

PASSWORD = "Wahran-caravane-2026"


@pytest.fixture
def org_admin(world):
    return world.users[Role.ORG_ADMIN]


@pytest.fixture
def agent(world):
    user = UserFactory(username="agent.kahina", email="kahina@example.org", preferred_language="fr")
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.FIELD_AGENT, provinces=[world.oran]
    )
    return user


def actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def browser_login(user):
    """A real login through the login page (a session like a browser's)."""
    from django.test import Client

    browser = Client()
    response = browser.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/\S+/)", message.body).group(1)


def invite(client, world, django_capture_on_commit_callbacks, **extra):
    data = {
        "email": "Samira.Agent@Example.org",
        "first_name": "Samira",
        "last_name": "Benali",
        "preferred_language": "ar",
        "organization": world.oran_agency.pk,
        "role": Role.FIELD_AGENT,
        "provinces": [world.oran.pk],
        **extra,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:staff_invite"), data)


def test_invitation_accepted_then_login(client, world, org_admin, django_capture_on_commit_callbacks):
    client.force_login(org_admin)
    response = invite(client, world, django_capture_on_commit_callbacks)
    user = User.objects.get(email="samira.agent@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff_detail", kwargs={"pk": user.pk})
    assert user.has_usable_password() is False
    membership = user.memberships.get()
    assert (membership.role, membership.organization, list(membership.provinces.all())) == (
        Role.FIELD_AGENT,
        world.oran_agency,
        [world.oran],
    )
    assert [m.to for m in mail.outbox] == [["samira.agent@example.org"]]
    client.logout()

    visitor = client
    response = visitor.get(link_path(mail.outbox[0]))
    assert response.status_code == 302  # the token leaves the URL for the session
    set_password_url = response["Location"]
    response = visitor.post(set_password_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    response = visitor.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert visitor.get(reverse("shell:home")).status_code == 200
    assert actions(user) == [
        "accounts.user.created",
        "accounts.user.invited",
        "accounts.user.invitation_accepted",
    ]
    assert actions(membership) == ["accounts.membership.added"]
    assert AuditEntry.objects.get(action="accounts.user.invited").actor == org_admin


def test_invitation_link_used_once(client, world, org_admin, django_capture_on_commit_callbacks):
    client.force_login(org_admin)
    invite(client, world, django_capture_on_commit_callbacks)
    client.logout()
    path = link_path(mail.outbox[0])
    set_password_url = client.get(path)["Location"]
    client.post(set_password_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert b'id="invalid-link"' in response.content


def test_invitation_link_expired_refused(
    client, world, org_admin, settings, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    invite(client, world, django_capture_on_commit_callbacks)
    client.logout()
    settings.ROWAD_INVITATION_TIMEOUT = -1  # every link issued is past its limit

    response = client.get(link_path(mail.outbox[0]), follow=True)
    assert response.context["validlink"] is False


def test_invitation_link_dies_with_deactivation(client, world, org_admin, django_capture_on_commit_callbacks):
    client.force_login(org_admin)
    invite(client, world, django_capture_on_commit_callbacks)
    user = User.objects.get(email="samira.agent@example.org")
    services.deactivate_user(user, actor=org_admin)
    services.reactivate_user(user, actor=org_admin)
    client.logout()

    response = client.get(link_path(mail.outbox[0]), follow=True)
    assert response.context["validlink"] is False


def test_invitation_mail_in_the_invited_language(
    client, world, org_admin, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    invite(client, world, django_capture_on_commit_callbacks, preferred_language="fr")
    assert "mot de passe" in mail.outbox[0].subject
    assert "/accounts/invitation/" in mail.outbox[0].body


def test_invitation_mail_waits_for_the_commit(world, org_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invite_staff(
            email="late@example.org",
            first_name="Late",
            last_name="",
            preferred_language="ar",
            organization=world.oran_agency,
            role=Role.MENTOR,
            actor=org_admin,
        )
    assert (len(callbacks), mail.outbox) == (1, [])


def test_invite_refuses_a_taken_email(client, world, org_admin, agent, django_capture_on_commit_callbacks):
    client.force_login(org_admin)
    response = invite(client, world, django_capture_on_commit_callbacks, email="KAHINA@example.org")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["An account already uses this email address."]
    assert mail.outbox == []


def _code(call) -> str:
    with pytest.raises(AccountsError) as info:
        call()
    return info.value.code


def test_org_admin_cannot_invite_into_another_organization(world, org_admin):
    code = _code(
        lambda: services.invite_staff(
            email="x@example.org",
            first_name="X",
            last_name="",
            preferred_language="ar",
            organization=world.hoceima_agency,
            role=Role.FIELD_AGENT,
            actor=org_admin,
        )
    )
    assert code == AccountsErrorCode.NOT_ALLOWED
    assert not User.objects.filter(email="x@example.org").exists()


def test_org_admin_cannot_grant_a_province_outside_the_organization(world, org_admin, agent):
    algiers = province("DZ", "16")
    code = _code(
        lambda: services.add_membership(
            agent, organization=world.oran_agency, role=Role.MENTOR, provinces=[algiers], actor=org_admin
        )
    )
    assert code == AccountsErrorCode.PROVINCE_OUTSIDE


def test_org_admin_cannot_grant_platform_admin(client, world, org_admin, agent):
    code = _code(
        lambda: services.add_membership(
            agent, organization=world.oran_agency, role=Role.PLATFORM_ADMIN, actor=org_admin
        )
    )
    assert code == AccountsErrorCode.ROLE_NOT_GRANTABLE
    client.force_login(org_admin)
    response = client.post(
        reverse("accounts:membership_add", kwargs={"pk": agent.pk}),
        {"organization": world.oran_agency.pk, "role": Role.PLATFORM_ADMIN},
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not agent.memberships.filter(role=Role.PLATFORM_ADMIN).exists()


def test_org_admin_cannot_reach_another_organizations_staff(client, world, org_admin):
    client.force_login(org_admin)
    outsider = world.outsider
    assert client.get(reverse("accounts:staff_detail", kwargs={"pk": outsider.pk})).status_code == 404
    assert client.post(reverse("accounts:staff_deactivate", kwargs={"pk": outsider.pk})).status_code == 404
    membership = outsider.memberships.get()
    assert client.post(reverse("accounts:membership_end", kwargs={"pk": membership.pk})).status_code == 404
    assert _code(lambda: services.deactivate_user(outsider, actor=org_admin)) == AccountsErrorCode.NOT_ALLOWED
    assert (
        _code(lambda: services.end_membership(membership, actor=org_admin)) == AccountsErrorCode.NOT_ALLOWED
    )
    outsider.refresh_from_db()
    membership.refresh_from_db()
    assert (outsider.is_active, membership.is_active) == (True, True)


def test_org_admin_role_and_scope_come_from_the_same_membership(world):
    """An organization administrator in Al Hoceima who is an agency officer in Oran
    manages Al Hoceima's staff, not Oran's."""
    user = UserFactory(username="two-hats")
    MembershipFactory(
        user=user, organization=world.hoceima_agency, role=Role.ORG_ADMIN, provinces=[world.hoceima]
    )
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.AGENCY_OFFICER, provinces=[world.oran]
    )
    oran_agent = world.users[Role.FIELD_AGENT]
    assert _code(lambda: services.deactivate_user(oran_agent, actor=user)) == AccountsErrorCode.NOT_ALLOWED
    code = _code(
        lambda: services.add_membership(
            oran_agent, organization=world.oran_agency, role=Role.MENTOR, actor=user
        )
    )
    assert code == AccountsErrorCode.NOT_ALLOWED
    services.deactivate_user(world.outsider, actor=user)
    world.outsider.refresh_from_db()
    assert world.outsider.is_active is False


def test_account_also_in_another_organization_is_left_to_the_platform_admin(world, org_admin, agent):
    MembershipFactory(user=agent, organization=world.hoceima_agency, role=Role.MENTOR)
    assert _code(lambda: services.deactivate_user(agent, actor=org_admin)) == AccountsErrorCode.NOT_ALLOWED
    services.deactivate_user(agent, actor=world.users[Role.PLATFORM_ADMIN])
    agent.refresh_from_db()
    assert agent.is_active is False


def test_org_admin_cannot_deactivate_themselves(world, org_admin):
    assert (
        _code(lambda: services.deactivate_user(org_admin, actor=org_admin))
        == AccountsErrorCode.SELF_MANAGEMENT
    )


def test_deactivation_ends_open_sessions_and_api_tokens(client, world, org_admin, agent):
    agent.set_password(PASSWORD)
    agent.save()
    agent_browser = browser_login(agent)
    assert agent_browser.get(reverse("people:list")).status_code == 200
    _token, secret = ApiToken.objects.create(user=agent)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/people/").status_code == 200

    client.force_login(org_admin)
    response = client.post(reverse("accounts:staff_deactivate", kwargs={"pk": agent.pk}), {"reason": "left"})
    assert response.status_code == 302

    response = agent_browser.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert api.get("/api/people/").status_code == 401
    assert ApiToken.objects.filter(user=agent).exists() is False
    entry = AuditEntry.objects.get(action="accounts.user.deactivated")
    assert (entry.actor, entry.details) == (org_admin, {"reason": "left", "tokens_deleted": 1})


def test_reactivation_does_not_revive_old_sessions(client, world, org_admin, agent):
    agent.set_password(PASSWORD)
    agent.save()
    agent_browser = browser_login(agent)
    services.deactivate_user(agent, actor=org_admin)
    services.reactivate_user(agent, actor=org_admin)

    assert agent_browser.get(reverse("people:list")).status_code == 302
    assert browser_login(agent).get(reverse("people:list")).status_code == 200
    assert actions(agent)[-2:] == ["accounts.user.deactivated", "accounts.user.reactivated"]


def test_ending_a_membership_removes_the_role_at_once(client, world, org_admin, agent):
    membership = agent.memberships.get()
    client.force_login(agent)
    assert client.get(reverse("people:list")).status_code == 200
    client.force_login(org_admin)
    assert client.post(reverse("accounts:membership_end", kwargs={"pk": membership.pk})).status_code == 302
    client.force_login(agent)
    assert client.get(reverse("people:list")).status_code == 403
    membership.refresh_from_db()
    assert membership.is_active is False
    assert actions(membership) == ["accounts.membership.ended"]


def test_change_membership_records_before_and_after(client, world, org_admin, agent):
    membership = agent.memberships.get()
    client.force_login(org_admin)
    response = client.post(
        reverse("accounts:membership_edit", kwargs={"pk": membership.pk}),
        {"role": Role.MENTOR, "provinces": [world.oran.pk]},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MENTOR
    entry = AuditEntry.objects.get(action="accounts.membership.changed")
    assert entry.data["before"]["role"] == Role.FIELD_AGENT
    assert entry.data["after"] == {"role": Role.MENTOR, "provinces": [world.oran.pk]}


def test_add_membership_of_a_branch_limited_to_its_provinces(client, world, org_admin, agent):
    client.force_login(org_admin)
    response = client.get(reverse("accounts:membership_add", kwargs={"pk": agent.pk}))
    assert list(response.context["form"].fields["provinces"].queryset) == [world.oran]
    response = client.post(
        reverse("accounts:membership_add", kwargs={"pk": agent.pk}),
        {"organization": world.oran_agency.pk, "role": Role.DIRECTOR},
    )
    assert response.status_code == 302
    assert agent.memberships.filter(role=Role.DIRECTOR, is_active=True).exists()


def test_password_reset_link_sets_a_new_password(
    client, world, org_admin, agent, django_capture_on_commit_callbacks
):
    agent.set_password("old-password-123")
    agent.save(update_fields=["password"])
    from django.utils import timezone

    User.objects.filter(pk=agent.pk).update(last_login=timezone.now())
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:staff_password_link", kwargs={"pk": agent.pk}))
    assert response.status_code == 302
    message = mail.outbox[0]
    assert (message.to, "/accounts/reset/" in message.body) == (["kahina@example.org"], True)
    assert "mot de passe" in message.subject  # the agent reads French
    client.logout()
    set_url = client.get(link_path(message))["Location"]
    client.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    browser_login(agent)
    assert actions(agent) == ["accounts.user.password_link_sent", "accounts.user.password_reset"]


def test_staff_list_is_scoped_and_searchable(client, world, org_admin, agent):
    client.force_login(org_admin)
    response = client.get(reverse("accounts:staff_list"))
    body = response.content.decode()
    assert "agent.kahina" in body
    assert world.outsider.username not in body
    response = client.get(reverse("accounts:staff_list"), {"q": "kahina"})
    assert [u.username for u in response.context["page"].object_list] == ["agent.kahina"]


def test_staff_pages_refused_to_other_roles(client, world):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    assert client.get(reverse("accounts:staff_list")).status_code == 403


def test_org_admin_menu_entry(client, world, org_admin):
    client.force_login(org_admin)
    assert reverse("accounts:staff_list") in client.get(reverse("shell:home")).content.decode()
    client.force_login(world.users[Role.AGENCY_OFFICER])
    assert reverse("accounts:staff_list") not in client.get(reverse("shell:home")).content.decode()


def test_org_admin_limited_to_own_provinces_of_a_wider_organization(world):
    """An administrator whose membership covers one of the organization's provinces gives
    only that one, and must choose it (no 'every province')."""
    algiers = province("DZ", "16")
    national = OrganizationFactory(kind=OrganizationKind.AGENCY, provinces=[world.oran, algiers])
    admin = UserFactory(username="oran-only-admin")
    MembershipFactory(user=admin, organization=national, role=Role.ORG_ADMIN, provinces=[world.oran])
    target = UserFactory(username="national-agent")
    MembershipFactory(user=target, organization=national, role=Role.FIELD_AGENT, provinces=[world.oran])
    grant = lambda provinces: services.add_membership(  # noqa: E731
        target, organization=national, role=Role.MENTOR, provinces=provinces, actor=admin
    )
    assert _code(lambda: grant([algiers])) == AccountsErrorCode.PROVINCE_OUTSIDE
    assert _code(lambda: grant([])) == AccountsErrorCode.PROVINCE_OUTSIDE
    membership = grant([world.oran])
    assert isinstance(membership, Membership)
