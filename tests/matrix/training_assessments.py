"""Permission matrix of the assessments pages: the marks grid, a resit and computing the
results belong to the cohort's trainers and managers; an enrolment's result is read by
the training readers, the cohort's trainers and the trainee themselves."""

from __future__ import annotations

from rowad.accounts.enums import Role
from rowad.people.models import Person
from rowad.training.models import Assessment, Enrolment
from rowad.training.services import assessments as services
from tests.factories import MembershipFactory, PersonFactory, ProgrammeFactory, UserFactory
from tests.matrix.base import Expect
from tests.training.factories import CohortFactory, CourseFactory, CourseModuleFactory, EnrolmentFactory

R = Role
ASSESSORS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER, R.TRAINER})
RESULT_READERS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER, R.DIRECTOR, R.TRAINER, R.PROJECT_HOLDER})


def build(world) -> None:
    trainer, officer = world.users[R.TRAINER], world.users[R.AGENCY_OFFICER]
    holder_user = world.users[R.PROJECT_HOLDER]
    person = Person.objects.filter(user=holder_user).first() or PersonFactory(
        national_id="", user=holder_user
    )
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency))
    module = CourseModuleFactory(course=course, position=1)
    cohort = CohortFactory(course=course, province=world.oran, trainers=[trainer])
    enrolment = EnrolmentFactory(cohort=cohort, person=person)
    services.record_assessments(cohort, module, {enrolment.pk: {"mark": "8"}}, actor=officer)

    # Al Hoceima: a course, a cohort and a trainee no Oran user reaches.
    hoceima_trainer = UserFactory(username="trainer-hoceima")
    MembershipFactory(
        user=hoceima_trainer, organization=world.hoceima_agency, role=R.TRAINER, provinces=[world.hoceima]
    )
    foreign_course = CourseFactory(programme=ProgrammeFactory(operator=world.hoceima_agency))
    foreign_module = CourseModuleFactory(course=foreign_course)
    foreign_cohort = CohortFactory(course=foreign_course, province=world.hoceima, trainers=[hoceima_trainer])
    foreign_enrolment = EnrolmentFactory(cohort=foreign_cohort)
    services.record_assessments(
        foreign_cohort, foreign_module, {foreign_enrolment.pk: {"mark": "8"}}, actor=hoceima_trainer
    )
    world.objects.update(
        tas_cohort=cohort,
        tas_enrolment=enrolment,
        tas_module=module,
        tas_foreign_cohort=foreign_cohort,
        tas_foreign_enrolment=foreign_enrolment,
        tas_foreign_module=foreign_module,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _resit_kwargs(enrolment, module):
    return lambda w: {"pk": w.objects[enrolment].pk, "module_pk": w.objects[module].pk}


def _first_mark(w) -> Assessment:
    return Assessment.objects.get(
        enrolment=w.objects["tas_enrolment"], module=w.objects["tas_module"], attempt=1
    )


def _marks_body(w) -> dict:
    """The grid of the first module as shown (its saved mark's version), with a new mark."""
    enrolment = w.objects["tas_enrolment"]
    return {f"mark_{enrolment.pk}": "15", f"loaded_{enrolment.pk}": services.assessment_token(_first_mark(w))}


def _attempts(w):
    return Assessment.objects.filter(enrolment=w.objects["tas_enrolment"]).count()


def _result(w):
    enrolment = Enrolment.objects.get(pk=w.objects["tas_enrolment"].pk)
    return enrolment.result, enrolment.result_reasons


EXPECTATIONS = {
    "training:marks": Expect(
        allowed=ASSESSORS,
        kwargs=_pk("tas_cohort"),
        out_of_scope_kwargs=_pk("tas_foreign_cohort"),
        body=_marks_body,
        state=lambda w: _first_mark(w).mark,
        body_roles=ASSESSORS,
    ),
    "training:compute_results": Expect(
        allowed=ASSESSORS,
        kwargs=_pk("tas_cohort"),
        out_of_scope_kwargs=_pk("tas_foreign_cohort"),
        method="post",
        ok_status=frozenset({302}),
        body=lambda w: {},
        state=_result,
        body_roles=ASSESSORS,
    ),
    "training:resit": Expect(
        allowed=ASSESSORS,
        kwargs=_resit_kwargs("tas_enrolment", "tas_module"),
        out_of_scope_kwargs=_resit_kwargs("tas_foreign_enrolment", "tas_foreign_module"),
        body=lambda w: {"mark": "12", "attempt": "2"},
        state=_attempts,
        body_roles=ASSESSORS,
    ),
    "training:enrolment_result": Expect(
        allowed=RESULT_READERS,
        kwargs=_pk("tas_enrolment"),
        out_of_scope_kwargs=_pk("tas_foreign_enrolment"),
    ),
}
