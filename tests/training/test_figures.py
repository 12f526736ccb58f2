"""Training figures: each number is the count of the enrolment list it links to, and
every reader counts only the enrolments they may read."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.training import figures
from rowad.training.enums import CohortState, EnrolmentStatus, TrainingResult
from rowad.training.models import Enrolment
from tests.factories import PersonFactory, ProgrammeFactory, SpecialtyFactory
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def training_world(world):
    fiber = SpecialtyFactory(code="fiber", name_fr="Fibre optique")
    civil = SpecialtyFactory(code="civil", name_fr="Génie civil")
    programme = ProgrammeFactory(operator=world.oran_agency)
    start = datetime.date(2026, 5, 3)
    done = CohortFactory(
        course=CourseFactory(programme=programme, specialty=fiber),
        province=world.oran,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=60),
        state=CohortState.COMPLETED,
    )
    running = CohortFactory(
        course=CourseFactory(programme=programme, specialty=civil),
        province=world.oran,
        state=CohortState.RUNNING,
    )

    def person(sex, born):
        return PersonFactory(sex=sex, birth_date=born, national_id="", organization=world.oran_agency)

    # 25 on the first day (birthday the day before), 24 (birthday the day after), 31.
    EnrolmentFactory(cohort=done, person=person("F", datetime.date(2001, 5, 2)), result=TrainingResult.PASSED)
    EnrolmentFactory(cohort=done, person=person("F", datetime.date(2001, 5, 4)), result=TrainingResult.PASSED)
    EnrolmentFactory(cohort=done, person=person("M", datetime.date(1995, 1, 1)), result=TrainingResult.FAILED)
    EnrolmentFactory(cohort=running, person=person("M", datetime.date(1999, 3, 3)))
    EnrolmentFactory(cohort=running, person=person("", None), status=EnrolmentStatus.WAITLISTED)
    EnrolmentFactory(
        cohort=running, person=person("F", datetime.date(2000, 1, 1)), status=EnrolmentStatus.WITHDRAWN
    )

    # Al Hoceima: a cohort no Oran user reaches.
    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency)
    foreign = CohortFactory(
        course=CourseFactory(programme=foreign_programme, specialty=fiber),
        province=world.hoceima,
        state=CohortState.COMPLETED,
    )
    EnrolmentFactory(
        cohort=foreign,
        person=PersonFactory(sex="F", country="MA", province=world.hoceima, national_id=""),
        result=TrainingResult.PASSED,
    )
    return {"fiber": fiber, "civil": civil, "done": done, "running": running, "foreign": foreign}


def _cells(result: figures.Figures):
    yield result.enrolled
    yield result.waiting
    yield result.trained
    yield result.failed
    for _title, rows in result.breakdowns():
        for row in rows:
            yield row.enrolled
            yield row.waiting
            yield row.trained


def test_figures_count_enrolled_waiting_trained_and_pass_rate(client, world, training_world):
    client.force_login(world.users[Role.AGENCY_OFFICER])

    result = client.get(reverse("training:figures")).context["figures"]

    assert (result.enrolled.count, result.waiting.count, result.trained.count, result.failed.count) == (
        4,
        1,
        2,
        1,
    )
    assert result.completed_cohorts.count == 1
    assert str(result.pass_rate) == "66.7"
    by_specialty = {
        row.label: (row.enrolled.count, row.waiting.count, row.trained.count) for row in result.by_specialty
    }
    assert by_specialty == {"Fibre optique": (3, 0, 2), "Génie civil": (1, 1, 0)}
    by_sex = {row.label: row.enrolled.count for row in result.by_sex}
    assert by_sex == {"Women": 2, "Men": 2, "Not given": 0}


def test_figures_age_band_is_the_age_on_the_cohorts_first_day(world, training_world):
    result = figures.compute(Enrolment.objects.filter(cohort=training_world["done"]))

    bands = {row.label: row.trained.count for row in result.by_age_band}
    assert bands["25-29"] == 1
    assert bands["18-24"] == 1
    assert {row.label: row.enrolled.count for row in result.by_age_band}["30-34"] == 1


def test_figures_each_number_is_the_count_of_the_list_it_links_to(client, world, training_world):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    result = client.get(reverse("training:figures")).context["figures"]

    checked = 0
    for cell in _cells(result):
        listing = client.get(reverse("training:enrolment_list") + "?" + cell.query)
        assert listing.context["total"] == cell.count, cell.query
        checked += 1
    completed = client.get(reverse("training:enrolment_list") + "?" + result.completed_cohorts.query)
    assert completed.context["cohorts"] == result.completed_cohorts.count
    assert checked > 20


def test_figures_links_carry_the_filter_of_their_row(world, training_world):
    result = figures.compute(Enrolment.objects.all())

    fiber = next(row for row in result.by_specialty if row.label == "Fibre optique")
    assert parse_qs(fiber.trained.query) == {
        "specialty": [str(training_world["fiber"].pk)],
        "result": ["passed"],
    }


def test_figures_outsider_counts_nothing_of_oran(client, world, training_world):
    client.force_login(world.outsider)

    result = client.get(reverse("training:figures")).context["figures"]
    listing = client.get(reverse("training:enrolment_list") + f"?cohort={training_world['done'].pk}")

    assert (result.enrolled.count, result.trained.count) == (1, 1)  # Al Hoceima's own
    assert listing.context["total"] == 0


def test_figures_list_hides_other_provinces_rows(client, world, training_world):
    client.force_login(world.users[Role.AGENCY_OFFICER])

    listing = client.get(reverse("training:enrolment_list"))

    assert listing.context["total"] == 6
    assert training_world["foreign"].reference not in listing.content.decode()


@pytest.mark.parametrize("role", [Role.FIELD_AGENT, Role.PROJECT_HOLDER, Role.COMMITTEE_MEMBER])
def test_figures_refused_to_roles_that_do_not_read_training(client, world, role):
    client.force_login(world.users[role])

    assert client.get(reverse("training:figures")).status_code == 403
    assert client.get(reverse("training:enrolment_list")).status_code == 403


def test_figures_outreach_funnel_counts_registrations_that_passed_a_course(world):
    from rowad.outreach import figures as outreach_figures
    from rowad.training.queries import person_ids_trained

    passed = EnrolmentFactory(result=TrainingResult.PASSED)
    EnrolmentFactory(result=TrainingResult.FAILED)

    assert outreach_figures._providers["training"] is person_ids_trained
    assert person_ids_trained({passed.person_id, passed.person_id + 1000}) == {passed.person_id}
