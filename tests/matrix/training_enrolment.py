"""Permission matrix of the enrolment pages (training area: enrolment and waiting list)."""

from __future__ import annotations

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.training.enums import EnrolmentStatus
from rowad.training.models import Enrolment
from tests.committees.factories import DossierFactory
from tests.factories import PersonFactory, ProgrammeFactory, SpecialtyFactory
from tests.matrix.base import Expect
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

R = Role
MANAGERS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER})
READERS = MANAGERS | {R.DIRECTOR, R.TRAINER}


def build(world) -> None:
    specialty = SpecialtyFactory(code="te-fiber")
    # The Oran agency operates the programme, sponsors it and provides its course, so its
    # sponsor officer manages the course's cohorts and sees the programme's dossiers.
    programme = ProgrammeFactory(operator=world.oran_agency)
    programme.sponsors.set([world.oran_agency])
    course = CourseFactory(programme=programme, provider=world.oran_agency, specialty=specialty)
    cohort = CohortFactory(course=course, province=world.oran, capacity=5, trainers=[world.users[R.TRAINER]])
    candidate = PersonFactory(national_id="", province=world.oran, organization=world.oran_agency)
    enrolment = EnrolmentFactory(cohort=cohort, person=PersonFactory(national_id="", province=world.oran))
    dossier = DossierFactory(
        programme=programme,
        organization=world.oran_agency,
        specialty=specialty,
        state=DossierState.APPROVED,
        holders=[PersonFactory(national_id="", province=world.oran)],
    )

    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency)
    foreign_cohort = CohortFactory(
        course=CourseFactory(programme=foreign_programme, provider=world.hoceima_agency, specialty=specialty),
        province=world.hoceima,
        reference="ZZ-FOREIGN-ENROL-COHORT",
    )
    foreign_enrolment = EnrolmentFactory(
        cohort=foreign_cohort, person=PersonFactory(national_id="", country="MA", province=world.hoceima)
    )
    foreign_dossier = DossierFactory(
        programme=foreign_programme,
        organization=world.hoceima_agency,
        province=world.hoceima,
        specialty=specialty,
        state=DossierState.APPROVED,
        holders=[PersonFactory(national_id="", country="MA", province=world.hoceima)],
    )
    # Keys prefixed "te_": other apps' builders fill world.objects too.
    world.objects.update(
        te_cohort=cohort,
        te_candidate=candidate,
        te_enrolment=enrolment,
        te_dossier=dossier,
        te_foreign_cohort=foreign_cohort,
        te_foreign_enrolment=foreign_enrolment,
        te_foreign_dossier=foreign_dossier,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _enrolled_count(w):
    return Enrolment.objects.filter(cohort=w.objects["te_cohort"], status=EnrolmentStatus.ENROLLED).count()


def _status(w):
    return Enrolment.objects.get(pk=w.objects["te_enrolment"].pk).status


EXPECTATIONS = {
    "training:enrol": Expect(
        allowed=MANAGERS,
        kwargs=_pk("te_cohort"),
        out_of_scope_kwargs=_pk("te_foreign_cohort"),
        hidden_text=lambda w: "ZZ-FOREIGN-ENROL-COHORT",
        # Enrolling by registry search: agency officers (sponsor officers read no registry).
        body=lambda w: {"action": "person", "person": w.objects["te_candidate"].pk},
        state=_enrolled_count,
    ),
    "training:enrolment_detail": Expect(
        allowed=READERS, kwargs=_pk("te_enrolment"), out_of_scope_kwargs=_pk("te_foreign_enrolment")
    ),
    "training:enrolment_withdraw": Expect(
        allowed=MANAGERS,
        kwargs=_pk("te_enrolment"),
        out_of_scope_kwargs=_pk("te_foreign_enrolment"),
        method="post",
        ok_status=frozenset({302}),
        body=lambda w: {"reason": "Trouvé un emploi"},
        state=_status,
        body_roles=MANAGERS,
    ),
    "training:enrol_from_dossier": Expect(
        allowed=MANAGERS,
        kwargs=_pk("te_dossier"),
        out_of_scope_kwargs=_pk("te_foreign_dossier"),
        body=lambda w: {"cohort": w.objects["te_cohort"].pk},
        state=_enrolled_count,
        body_roles=MANAGERS,
    ),
}
