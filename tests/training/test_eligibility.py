"""Eligibility to a course: each rule of the table passes, fails or is unknown, and reads
in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from rowad.dossiers.enums import DossierState
from rowad.training import eligibility
from rowad.training.enums import CohortState, EnrolmentStatus, TrainingResult
from tests.committees.factories import DossierFactory
from tests.factories import PersonFactory, ProgrammeFactory, SpecialtyFactory
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def outcomes(cohort, person) -> dict[str, str]:
    return {line.rule: line.outcome for line in eligibility.evaluate(cohort, person)}


def line_of(cohort, person, rule) -> dict:
    return next(line.as_dict() for line in eligibility.evaluate(cohort, person) if line.rule == rule)


@pytest.fixture
def fiber():
    return SpecialtyFactory(code="fiber", name_fr="Fibre optique", name_ar="الألياف البصرية")


@pytest.fixture
def course(fiber):
    return CourseFactory(specialty=fiber, requires_approved_dossier=True, min_education="secondary")


@pytest.fixture
def cohort(course):
    return CohortFactory(course=course, state=CohortState.OPEN)


@pytest.fixture
def person():
    return PersonFactory(national_id="", education_level="bac")


def test_eligibility_rules_applied_are_those_the_course_sets(fiber):
    plain = CohortFactory(course=CourseFactory(specialty=fiber))
    assert list(outcomes(plain, PersonFactory(national_id=""))) == [
        "cohort_open",
        "not_elsewhere",
        "not_passed",
    ]


def test_eligibility_all_passed_with_approved_dossier_in_the_specialty(cohort, person, fiber):
    DossierFactory(specialty=fiber, state=DossierState.TO_FINANCING, holders=[person], reference="DZ-1")

    assert outcomes(cohort, person) == {
        "cohort_open": "passed",
        "approved_dossier": "passed",
        "education": "passed",
        "not_elsewhere": "passed",
        "not_passed": "passed",
    }
    assert line_of(cohort, person, "approved_dossier")["params"]["references"] == "DZ-1"


def test_eligibility_cohort_not_open_fails(course, person):
    running = CohortFactory(course=course, state=CohortState.RUNNING)
    assert outcomes(running, person)["cohort_open"] == "failed"


def test_eligibility_dossier_of_another_programme_in_the_specialty_passes(cohort, person, fiber):
    DossierFactory(
        programme=ProgrammeFactory(), specialty=fiber, state=DossierState.COMPANY_CREATED, holders=[person]
    )
    assert outcomes(cohort, person)["approved_dossier"] == "passed"


def test_eligibility_dossier_not_approved_yet_fails(cohort, person, fiber):
    DossierFactory(specialty=fiber, state=DossierState.UNDER_STUDY, holders=[person])
    DossierFactory(specialty=SpecialtyFactory(), state=DossierState.APPROVED, holders=[person])
    assert outcomes(cohort, person)["approved_dossier"] == "failed"


def test_eligibility_approved_dossier_without_specialty_is_unknown(cohort, person):
    DossierFactory(specialty=None, state=DossierState.APPROVED, holders=[person], reference="DZ-7")
    line = line_of(cohort, person, "approved_dossier")
    assert (line["outcome"], line["params"]["references"]) == ("unknown", "DZ-7")


def test_eligibility_course_without_specialty_asks_a_dossier_of_its_programme(person):
    course = CourseFactory(specialty=None, requires_approved_dossier=True)
    cohort = CohortFactory(course=course)
    assert outcomes(cohort, person)["approved_dossier"] == "failed"
    DossierFactory(programme=course.programme, state=DossierState.APPROVED, holders=[person])
    assert outcomes(cohort, person)["approved_dossier"] == "passed"


@pytest.mark.parametrize(
    ("level", "expected"),
    [("university", "passed"), ("secondary", "passed"), ("middle", "failed"), ("", "unknown")],
)
def test_eligibility_minimum_education(cohort, level, expected):
    assert outcomes(cohort, PersonFactory(national_id="", education_level=level))["education"] == expected


def test_eligibility_already_in_another_open_cohort_of_the_course_fails(cohort, person):
    other = CohortFactory(course=cohort.course, reference="COH-OTHER")
    EnrolmentFactory(cohort=other, person=person, status=EnrolmentStatus.WAITLISTED)
    line = line_of(cohort, person, "not_elsewhere")
    assert (line["outcome"], line["params"]) == ("failed", {"reference": "COH-OTHER", "status": "waitlisted"})


def test_eligibility_withdrawn_or_finished_elsewhere_does_not_count(cohort, person):
    EnrolmentFactory(
        cohort=CohortFactory(course=cohort.course), person=person, status=EnrolmentStatus.WITHDRAWN
    )
    EnrolmentFactory(cohort=CohortFactory(course=cohort.course, state=CohortState.COMPLETED), person=person)
    assert outcomes(cohort, person)["not_elsewhere"] == "passed"


def test_eligibility_course_already_passed_fails(cohort, person):
    done = CohortFactory(course=cohort.course, state=CohortState.COMPLETED, reference="COH-DONE")
    EnrolmentFactory(cohort=done, person=person, result=TrainingResult.PASSED)
    line = line_of(cohort, person, "not_passed")
    assert (line["outcome"], line["params"]) == ("failed", {"reference": "COH-DONE"})


def test_eligibility_stored_untranslated_and_read_in_each_language(cohort):
    person = PersonFactory(national_id="", education_level="middle")
    with translation.override("fr"):
        stored = line_of(cohort, person, "education")
    assert stored["reason"] == "%(own)s: below the required %(level)s."
    assert stored["params"] == {"level": "secondary", "own": "middle"}

    with translation.override("en"):
        assert eligibility.describe(stored)["reason"] == "Middle school: below the required Secondary."
    with translation.override("ar"):
        described = eligibility.describe(stored)
    assert described["reason"] != stored["reason"]
    assert described["label"] != "Education level"


def test_eligibility_describe_html_keeps_references_left_to_right_and_escapes(cohort):
    line = {
        "rule": "approved_dossier",
        "outcome": "passed",
        "reason": "Approved dossier in %(specialty)s: %(references)s.",
        "params": {"specialty": {"ar": "<b>ألياف</b>", "fr": "Fibre"}, "references": "DZ-1"},
    }
    with translation.override("ar"):
        reason = eligibility.describe(line, html=True)["reason"]
    assert '<bdi dir="ltr">DZ-1</bdi>' in reason
    assert "&lt;b&gt;ألياف&lt;/b&gt;" in reason
