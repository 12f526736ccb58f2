"""The Django admin: platform administrators only, every write audited."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from rowad.accounts.admin_site import AuditedAdminMixin, RowadAdminSite
from rowad.accounts.enums import Role
from rowad.accounts.models import ApiToken
from rowad.core.models import AuditEntry
from rowad.partners.models import Specialty
from tests.factories import UserFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_admin_is_the_rowad_site_and_every_model_admin_is_audited():
    assert isinstance(admin.site._wrapped if hasattr(admin.site, "_wrapped") else admin.site, RowadAdminSite)
    assert admin.site._registry
    assert all(isinstance(model_admin, AuditedAdminMixin) for model_admin in admin.site._registry.values())


@pytest.mark.parametrize("role", [Role.AGENCY_OFFICER, Role.ORG_ADMIN, Role.DIRECTOR])
def test_admin_refused_to_staff_who_are_not_platform_admins(client, world, role):
    user = world.users[role]
    user.is_staff = True  # even with Django's staff flag
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("admin:partners_specialty_changelist")).status_code == 302


def test_admin_open_to_superusers_and_platform_admins(client, world, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    client.force_login(world.users[Role.PLATFORM_ADMIN])
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_writes_are_audited(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:partners_specialty_add"),
        {
            "code": "solar",
            "name_ar": "الطاقة الشمسية",
            "name_fr": "Solaire",
            "name_en": "Solar",
            "sector": "",
        },
    )
    assert response.status_code == 302
    specialty = Specialty.objects.get(code="solar")
    response = client.post(
        reverse("admin:partners_specialty_change", args=[specialty.pk]),
        {
            "code": "solar",
            "name_ar": "الطاقة الشمسية",
            "name_fr": "Énergie solaire",
            "name_en": "Solar",
            "sector": "",
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("admin:partners_specialty_delete", args=[specialty.pk]), {"post": "yes"})
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(
        object_type="partners.specialty", object_id=str(specialty.pk)
    ).order_by("id")
    assert [(e.action, e.actor, e.data["via"]) for e in entries] == [
        ("partners.specialty.admin_added", superuser, "admin"),
        ("partners.specialty.admin_changed", superuser, "admin"),
        ("partners.specialty.admin_deleted", superuser, "admin"),
    ]


def test_admin_bulk_delete_is_audited(client, superuser):
    specialties = [Specialty.objects.create(code=f"bulk-{i}", name_fr=f"Bulk {i}") for i in range(2)]
    client.force_login(superuser)
    response = client.post(
        reverse("admin:partners_specialty_changelist"),
        {"action": "delete_selected", "_selected_action": [s.pk for s in specialties], "post": "yes"},
    )
    assert response.status_code == 302
    assert Specialty.objects.filter(code__startswith="bulk-").count() == 0
    assert AuditEntry.objects.filter(action="partners.specialty.admin_deleted").count() == 2


def test_admin_deactivation_ends_sessions_and_tokens(client, world, superuser):
    agent = world.users[Role.FIELD_AGENT]
    ApiToken.objects.create(user=agent)
    stamp = agent.session_stamp
    client.force_login(superuser)
    change_url = reverse("admin:accounts_user_change", args=[agent.pk])
    form = client.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "username": agent.username,
            "is_active": "",
            "date_joined_0": agent.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": agent.date_joined.strftime("%H:%M:%S"),
            "preferred_language": agent.preferred_language,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    data.pop("is_active")
    data.pop("last_login", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("password", None)
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    agent.refresh_from_db()
    assert agent.is_active is False
    assert agent.session_stamp != stamp
    assert ApiToken.objects.filter(user=agent).exists() is False
    assert AuditEntry.objects.filter(action="accounts.user.admin_changed", object_id=str(agent.pk)).exists()
