"""Cohorts: the timetable's checks, trainers, capacity, the state funnel and the pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.core.audit import entries_for
from rowad.core.errors import ConflictError, DomainError
from rowad.partners.enums import OrganizationKind
from rowad.training.enums import CohortState, EnrolmentStatus, ErrorCode
from rowad.training.models import Cohort
from rowad.training.services import cohorts as services
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, UserFactory, province
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.integration

D = datetime.date


@pytest.fixture
def course(world):
    programme = ProgrammeFactory(operator=world.oran_agency, starts_on=D(2026, 1, 1), ends_on=D(2027, 12, 31))
    return CourseFactory(programme=programme, provider=world.oran_agency, code="fo")


def _data(world, **changes):
    data = {
        "province": world.oran,
        "venue": "CFPA Es Senia",
        "starts_on": D(2027, 1, 10),
        "ends_on": D(2027, 2, 25),
        "weekdays": [7, 1, 2, 3, 4],
        "morning_starts_at": datetime.time(8, 30),
        "morning_ends_at": datetime.time(12, 0),
        "afternoon_starts_at": datetime.time(13, 30),
        "afternoon_ends_at": datetime.time(16, 30),
        "capacity": 20,
    }
    data.update(changes)
    return data


def _create(world, course, trainers=(), actor=None, **changes):
    return services.create_cohort(
        course,
        data=_data(world, **changes),
        trainers=trainers,
        actor=actor or world.users[Role.AGENCY_OFFICER],
    )


def _refused(code, call):
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code
    return caught.value


# --- Creating -----------------------------------------------------------------------------


def test_create_cohort_reference_history_audit(world, course):
    first = _create(world, course, trainers=[world.users[Role.TRAINER]])
    second = _create(world, course, starts_on=D(2027, 3, 1), ends_on=D(2027, 4, 15))

    assert (first.reference, second.reference) == ("FO-31-2027-01", "FO-31-2027-02")
    assert list(first.trainers.all()) == [world.users[Role.TRAINER]]
    assert first.history.first().history_user == world.users[Role.AGENCY_OFFICER]
    assert [e.action for e in entries_for(first)] == ["training.cohort.created"]
    assert first.state == CohortState.OPEN


def test_create_cohort_outside_programme_period_refused(world, course):
    error = _refused(
        ErrorCode.COHORT_OUTSIDE_PROGRAMME, lambda: _create(world, course, ends_on=D(2028, 1, 15))
    )

    assert "2027-12-31" in error.message
    assert not Cohort.objects.exists()


def test_create_cohort_before_programme_start_refused(world, course):
    _refused(ErrorCode.COHORT_OUTSIDE_PROGRAMME, lambda: _create(world, course, starts_on=D(2025, 12, 1)))


def test_create_cohort_programme_without_period_any_dates(world):
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=world.oran_agency)

    assert _create(world, course, starts_on=D(2030, 1, 1), ends_on=D(2030, 2, 1)).pk


def test_create_cohort_dates_reversed_refused(world, course):
    _refused(ErrorCode.DATES_REVERSED, lambda: _create(world, course, ends_on=D(2027, 1, 1)))


def test_create_cohort_no_weekday_refused(world, course):
    _refused(ErrorCode.NO_WEEKDAY, lambda: _create(world, course, weekdays=[]))


def test_create_cohort_morning_reversed_refused(world, course):
    _refused(ErrorCode.HOURS_REVERSED, lambda: _create(world, course, morning_ends_at=datetime.time(8, 0)))


def test_create_cohort_afternoon_before_morning_refused(world, course):
    _refused(
        ErrorCode.HOURS_REVERSED, lambda: _create(world, course, afternoon_starts_at=datetime.time(11, 0))
    )


def test_create_cohort_half_day_without_end_refused(world, course):
    _refused(ErrorCode.HOURS_INCOMPLETE, lambda: _create(world, course, afternoon_ends_at=None))


def test_create_cohort_trainer_not_of_provider_refused(world, course):
    stranger = UserFactory(username="trainer-elsewhere")
    MembershipFactory(user=stranger, organization=OrganizationFactory(), role=Role.TRAINER)

    _refused(ErrorCode.TRAINER_NOT_OF_PROVIDER, lambda: _create(world, course, trainers=[stranger]))


def test_create_cohort_inactive_trainer_membership_refused(world, course):
    trainer = UserFactory(username="trainer-gone")
    MembershipFactory(user=trainer, organization=world.oran_agency, role=Role.TRAINER, is_active=False)

    _refused(ErrorCode.TRAINER_NOT_OF_PROVIDER, lambda: _create(world, course, trainers=[trainer]))


def test_create_cohort_trainer_in_overlapping_cohort_refused_naming_it(world, course):
    trainer = world.users[Role.TRAINER]
    first = _create(world, course, trainers=[trainer])

    error = _refused(
        ErrorCode.TRAINER_BUSY,
        lambda: _create(world, course, trainers=[trainer], starts_on=D(2027, 2, 1), ends_on=D(2027, 3, 1)),
    )

    assert first.reference in error.message
    assert Cohort.objects.count() == 1


def test_create_cohort_trainer_other_weekdays_allowed(world, course):
    trainer = world.users[Role.TRAINER]
    _create(world, course, trainers=[trainer], weekdays=[1, 2])

    assert _create(world, course, trainers=[trainer], weekdays=[3, 4]).pk


def test_create_cohort_trainer_other_half_day_allowed(world, course):
    trainer = world.users[Role.TRAINER]
    _create(world, course, trainers=[trainer], afternoon_starts_at=None, afternoon_ends_at=None)

    second = _create(world, course, trainers=[trainer], morning_starts_at=None, morning_ends_at=None)

    assert second.pk


def test_create_cohort_trainer_freed_by_cancelled_cohort(world, course):
    trainer = world.users[Role.TRAINER]
    first = _create(world, course, trainers=[trainer])
    services.set_cohort_state(first, CohortState.CANCELLED, actor=world.users[Role.AGENCY_OFFICER])

    assert _create(world, course, trainers=[trainer]).pk


def test_create_cohort_zero_capacity_refused(world, course):
    _refused(ErrorCode.CAPACITY_TOO_LOW, lambda: _create(world, course, capacity=0))


def test_create_cohort_province_out_of_reach_refused(world):
    # The agency officer reaches the course through the programme's operator, not as
    # its provider: a cohort may only go to their own provinces.
    provider = OrganizationFactory(kind=OrganizationKind.SPONSOR)
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=provider)

    error = _refused(ErrorCode.OUT_OF_SCOPE, lambda: _create(world, course, province=province("DZ", "16")))

    assert error.status_code == 403


def test_create_cohort_provider_officer_any_province(world):
    provider = OrganizationFactory(kind=OrganizationKind.SPONSOR)
    officer = UserFactory(username="sponsor-officer-telecom")
    MembershipFactory(user=officer, organization=provider, role=Role.SPONSOR_OFFICER)
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=provider)

    cohort = _create(world, course, actor=officer, province=province("DZ", "16"))

    assert cohort.province.code == "16"


def test_create_cohort_director_refused(world, course):
    _refused(ErrorCode.OUT_OF_SCOPE, lambda: _create(world, course, actor=world.users[Role.DIRECTOR]))


# --- Editing ------------------------------------------------------------------------------


def test_update_cohort_capacity_below_enrolled_refused(world, course):
    cohort = _create(world, course)
    EnrolmentFactory.create_batch(3, cohort=cohort)
    EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.WAITLISTED)
    officer = world.users[Role.AGENCY_OFFICER]

    error = _refused(
        ErrorCode.CAPACITY_BELOW_ENROLLED,
        lambda: services.update_cohort(cohort, data={"capacity": 2}, actor=officer),
    )
    cohort = services.update_cohort(cohort, data={"capacity": 3}, actor=officer)

    assert "3" in error.message
    assert cohort.capacity == 3


def test_update_cohort_stale_version_refused(world, course):
    cohort = _create(world, course)
    officer = world.users[Role.AGENCY_OFFICER]
    services.update_cohort(cohort, data={"venue": "Salle 2"}, actor=officer, version=1)

    with pytest.raises(ConflictError):
        services.update_cohort(cohort, data={"venue": "Salle 3"}, actor=officer, version=1)

    cohort.refresh_from_db()
    assert (cohort.venue, cohort.version) == ("Salle 2", 2)


def test_update_cohort_trainer_overlap_excludes_itself(world, course):
    trainer = world.users[Role.TRAINER]
    cohort = _create(world, course, trainers=[trainer])
    rows = cohort.history.count()

    cohort = services.update_cohort(
        cohort, data={"ends_on": D(2027, 3, 1)}, trainers=[trainer], actor=world.users[Role.AGENCY_OFFICER]
    )

    assert cohort.ends_on == D(2027, 3, 1)
    assert cohort.history.count() == rows + 1


def test_update_cohort_adding_busy_trainer_refused(world, course):
    trainer = world.users[Role.TRAINER]
    busy = _create(world, course, trainers=[trainer])
    other = _create(world, course)

    error = _refused(
        ErrorCode.TRAINER_BUSY,
        lambda: services.update_cohort(
            other, data={}, trainers=[trainer], actor=world.users[Role.AGENCY_OFFICER]
        ),
    )

    assert busy.reference in error.message
    assert not other.trainers.exists()


# --- State --------------------------------------------------------------------------------


def test_set_cohort_state_open_running_completed(world, course):
    officer = world.users[Role.AGENCY_OFFICER]
    today = timezone.localdate()
    cohort = CohortFactory(course=course, starts_on=today - datetime.timedelta(days=50), ends_on=today)

    services.set_cohort_state(cohort, CohortState.RUNNING, actor=officer)
    cohort = services.set_cohort_state(cohort, CohortState.COMPLETED, actor=officer, note="Fin")

    assert cohort.state == CohortState.COMPLETED
    assert [e.action for e in entries_for(cohort)] == ["training.cohort.completed", "training.cohort.running"]
    assert cohort.history.first().history_change_reason == "Fin"


def test_set_cohort_state_complete_before_end_refused(world, course):
    officer = world.users[Role.AGENCY_OFFICER]
    cohort = _create(world, course)
    services.set_cohort_state(cohort, CohortState.RUNNING, actor=officer)

    _refused(
        ErrorCode.COHORT_NOT_ENDED,
        lambda: services.set_cohort_state(cohort, CohortState.COMPLETED, actor=officer),
    )


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (CohortState.OPEN, CohortState.COMPLETED),
        (CohortState.COMPLETED, CohortState.CANCELLED),
        (CohortState.CANCELLED, CohortState.OPEN),
        (CohortState.RUNNING, CohortState.OPEN),
    ],
)
def test_set_cohort_state_forbidden_transition_refused(world, course, start, target):
    cohort = CohortFactory(course=course, state=start, ends_on=D(2026, 1, 31), starts_on=D(2026, 1, 1))

    _refused(
        ErrorCode.TRANSITION_NOT_ALLOWED,
        lambda: services.set_cohort_state(cohort, target, actor=world.users[Role.AGENCY_OFFICER]),
    )


def test_set_cohort_state_stale_refused(world, course):
    cohort = _create(world, course)

    with pytest.raises(ConflictError):
        services.set_cohort_state(
            cohort, CohortState.RUNNING, actor=world.users[Role.AGENCY_OFFICER], version=7
        )


def test_update_cancelled_cohort_refused(world, course):
    officer = world.users[Role.AGENCY_OFFICER]
    cohort = services.set_cohort_state(_create(world, course), CohortState.CANCELLED, actor=officer)

    _refused(
        ErrorCode.COHORT_CLOSED, lambda: services.update_cohort(cohort, data={"venue": "X"}, actor=officer)
    )


# --- Pages --------------------------------------------------------------------------------


def test_cohort_list_filters_and_readers(client, world, course):
    running = _create(world, course)
    services.set_cohort_state(running, CohortState.RUNNING, actor=world.users[Role.AGENCY_OFFICER])
    waiting = _create(world, course, starts_on=D(2027, 5, 1), ends_on=D(2027, 6, 1))
    running.trainers.add(world.users[Role.TRAINER])

    client.force_login(world.users[Role.DIRECTOR])
    page = client.get(
        reverse("training:cohort_list"), {"state": "running", "course": course.pk}
    ).content.decode()
    client.force_login(world.users[Role.TRAINER])
    mine = client.get(reverse("training:cohort_list")).content.decode()

    assert running.reference in page and waiting.reference not in page
    assert running.reference in mine and waiting.reference not in mine


def test_cohort_detail_shows_seats_and_panels(client, world, course):
    cohort = _create(world, course, capacity=5)
    EnrolmentFactory.create_batch(2, cohort=cohort)
    EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.WAITLISTED)
    client.force_login(world.users[Role.AGENCY_OFFICER])

    response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))

    assert response.status_code == 200
    assert response.context["seats"] == {"taken": 2, "waiting": 1, "free": 3}
    assert "training/cohort/_panel_enrolment.html" in [t.name for t in response.templates]


def test_cohort_create_page_posts_a_cohort(client, world, course):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    data = {
        "course": course.pk,
        "province": world.oran.pk,
        "venue": "CFPA",
        "starts_on": "2027-01-10",
        "ends_on": "2027-02-25",
        "weekdays": ["7", "1"],
        "morning_starts_at": "08:30",
        "morning_ends_at": "12:00",
        "capacity": "25",
        "trainers": [world.users[Role.TRAINER].pk],
    }

    response = client.post(reverse("training:cohort_create"), data)

    cohort = Cohort.objects.get()
    assert response["Location"] == reverse("training:cohort_detail", args=[cohort.pk])
    assert (cohort.weekdays, cohort.half_days) == ([1, 7], ["am"])


def test_cohort_create_page_shows_service_error_on_field(client, world, course):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    data = {
        "course": course.pk,
        "province": world.oran.pk,
        "venue": "CFPA",
        "starts_on": "2027-01-10",
        "ends_on": "2028-02-25",
        "weekdays": ["1"],
        "capacity": "25",
    }

    response = client.post(reverse("training:cohort_create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"]


def test_cohort_state_page_and_edit_stale_409(client, world, course):
    cohort = _create(world, course)
    client.force_login(world.users[Role.AGENCY_OFFICER])

    client.post(reverse("training:cohort_state", args=[cohort.pk]), {"target": "running", "version": 1})
    form = client.get(reverse("training:cohort_edit", args=[cohort.pk])).context["form"]
    body = {k: v for k, v in form.initial.items() if v is not None}
    body.update(province=world.oran.pk, version=1, trainers=[])
    response = client.post(reverse("training:cohort_edit", args=[cohort.pk]), body)

    cohort.refresh_from_db()
    assert cohort.state == CohortState.RUNNING
    assert response.status_code == 409


def test_cohort_of_another_provider_is_404_for_its_officer(client, world):
    other = OrganizationFactory(kind=OrganizationKind.SPONSOR)
    cohort = CohortFactory(
        course=CourseFactory(programme=ProgrammeFactory(operator=other), provider=other),
        province=province("DZ", "16"),
    )
    client.force_login(world.users[Role.SPONSOR_OFFICER])

    for name in ("cohort_detail", "cohort_edit", "cohort_history"):
        assert client.get(reverse(f"training:{name}", args=[cohort.pk])).status_code == 404, name


def test_cohort_director_cannot_write_403(client, world, course):
    cohort = _create(world, course)
    client.force_login(world.users[Role.DIRECTOR])

    assert client.get(reverse("training:cohort_detail", args=[cohort.pk])).status_code == 200
    assert client.get(reverse("training:cohort_create")).status_code == 403
    assert client.get(reverse("training:cohort_edit", args=[cohort.pk])).status_code == 403
    assert (
        client.post(reverse("training:cohort_state", args=[cohort.pk]), {"target": "cancelled"}).status_code
        == 403
    )
    cohort.refresh_from_db()
    assert cohort.state == CohortState.OPEN


def test_operator_officer_of_another_province_reads_but_does_not_manage(client, world):
    provider = OrganizationFactory(kind=OrganizationKind.SPONSOR)
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=provider)
    cohort = CohortFactory(course=course, province=province("DZ", "16"))
    officer = world.users[Role.AGENCY_OFFICER]
    client.force_login(officer)

    response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))

    assert response.status_code == 200
    assert (response.context["can_manage"], response.context["transitions"]) == (False, [])
    _refused(
        ErrorCode.OUT_OF_SCOPE, lambda: services.set_cohort_state(cohort, CohortState.RUNNING, actor=officer)
    )
