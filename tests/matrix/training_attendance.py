"""Permission matrix: the attendance pages (the trainer's cohorts, roll call, QR check-in
scan, acknowledging an absence alert) and the attendance sync API."""

import datetime

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.training.checkin import checkin_token
from rowad.training.models import AbsenceAlert, AttendanceMark
from tests.factories import ProgrammeFactory
from tests.matrix.base import Expect
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

R = Role
TAKERS = frozenset({R.TRAINER, R.AGENCY_OFFICER, R.SPONSOR_OFFICER})
MANAGERS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER})


def _cohort(programme, province, trainers, reference):
    today = timezone.localdate()
    return CohortFactory(
        course=CourseFactory(programme=programme),
        province=province,
        reference=reference,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=30),
        weekdays=[1, 2, 3, 4, 5, 6, 7],
        trainers=trainers,
    )


def build(world) -> None:
    cohort = _cohort(
        ProgrammeFactory(operator=world.oran_agency), world.oran, [world.users[R.TRAINER]], "TA-ORAN-1"
    )
    enrolment = EnrolmentFactory(cohort=cohort)
    foreign = _cohort(ProgrammeFactory(operator=world.hoceima_agency), world.hoceima, [], "TA-FOREIGN-1")
    foreign_enrolment = EnrolmentFactory(cohort=foreign)
    since = timezone.localdate() - datetime.timedelta(days=2)
    world.objects.update(
        ta_cohort=cohort,
        ta_enrolment=enrolment,
        ta_foreign_cohort=foreign,
        ta_alert=AbsenceAlert.objects.create(enrolment=enrolment, since_day=since, absences=4),
        ta_foreign_alert=AbsenceAlert.objects.create(
            enrolment=foreign_enrolment, since_day=since, absences=4
        ),
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _checkin_body(w):
    return {"token": checkin_token(w.objects["ta_enrolment"])}


def _checked_in(w):
    return AttendanceMark.objects.filter(enrolment=w.objects["ta_enrolment"]).count()


def _acknowledged(w):
    return AbsenceAlert.objects.get(pk=w.objects["ta_alert"].pk).acknowledged_at


EXPECTATIONS = {
    "training:my_cohorts": Expect(allowed=frozenset({R.TRAINER})),
    "training:roll_call": Expect(
        allowed=TAKERS, kwargs=_pk("ta_cohort"), out_of_scope_kwargs=_pk("ta_foreign_cohort")
    ),
    "training:checkin_scan": Expect(
        allowed=TAKERS,
        kwargs=_pk("ta_cohort"),
        out_of_scope_kwargs=_pk("ta_foreign_cohort"),
        body=_checkin_body,
        state=_checked_in,
        body_roles=TAKERS,
    ),
    "training:alert_acknowledge": Expect(
        allowed=MANAGERS,
        kwargs=_pk("ta_alert"),
        out_of_scope_kwargs=_pk("ta_foreign_alert"),
        method="post",
        ok_status=frozenset({302}),
        body=lambda w: {},
        state=_acknowledged,
        body_roles=MANAGERS,
    ),
    "training-attendance-list": Expect(allowed=TAKERS, method="post", ok_status=frozenset({400})),
}
