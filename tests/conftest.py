"""Shared fixtures: a small two-country world with one user per role."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.conf import settings

from rowad.accounts.enums import Role
from rowad.partners.enums import OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province, province_by_name


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ROWAD_SMS_BACKEND = "rowad.core.sms.MemorySMSBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.LANGUAGE_CODE = "en"
    # No forked rendering processes beside pytest's threads and the live server.
    settings.ROWAD_CERTIFICATE_WORKERS = 1


@dataclass
class World:
    """Two agencies in two countries, each with staff in their province, and one user per
    role in the Oran (DZ-31) agency. `users[role]` is in scope of Oran records;
    `outsider` is an agency officer in Al Hoceima (MA) who must see none of them."""

    oran_agency: object
    hoceima_agency: object
    oran: object
    hoceima: object
    users: dict = field(default_factory=dict)
    outsider: object = None


@pytest.fixture
def world(db) -> World:
    oran = province("DZ", "31")
    hoceima = province_by_name("Al Hoce")
    oran_agency = OrganizationFactory(
        kind=OrganizationKind.AGENCY,
        country="DZ",
        name_fr="ANADE Oran",
        name_ar="أناد وهران",
        provinces=[oran],
    )
    hoceima_agency = OrganizationFactory(
        kind=OrganizationKind.AGENCY,
        country="MA",
        name_fr="ANAPEC Al Hoceima",
        name_ar="أنابيك الحسيمة",
        provinces=[hoceima],
    )
    w = World(oran_agency=oran_agency, hoceima_agency=hoceima_agency, oran=oran, hoceima=hoceima)
    for role in Role.values:
        user = UserFactory(username=f"{role}-oran")
        MembershipFactory(user=user, organization=oran_agency, role=role, provinces=[oran])
        w.users[role] = user
    w.outsider = UserFactory(username="officer-hoceima")
    MembershipFactory(
        user=w.outsider, organization=hoceima_agency, role=Role.AGENCY_OFFICER, provinces=[hoceima]
    )
    return w


def pytest_collection_modifyitems(items):
    # Browser tests last: they are the slowest and need the live server.
    items.sort(key=lambda item: 1 if "e2e" in item.keywords else 0)


__all__ = ["World", "settings"]
