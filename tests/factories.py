"""factory_boy factories shared by every test module."""

from __future__ import annotations

import factory
from django.utils import timezone

from rowad.accounts.models import Membership, User
from rowad.core.models import Province, TargetCategory
from rowad.partners.enums import OrganizationKind
from rowad.partners.models import Agreement, AgreementParty, Organization, Programme, Specialty
from rowad.people.models import Person
from rowad.people.services import refresh_search_fields


def ensure_geography() -> None:
    """Transactional tests flush the tables a data migration filled: reload the shipped
    geography when it is gone."""
    if not Province.objects.exists():
        from rowad.core.geography import sync_geography
        from rowad.core.models import Country, Region

        sync_geography(Country, Region, Province)


def ensure_seeded_data() -> None:
    """Everything the data migrations seed (geography, common session topics, common
    equipment), put back after a transactional test flushed it; each seed is idempotent."""
    import importlib

    from django.apps import apps

    ensure_geography()
    for module, function in (
        ("rowad.enterprises.migrations.0002_common_session_topics", "add_topics"),
        ("rowad.market.migrations.0002_common_equipment", "add_equipment"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


def province(country: str, code: str) -> Province:
    ensure_geography()
    return Province.objects.get(country_id=country, code=code)


def province_by_name(fragment: str, country: str = "MA") -> Province:
    ensure_geography()
    return Province.objects.get(country_id=country, name_fr__icontains=fragment)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    password = factory.django.Password("pass-1234-word")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    kind = OrganizationKind.AGENCY
    country = "DZ"
    name_fr = factory.Sequence(lambda n: f"Organisation {n}")
    name_ar = factory.Sequence(lambda n: f"هيئة {n}")

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "agency_officer"

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Convention {n}")
    signed_on = factory.LazyFunction(timezone.localdate)


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "operator"


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"specialty-{n}")
    name_fr = factory.Sequence(lambda n: f"Spécialité {n}")
    name_ar = factory.Sequence(lambda n: f"تخصص {n}")


class TargetCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"programme-{n}")
    name_fr = factory.Sequence(lambda n: f"Programme {n}")
    name_ar = factory.Sequence(lambda n: f"برنامج {n}")
    operator = factory.SubFactory(OrganizationFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    given_name_ar = "محمد"
    family_name_ar = "بن علي"
    given_name_latin = "Mohamed"
    family_name_latin = "Benali"
    country = "DZ"
    sex = "M"
    birth_date = factory.Faker("date_of_birth", minimum_age=19, maximum_age=35)
    province = factory.LazyFunction(lambda: province("DZ", "31"))

    @factory.post_generation
    def search_keys(self, create, extracted, **kwargs):
        if create:
            refresh_search_fields(self)
