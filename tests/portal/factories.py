"""Factories of the portal app."""

from __future__ import annotations

import factory
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.portal.models import ErasureRequest, HolderAccount
from tests.factories import MembershipFactory, PersonFactory, UserFactory


class HolderAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HolderAccount

    user = factory.SubFactory(UserFactory)
    country = "DZ"
    phone = factory.Sequence(lambda n: f"+21366100{n:04d}")
    phone_verified_at = factory.LazyFunction(timezone.now)


class ErasureRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErasureRequest

    person = factory.SubFactory(PersonFactory)


def make_holder(organization, *, username: str, with_person: bool = True, **person_fields):
    """A signed-up holder: user with the project-holder role, verified phone, linked person."""
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=organization, role=Role.PROJECT_HOLDER)
    account = HolderAccountFactory(user=user)
    person = None
    if with_person:
        person = PersonFactory(user=user, phone=account.phone, national_id="", **person_fields)
    return user, account, person
