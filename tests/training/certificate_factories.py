"""Arrange helpers of the certificate tests: Oran cohorts whose trainees passed (the
result is written directly: computing it belongs to the assessments tests)."""

from __future__ import annotations

from django.utils import timezone

from rowad.training.enums import TrainingResult
from tests.factories import PersonFactory, ProgrammeFactory
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory


def oran_cohort(world, **kwargs):
    """A cohort of a course the Oran agency operates and gives (its officers manage it)."""
    programme = ProgrammeFactory(operator=world.oran_agency)
    course = CourseFactory(
        programme=programme,
        provider=world.oran_agency,
        name_fr="Pose de fibre optique",
        name_ar="تركيب الألياف البصرية",
        certificate_text_fr="Attestation de formation qualifiante",
        certificate_text_ar="شهادة تكوين تأهيلي",
    )
    return CohortFactory(course=course, province=world.oran, **kwargs)


def trainee(cohort, *, result=TrainingResult.PASSED, person=None, **names):
    person = person or PersonFactory(
        national_id="",
        given_name_ar=names.get("given_name_ar", "سليم"),
        family_name_ar=names.get("family_name_ar", "حمادي"),
        given_name_latin=names.get("given_name_latin", "Salim"),
        family_name_latin=names.get("family_name_latin", "Hamadi"),
        email=names.get("email", "salim@example.org"),
        preferred_language=names.get("preferred_language", "fr"),
    )
    return EnrolmentFactory(
        cohort=cohort,
        person=person,
        result=result,
        result_at=timezone.now() if result != TrainingResult.PENDING else None,
    )
