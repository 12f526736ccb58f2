"""Factories of the market app. The model factories write rows directly (arrange only);
behaviour goes through rowad.market.services.

`MarketWorld` builds what an order needs around it: a programme sponsored by an operator,
a specialty with its course, the Oran province, and officers of each side."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.enterprises.enums import EnterpriseStatus
from rowad.market.enums import AllocationMethod, WorkUnit
from rowad.market.models import EnterpriseMeans, Equipment, WorkOrder
from rowad.partners.enums import OrganizationKind
from rowad.training.enums import TrainingResult
from tests.enterprises.factories import EnterpriseFactory, MemberFactory
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ProgrammeFactory,
    SpecialtyFactory,
    UserFactory,
    province,
)
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"WO-DZ-2026-{n + 1:06d}")
    sponsor = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.SPONSOR)
    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Raccordement fibre, lot {n + 1}")
    specialty = factory.SubFactory(SpecialtyFactory)
    province = factory.LazyFunction(lambda: province("DZ", "31"))
    communes = "Es Senia, Bir El Djir"
    quantity = Decimal("1200")
    unit = WorkUnit.METRE
    estimated_amount = Decimal("850000.00")
    currency = "DZD"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=60))
    method = AllocationMethod.ROTATION
    min_workers = 1

    @factory.post_generation
    def required_courses(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_courses.set(extracted)

    @factory.post_generation
    def required_equipment(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_equipment.set(extracted)


def equipment(code: str) -> Equipment:
    return Equipment.objects.get_or_create(code=code, defaults={"name_fr": code, "name_ar": code})[0]


@dataclass
class MarketWorld:
    programme: Any
    specialty: Any
    course: Any
    sponsor: Any
    agency: Any
    province: Any

    @classmethod
    def build(cls, *, province_code: str = "31") -> MarketWorld:
        place = province("DZ", province_code)
        agency = OrganizationFactory(kind=OrganizationKind.AGENCY, provinces=[place])
        sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR, provinces=[place])
        programme = ProgrammeFactory(operator=agency)
        programme.sponsors.add(sponsor)
        specialty = SpecialtyFactory()
        programme.specialties.add(specialty)
        course = CourseFactory(programme=programme, specialty=specialty)
        return cls(programme, specialty, course, sponsor, agency, place)

    def enterprise(self, *, certified: bool = True, means: dict | None = None, place=None, **fields) -> Any:
        """An operating enterprise of the programme, its manager having passed the course
        (unless `certified=False`), with declared means when `means` is given."""
        place = place or self.province
        enterprise = EnterpriseFactory(
            dossier__programme=self.programme,
            dossier__province=place,
            dossier__specialty=self.specialty,
            dossier__organization=self.agency,
            status=fields.pop("status", EnterpriseStatus.OPERATING),
            **fields,
        )
        member = MemberFactory(enterprise=enterprise)
        if certified:
            EnrolmentFactory(
                cohort=CohortFactory(course=self.course, province=place),
                person=member.person,
                result=TrainingResult.PASSED,
            )
        if means is not None:
            equipment_codes = means.pop("equipment", [])
            served = means.pop("served_provinces", [])
            row = EnterpriseMeans.objects.create(
                enterprise=enterprise, declared_on=timezone.localdate(), **means
            )
            row.equipment.set([equipment(code) for code in equipment_codes])
            row.served_provinces.set(served)
        return enterprise

    def order(self, **fields) -> WorkOrder:
        fields.setdefault("sponsor", self.sponsor)
        fields.setdefault("programme", self.programme)
        fields.setdefault("specialty", self.specialty)
        fields.setdefault("province", self.province)
        return WorkOrderFactory(**fields)

    def sponsor_officer(self, username: str = "sponsor") -> Any:
        user = UserFactory(username=f"{username}-{self.sponsor.pk}")
        MembershipFactory(user=user, organization=self.sponsor, role=Role.SPONSOR_OFFICER)
        return user

    def agency_officer(self, username: str = "officer") -> Any:
        user = UserFactory(username=f"{username}-{self.agency.pk}")
        MembershipFactory(
            user=user, organization=self.agency, role=Role.AGENCY_OFFICER, provinces=[self.province]
        )
        return user


def holder_of(enterprise: Any, username: str | None = None) -> Any:
    """The portal user of the enterprise's manager (project-holder membership, linked person)."""
    member = enterprise.members.filter(left_on__isnull=True).select_related("person").first()
    user = UserFactory(username=username or f"holder-{enterprise.pk}")
    MembershipFactory(user=user, organization=enterprise.organization, role=Role.PROJECT_HOLDER)
    member.person.user = user
    member.person.save(update_fields=["user"])
    return user
