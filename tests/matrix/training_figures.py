"""Training figures and the enrolment list: readers of training (agency and sponsor
officers, directors, trainers), each counting only what their membership reaches."""

from rowad.accounts.enums import Role
from rowad.training.enums import TrainingResult
from tests.factories import PersonFactory, ProgrammeFactory
from tests.matrix.base import Expect
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER, R.DIRECTOR, R.TRAINER})


def build(world) -> None:
    oran = CohortFactory(course=CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency)))
    EnrolmentFactory(cohort=oran, result=TrainingResult.PASSED)
    foreign = CohortFactory(
        reference="Zzforeigntrainingzz",
        course=CourseFactory(programme=ProgrammeFactory(operator=world.hoceima_agency)),
        province=world.hoceima,
    )
    EnrolmentFactory(
        cohort=foreign, person=PersonFactory(country="MA", province=world.hoceima, national_id="")
    )


EXPECTATIONS = {
    "training:figures": Expect(allowed=READERS),
    "training:enrolment_list": Expect(allowed=READERS, hidden_text=lambda w: "Zzforeigntrainingzz"),
}
