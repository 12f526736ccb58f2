"""Marks, resits and results through the services and the pages (integration)."""

import datetime
from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.core.errors import ConflictError, DomainError
from rowad.core.models import AuditEntry
from rowad.training.attendance import attendance_rate, held_half_days
from rowad.training.enums import AttendanceStatus, EnrolmentStatus, ErrorCode, TrainingResult
from rowad.training.models import Assessment, AttendanceMark, Enrolment
from rowad.training.services import assessments as services
from rowad.training.views.assessments import cohort_panel
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.matrix.base import form_body
from tests.training.factories import CohortFactory, CourseFactory, CourseModuleFactory, EnrolmentFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def setting(world):
    """A finished cohort of the Oran agency's course, taught by the world's trainer, with
    two assessed modules (the second practical, with a checklist) and two trainees who
    attended every half-day."""
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), min_mark=10)
    theory = CourseModuleFactory(course=course, position=1)
    practical = CourseModuleFactory(
        course=course,
        position=2,
        kind="practical",
        min_mark=12,
        checklist=[{"ar": "لحام", "fr": "Soudure"}] * 3,
    )
    CourseModuleFactory(course=course, position=3, is_assessed=False)
    today = timezone.localdate()
    cohort = CohortFactory(
        course=course,
        province=world.oran,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=2),
        trainers=[world.users[Role.TRAINER]],
    )
    first, second = EnrolmentFactory(cohort=cohort), EnrolmentFactory(cohort=cohort)
    for enrolment in (first, second):
        attend(enrolment)
    return cohort, theory, practical, first, second


def attend(enrolment, *, absent=0):
    now = timezone.now()
    held = held_half_days(enrolment.cohort)
    AttendanceMark.objects.bulk_create(
        AttendanceMark(
            enrolment=enrolment,
            day=day,
            half_day=half,
            status=AttendanceStatus.ABSENT if index < absent else AttendanceStatus.PRESENT,
            taken_at=now,
        )
        for index, (day, half) in enumerate(held)
    )


def grid(*rows):
    return {enrolment.pk: {"mark": mark, "checklist": [], "comment": ""} for enrolment, mark in rows}


def test_attendance_rate_counts_present_and_late_over_held_half_days(setting):
    cohort, *_, first, second = setting
    held = len(held_half_days(cohort))
    ids = list(
        AttendanceMark.objects.filter(enrolment=second)
        .order_by("day", "half_day")
        .values_list("pk", flat=True)
    )
    AttendanceMark.objects.filter(pk__in=ids[:2]).update(status=AttendanceStatus.ABSENT)
    AttendanceMark.objects.filter(pk=ids[2]).update(status=AttendanceStatus.LATE)
    assert attendance_rate(first) == D(100)
    # One decimal, half up (training.attendance.rate): e.g. 40 of 42 is 95.2 %. (Compared at
    # two decimals rounded down, this test failed whenever the number of half-days held so
    # far, which grows with the clock, gave a third significant decimal.)
    assert attendance_rate(second) == (D(held - 2) * 100 / held).quantize(D("0.1"), rounding="ROUND_HALF_UP")


def test_record_assessments_refuses_marks_out_of_range(setting, world):
    cohort, theory, _, first, second = setting
    trainer = world.users[Role.TRAINER]
    for bad, code in (
        ("20.5", ErrorCode.MARK_OUT_OF_RANGE),
        ("-1", ErrorCode.MARK_OUT_OF_RANGE),
        ("douze", ErrorCode.BAD_MARK),
        ("12.345", ErrorCode.BAD_MARK),
    ):
        with pytest.raises(DomainError) as error:
            services.record_assessments(cohort, theory, grid((first, "14"), (second, bad)), actor=trainer)
        assert error.value.code == code
        assert error.value.field == f"mark_{second.pk}"
    assert Assessment.objects.count() == 0


def test_record_assessments_refuses_a_trainee_not_enrolled(setting, world):
    cohort, theory, _, first, _ = setting
    elsewhere = EnrolmentFactory(cohort=CohortFactory(course=cohort.course, province=world.oran))
    waiting = EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.WAITLISTED)
    for stranger in (elsewhere, waiting):
        with pytest.raises(DomainError) as error:
            services.record_assessments(
                cohort, theory, grid((first, "12"), (stranger, "12")), actor=world.users[Role.TRAINER]
            )
        assert error.value.code == ErrorCode.NOT_ENROLLED
    assert Assessment.objects.count() == 0


def test_record_assessments_refuses_a_trainer_of_another_cohort(setting, world):
    cohort, theory, _, first, _ = setting
    other_trainer = UserFactory(username="trainer-other")
    MembershipFactory(
        user=other_trainer, organization=world.oran_agency, role=Role.TRAINER, provinces=[world.oran]
    )
    CohortFactory(course=cohort.course, province=world.oran, trainers=[other_trainer])
    for who in (other_trainer, world.users[Role.DIRECTOR], world.outsider):
        with pytest.raises(DomainError) as error:
            services.record_assessments(cohort, theory, grid((first, "12")), actor=who)
        assert (error.value.code, error.value.status_code) == (ErrorCode.NOT_ALLOWED, 403)
    assert Assessment.objects.count() == 0


def test_record_assessments_refuses_a_module_of_another_course(setting, world):
    cohort, _, _, first, _ = setting
    foreign = CourseModuleFactory(course=CourseFactory(programme=cohort.course.programme))
    with pytest.raises(DomainError) as error:
        services.record_assessments(cohort, foreign, grid((first, "12")), actor=world.users[Role.TRAINER])
    assert error.value.code == ErrorCode.MODULE_NOT_IN_COURSE


def test_record_assessments_saves_marks_checklist_history_and_audit(setting, world):
    cohort, _, practical, first, second = setting
    trainer = world.users[Role.TRAINER]
    marks = {
        first.pk: {"mark": "13,5", "checklist": ["2", "0", "2"], "comment": " soigné "},
        second.pk: {"mark": "", "checklist": [], "comment": ""},
    }
    changed = services.record_assessments(cohort, practical, marks, actor=trainer)
    saved = Assessment.objects.get()
    assert (saved.enrolment, saved.attempt, saved.mark, saved.checklist, saved.comment) == (
        first,
        1,
        D("13.50"),
        [0, 2],
        "soigné",
    )
    assert changed == [saved]
    assert saved.history.get().history_user == trainer
    entry = AuditEntry.objects.get(action="training.assessment.recorded")
    assert entry.data["marks"] == {str(first.pk): "13.50"}
    with pytest.raises(DomainError) as error:
        services.record_assessments(
            cohort, practical, {first.pk: {"mark": "13", "checklist": [3]}}, actor=trainer
        )
    assert error.value.code == ErrorCode.BAD_CHECKLIST
    # A checklist without a mark is not dropped silently.
    with pytest.raises(DomainError) as error:
        services.record_assessments(
            cohort, practical, {second.pk: {"mark": "", "checklist": [1]}}, actor=trainer
        )
    assert (error.value.code, error.value.field) == (ErrorCode.BAD_MARK, f"mark_{second.pk}")


def test_record_assessments_refuses_a_stale_mark_and_saves_a_double_submit_once(setting, world):
    cohort, theory, _, first, _ = setting
    trainer, officer = world.users[Role.TRAINER], world.users[Role.AGENCY_OFFICER]
    services.record_assessments(cohort, theory, grid((first, "9")), actor=officer)
    loaded = services.assessment_token(Assessment.objects.get())
    # The trainer's page showed the mark the officer saved: sending it twice saves once.
    entry = {first.pk: {"mark": "11", "loaded": loaded}}
    assert len(services.record_assessments(cohort, theory, entry, actor=trainer)) == 1
    assert services.record_assessments(cohort, theory, entry, actor=trainer) == []
    # A page opened before that save, with another mark, is refused: nothing overwritten.
    with pytest.raises(ConflictError) as error:
        services.record_assessments(
            cohort, theory, {first.pk: {"mark": "15", "loaded": loaded}}, actor=officer
        )
    assert error.value.code == ErrorCode.STALE_EDIT
    assert Assessment.objects.get().mark == D(11)


def test_record_resit_only_after_failing_and_once_by_default(setting, world, settings):
    cohort, theory, _practical, first, second = setting
    trainer = world.users[Role.TRAINER]
    with pytest.raises(DomainError) as error:
        services.record_resit(first, theory, mark="12", actor=trainer)
    assert error.value.code == ErrorCode.NO_FIRST_MARK
    services.record_assessments(cohort, theory, grid((first, "10"), (second, "8")), actor=trainer)
    with pytest.raises(DomainError) as error:
        services.record_resit(first, theory, mark="12", actor=trainer)
    assert error.value.code == ErrorCode.RESIT_NOT_NEEDED

    resit = services.record_resit(second, theory, mark="9", actor=trainer, expected_attempt=2)
    assert (resit.attempt, resit.mark) == (2, D(9))
    # The same form sent twice: recorded once.
    assert services.record_resit(second, theory, mark="9", actor=trainer, expected_attempt=2) == resit
    with pytest.raises(DomainError) as error:
        services.record_resit(second, theory, mark="14", actor=trainer)
    assert error.value.code == ErrorCode.RESIT_LIMIT
    settings.TRAINING_MAX_RESITS = 2
    assert services.record_resit(second, theory, mark="14", actor=trainer).attempt == 3
    # The first mark is locked once a resit follows it.
    with pytest.raises(DomainError) as error:
        services.record_assessments(cohort, theory, grid((second, "10")), actor=trainer)
    assert error.value.code == ErrorCode.MARK_LOCKED_BY_RESIT


def test_compute_results_flips_to_passed_after_a_resit(setting, world):
    cohort, theory, practical, first, second = setting
    trainer = world.users[Role.TRAINER]
    services.record_assessments(cohort, theory, grid((first, "15"), (second, "15")), actor=trainer)
    services.record_assessments(cohort, practical, grid((first, "12"), (second, "11.99")), actor=trainer)
    counts = services.compute_results(cohort, actor=trainer)
    assert (counts["passed"], counts["failed"], counts["pending"]) == (1, 1, 0)
    second.refresh_from_db()
    assert second.result == TrainingResult.FAILED
    assert [(r["rule"], r["outcome"], r["params"]["mark"]) for r in second.result_reasons[1:]] == [
        ("module", "passed", "15"),
        ("module", "failed", "11.99"),
    ]
    assert second.result_at is not None

    services.record_resit(second, practical, mark="12.5", checklist=[0, 1], actor=trainer)
    second.refresh_from_db()
    assert second.result == TrainingResult.PASSED
    assert services.compute_results(cohort, actor=trainer)["passed"] == 2


def test_compute_results_is_idempotent(setting, world):
    cohort, theory, practical, first, second = setting
    officer = world.users[Role.AGENCY_OFFICER]
    services.record_assessments(cohort, theory, grid((first, "15"), (second, "4")), actor=officer)
    services.record_assessments(cohort, practical, grid((first, "15")), actor=officer)
    assert services.compute_results(cohort, actor=officer)["changed"] == 2
    before = [
        (e.result, e.result_reasons, e.result_at, e.history.count()) for e in Enrolment.objects.order_by("pk")
    ]
    again = services.compute_results(cohort, actor=officer)
    after = [
        (e.result, e.result_reasons, e.result_at, e.history.count()) for e in Enrolment.objects.order_by("pk")
    ]
    assert again == {"pending": 1, "passed": 1, "failed": 0, "changed": 0}
    assert after == before
    assert [e.result for e in Enrolment.objects.order_by("pk")] == ["passed", "pending"]
    assert AuditEntry.objects.filter(action="training.cohort.results_computed").count() == 2


def test_compute_results_fails_on_attendance_below_the_minimum(setting, world):
    cohort, theory, practical, first, _ = setting
    AttendanceMark.objects.filter(enrolment=first).delete()
    held = len(held_half_days(cohort))
    attend(first, absent=held // 4)  # 75 % attended, the course asks 80 %
    trainer = world.users[Role.TRAINER]
    services.record_assessments(cohort, theory, grid((first, "20")), actor=trainer)
    services.record_assessments(cohort, practical, grid((first, "20")), actor=trainer)
    services.compute_results(cohort, actor=trainer)
    first.refresh_from_db()
    assert first.result == TrainingResult.FAILED
    assert [r["rule"] for r in first.result_reasons if r["outcome"] == "failed"] == ["attendance"]


def test_results_stay_pending_while_the_cohort_runs(setting, world):
    cohort, theory, practical, first, _ = setting
    cohort.ends_on = timezone.localdate() + datetime.timedelta(days=5)
    cohort.save()
    officer = world.users[Role.AGENCY_OFFICER]
    services.record_assessments(cohort, theory, grid((first, "20")), actor=officer)
    services.record_assessments(cohort, practical, grid((first, "20")), actor=officer)
    services.compute_results(cohort, actor=officer)
    first.refresh_from_db()
    assert (first.result, first.result_reasons[0]["outcome"], first.result_at) == ("pending", "pending", None)


def test_marks_page_saves_the_grid_and_shows_errors_on_the_field(setting, world, client):
    cohort, _theory, practical, first, second = setting
    client.force_login(world.users[Role.TRAINER])
    url = reverse("training:marks", kwargs={"pk": cohort.pk}) + f"?module={practical.pk}"
    page = client.get(url)
    assert page.status_code == 200
    body = {
        f"mark_{first.pk}": "14",
        f"checklist_{first.pk}": ["0", "2"],
        f"comment_{first.pk}": "",
        f"loaded_{first.pk}": "",
        f"mark_{second.pk}": "25",
        f"loaded_{second.pk}": "",
    }
    response = client.post(url, body)
    assert response.status_code == 200
    assert "between 0 and 20" in response.content.decode()
    assert Assessment.objects.count() == 0
    body[f"mark_{second.pk}"] = "8"
    response = client.post(url, body)
    assert response.status_code == 302
    assert sorted(Assessment.objects.values_list("mark", "checklist")) == [(D(8), []), (D(14), [0, 2])]
    result_page = client.get(reverse("training:enrolment_result", kwargs={"pk": second.pk}))
    assert (
        reverse("training:resit", kwargs={"pk": second.pk, "module_pk": practical.pk})
        in result_page.content.decode()
    )


def test_cohort_panel_shows_marks_attendance_and_reasons_and_a_trainee_only_their_own_row(setting, world, rf):
    cohort, theory, _, first, second = setting
    first.person.user = world.users[Role.PROJECT_HOLDER]
    first.person.save()
    officer = world.users[Role.AGENCY_OFFICER]
    services.record_assessments(cohort, theory, grid((first, "15"), (second, "7.5")), actor=officer)
    services.compute_results(cohort, actor=officer)

    def panel(user):
        request = rf.get("/")
        request.user = user
        context = cohort_panel(request, cohort)
        return context, render_to_string(
            "training/cohort/_panel_assessments.html", {**context, "cohort": cohort}, request=request
        )

    context, html = panel(officer)
    assert [row["enrolment"] for row in context["assessment_rows"]] == [first, second]
    assert [cell and cell["mark"] for cell in context["assessment_rows"][1]["cells"]] == [D("7.5"), None]
    assert context["assessment_rows"][1]["rate"] == D(100)
    assert "No mark yet for module" in html and reverse("training:marks", kwargs={"pk": cohort.pk}) in html
    context, html = panel(world.users[Role.PROJECT_HOLDER])
    assert [row["enrolment"] for row in context["assessment_rows"]] == [first]
    assert context["can_assess"] is False
    assert reverse("training:enrolment_result", kwargs={"pk": second.pk}) not in html


def page_body(form, **changes) -> dict:
    """What a browser sends for the marks page as shown: each field and, for the fields
    that carry it, the value the page showed (`initial-…`)."""
    body = form_body(form)
    for name, field in form.fields.items():
        if field.show_hidden_initial:
            key = form.add_initial_prefix(name)
            shown = form.data.getlist(key) if form.is_bound and key in form.data else form[name].initial
            body[key] = shown if isinstance(shown, list) else str(shown)
    return {**body, **changes}


def test_marks_page_saves_only_the_rows_changed_and_refuses_a_row_changed_meanwhile(setting, world, client):
    cohort, theory, _, first, second = setting
    officer, trainer = world.users[Role.AGENCY_OFFICER], world.users[Role.TRAINER]
    services.record_assessments(cohort, theory, grid((first, "9"), (second, "9")), actor=officer)
    client.force_login(trainer)
    url = reverse("training:marks", kwargs={"pk": cohort.pk}) + f"?module={theory.pk}"
    shown = client.get(url).context["form"]
    # Meanwhile the officer corrects both trainees.
    services.record_assessments(cohort, theory, grid((first, "11"), (second, "12")), actor=officer)

    # The trainer changes the second trainee only: the first keeps the officer's mark.
    response = client.post(url, page_body(shown, **{f"mark_{second.pk}": "14"}))
    assert response.status_code == 200
    assert "Someone changed these marks" in response.content.decode()
    assert dict(Assessment.objects.values_list("enrolment_id", "mark")) == {first.pk: D(11), second.pk: D(12)}
    # Sent again from the page that now shows the saved marks, it is saved knowingly.
    response = client.post(url, page_body(response.context["form"]))
    assert response.status_code == 302
    assert dict(Assessment.objects.values_list("enrolment_id", "mark")) == {first.pk: D(11), second.pk: D(14)}
