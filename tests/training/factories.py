"""Factories of the training app. They write rows directly (arrange only); tests of a
behaviour go through the services."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from rowad.training.enums import EnrolmentSource, EnrolmentStatus
from rowad.training.models import Cohort, Course, CourseModule, Enrolment
from tests.factories import OrganizationFactory, PersonFactory, ProgrammeFactory, SpecialtyFactory, province


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"course-{n}")
    name_fr = factory.Sequence(lambda n: f"Formation {n}")
    name_ar = factory.Sequence(lambda n: f"تكوين {n}")
    programme = factory.SubFactory(ProgrammeFactory)
    specialty = factory.SubFactory(SpecialtyFactory)
    provider = factory.LazyAttribute(lambda course: course.programme.operator)
    duration_days = 45
    duration_hours = 270
    min_attendance_rate = 80
    min_mark = 10
    certificate_text_ar = "شهادة متابعة تكوين"
    certificate_text_fr = "Attestation de formation"


class CourseModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseModule

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n)
    title_fr = factory.Sequence(lambda n: f"Module {n}")
    title_ar = factory.Sequence(lambda n: f"وحدة {n}")
    hours = 30


def _weekdays() -> list[int]:
    return [7, 1, 2, 3, 4]  # Sunday to Thursday, the Algerian week


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"COH-{n:04d}")
    course = factory.SubFactory(CourseFactory)
    province = factory.LazyFunction(lambda: province("DZ", "31"))
    venue = "Centre de formation, Es Senia"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda cohort: cohort.starts_on + datetime.timedelta(days=60))
    weekdays = factory.LazyFunction(_weekdays)
    morning_starts_at = datetime.time(8, 30)
    morning_ends_at = datetime.time(12, 0)
    afternoon_starts_at = datetime.time(13, 30)
    afternoon_ends_at = datetime.time(16, 30)
    capacity = 20

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(PersonFactory, national_id="")
    status = EnrolmentStatus.ENROLLED
    source = EnrolmentSource.REGISTRY
    enrolled_at = factory.LazyFunction(timezone.now)


__all__ = ["CohortFactory", "CourseFactory", "CourseModuleFactory", "EnrolmentFactory", "OrganizationFactory"]
