"""The training catalogue and cohort pages, every role (see tests/matrix/base.py).

Oran: a course of a programme the Oran agency runs and provides (its sponsor officer is
then the provider's officer), with modules and a cohort the Oran trainer teaches.
Al Hoceima: the same, out of every Oran user's reach."""

import datetime

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.training.enums import CohortState
from rowad.training.forms.catalogue import CourseForm, ModuleForm
from rowad.training.forms.cohorts import CohortForm
from rowad.training.models import Assessment, Cohort, Course, CourseModule
from rowad.training.queries import trainers_of
from tests.factories import ProgrammeFactory
from tests.matrix.base import Expect, form_body
from tests.training.factories import CohortFactory, CourseFactory, CourseModuleFactory, EnrolmentFactory

R = Role
MANAGERS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER})
READERS = MANAGERS | {R.DIRECTOR, R.TRAINER}
POSTED = frozenset({302})


def build(world) -> None:
    programme = ProgrammeFactory(operator=world.oran_agency)
    course = CourseFactory(programme=programme, provider=world.oran_agency, duration_hours=270)
    module = CourseModuleFactory(course=course, hours=30)
    second = CourseModuleFactory(course=course, hours=30)
    # An assessed module: removing it is refused (the walk posts to it as every role).
    assessed = CourseModuleFactory(course=course, hours=30)
    # Next year: the other builders' cohorts of the same trainer run now (no clash).
    cohort = CohortFactory(
        course=course,
        province=world.oran,
        trainers=[world.users[R.TRAINER]],
        starts_on=timezone.localdate() + datetime.timedelta(days=400),
    )
    Assessment.objects.create(
        enrolment=EnrolmentFactory(cohort=cohort),
        module=assessed,
        mark=14,
        assessed_on=datetime.date(2026, 12, 1),
    )

    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency)
    foreign_course = CourseFactory(
        programme=foreign_programme,
        provider=world.hoceima_agency,
        name_fr="Zzforeigncoursezz",
        code="zz-foreign",
    )
    foreign_module = CourseModuleFactory(course=foreign_course)
    foreign_cohort = CohortFactory(
        course=foreign_course, province=world.hoceima, reference="ZZ-FOREIGN-COHORT"
    )
    world.objects.update(
        tc_course=course,
        tc_module=module,
        tc_second=second,
        tc_assessed=assessed,
        tc_cohort=cohort,
        tc_foreign_course=foreign_course,
        tc_foreign_module=foreign_module,
        tc_foreign_cohort=foreign_cohort,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _course(w):
    return Course.objects.get(pk=w.objects["tc_course"].pk)


def _course_body(w):
    course = _course(w)
    form = CourseForm(
        instance=course,
        programmes=type(course.programme).objects.all(),
        providers=type(course.provider).objects.all(),
        specialties=type(course.specialty).objects.all(),
    )
    return form_body(form, duration_days=str(course.duration_days + 1))


def _module_body(w):
    module = CourseModule.objects.get(pk=w.objects["tc_module"].pk)
    return form_body(ModuleForm(instance=module), hours=str(module.hours + 1))


def _cohort(w):
    return Cohort.objects.get(pk=w.objects["tc_cohort"].pk)


def _cohort_body(w):
    cohort = _cohort(w)
    form = CohortForm(
        instance=cohort,
        courses=Course.objects.all(),
        provinces=type(cohort.province).objects.filter(pk=cohort.province_id),
        trainers=trainers_of([cohort.course.provider_id]),
    )
    return form_body(form, venue=cohort.venue + " (salle 2)")


EXPECTATIONS = {
    "training:course_list": Expect(allowed=READERS, hidden_text=lambda w: "Zzforeigncoursezz"),
    "training:course_create": Expect(allowed=MANAGERS),
    "training:course_detail": Expect(
        allowed=READERS, kwargs=_pk("tc_course"), out_of_scope_kwargs=_pk("tc_foreign_course")
    ),
    "training:course_history": Expect(
        allowed=READERS, kwargs=_pk("tc_course"), out_of_scope_kwargs=_pk("tc_foreign_course")
    ),
    "training:course_edit": Expect(
        allowed=MANAGERS,
        kwargs=_pk("tc_course"),
        out_of_scope_kwargs=_pk("tc_foreign_course"),
        body=_course_body,
        state=lambda w: _course(w).duration_days,
        body_roles=MANAGERS,
    ),
    "training:module_create": Expect(
        allowed=MANAGERS,
        kwargs=_pk("tc_course"),
        out_of_scope_kwargs=_pk("tc_foreign_course"),
        body=lambda w: {"title_fr": "Sécurité du chantier", "hours": "10", "kind": "theory"},
        state=lambda w: _course(w).modules.count(),
        body_roles=MANAGERS,
    ),
    "training:module_edit": Expect(
        allowed=MANAGERS,
        kwargs=_pk("tc_module"),
        out_of_scope_kwargs=_pk("tc_foreign_module"),
        body=_module_body,
        state=lambda w: CourseModule.objects.get(pk=w.objects["tc_module"].pk).hours,
        body_roles=MANAGERS,
    ),
    # The walk posts to an assessed module (removal refused, redirected); the removal
    # itself is tested in tests/training/test_catalogue.py.
    "training:module_delete": Expect(
        allowed=MANAGERS,
        kwargs=_pk("tc_assessed"),
        out_of_scope_kwargs=_pk("tc_foreign_module"),
        method="post",
        ok_status=POSTED,
    ),
    "training:module_move": Expect(
        allowed=MANAGERS,
        kwargs=_pk("tc_module"),
        out_of_scope_kwargs=_pk("tc_foreign_module"),
        method="post",
        ok_status=POSTED,
        body=lambda w: {"direction": "down"},
        state=lambda w: list(_course(w).modules.order_by("position", "id").values_list("pk", flat=True)),
        body_roles=MANAGERS,
    ),
    "training:cohort_list": Expect(allowed=READERS, hidden_text=lambda w: "ZZ-FOREIGN-COHORT"),
    "training:cohort_create": Expect(allowed=MANAGERS),
    "training:cohort_detail": Expect(
        allowed=READERS, kwargs=_pk("tc_cohort"), out_of_scope_kwargs=_pk("tc_foreign_cohort")
    ),
    "training:cohort_history": Expect(
        allowed=READERS, kwargs=_pk("tc_cohort"), out_of_scope_kwargs=_pk("tc_foreign_cohort")
    ),
    "training:cohort_edit": Expect(
        allowed=MANAGERS,
        kwargs=_pk("tc_cohort"),
        out_of_scope_kwargs=_pk("tc_foreign_cohort"),
        body=_cohort_body,
        state=lambda w: _cohort(w).venue,
        body_roles=MANAGERS,
    ),
    "training:cohort_state": Expect(
        allowed=MANAGERS,
        kwargs=_pk("tc_cohort"),
        out_of_scope_kwargs=_pk("tc_foreign_cohort"),
        method="post",
        ok_status=POSTED,
        body=lambda w: {"target": CohortState.RUNNING},
        state=lambda w: _cohort(w).state,
        body_roles=MANAGERS,
    ),
}
