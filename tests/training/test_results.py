"""The passing rule (rowad.training.results), unit: unsaved courses and modules, no database."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from rowad.training.enums import ModuleKind, TrainingResult
from rowad.training.models import Course, CourseModule
from rowad.training.results import describe, evaluate_result, format_mark

pytestmark = pytest.mark.unit


def _course(**kwargs):
    return Course(
        code="fo", min_attendance_rate=kwargs.pop("rate", 80), min_mark=kwargs.pop("min_mark", D(10))
    )


def _module(course, pk, *, min_mark=None, assessed=True):
    return CourseModule(
        pk=pk,
        course=course,
        title_ar=f"وحدة {pk}",
        title_fr=f"Module {pk}",
        hours=10,
        kind=ModuleKind.PRACTICAL,
        is_assessed=assessed,
        min_mark=min_mark,
    )


def _outcomes(evaluation):
    return [(line.rule, line.outcome) for line in evaluation.lines]


def test_result_passes_at_the_attendance_threshold_and_the_pass_mark():
    course = _course()
    evaluation = evaluate_result(course, [_module(course, 1)], D("80.00"), {1: D("10.00")})
    assert evaluation.result == TrainingResult.PASSED
    assert _outcomes(evaluation) == [("attendance", "passed"), ("module", "passed")]


def test_result_fails_just_below_the_attendance_threshold():
    course = _course()
    evaluation = evaluate_result(course, [_module(course, 1)], D("79.99"), {1: D(15)})
    assert evaluation.result == TrainingResult.FAILED
    assert [line.rule for line in evaluation.failing] == ["attendance"]
    assert evaluation.lines[0].params == {"rate": "79.99", "min": 80}


def test_result_fails_just_below_the_pass_mark_with_the_module_as_reason():
    course = _course()
    evaluation = evaluate_result(
        course, [_module(course, 1), _module(course, 2)], D(100), {1: D("9.99"), 2: D(12)}
    )
    assert evaluation.result == TrainingResult.FAILED
    failing = evaluation.failing
    assert [(line.rule, line.params["module_id"], line.params["mark"]) for line in failing] == [
        ("module", 1, "9.99")
    ]


def test_module_own_minimum_overrides_the_course_minimum():
    course = _course(min_mark=D(10))
    strict, lenient = _module(course, 1, min_mark=D(12)), _module(course, 2, min_mark=D(8))
    evaluation = evaluate_result(course, [strict, lenient], D(90), {1: D(11), 2: D(8)})
    assert _outcomes(evaluation)[1:] == [("module", "failed"), ("module", "passed")]
    assert evaluation.lines[1].params["pass_mark"] == "12"


def test_result_pending_while_a_mark_is_missing_even_when_another_fails():
    course = _course()
    evaluation = evaluate_result(course, [_module(course, 1), _module(course, 2)], D(90), {1: D(5)})
    assert evaluation.result == TrainingResult.PENDING
    assert _outcomes(evaluation)[2] == ("module", "pending")
    with translation.override("en"):
        assert describe(evaluation.reasons()[2])["reason"] == "No mark yet for module Module 2."


def test_result_pending_before_the_cohort_ends_and_before_any_half_day():
    course = _course()
    modules = [_module(course, 1)]
    assert evaluate_result(course, modules, D(100), {1: D(20)}, ended=False).result == TrainingResult.PENDING
    assert evaluate_result(course, modules, None, {1: D(20)}).result == TrainingResult.PENDING


def test_best_attempt_is_the_mark_given_and_unassessed_modules_are_skipped():
    course = _course()
    # The caller hands the best mark over the attempts (services.best_marks: Max(mark)).
    modules = [_module(course, 1), _module(course, 2, assessed=False)]
    evaluation = evaluate_result(course, modules, D(85), {1: max(D(7), D("13.5"))})
    assert evaluation.result == TrainingResult.PASSED
    assert len(evaluation.lines) == 2
    assert evaluation.lines[1].params["mark"] == "13.5"


def test_reasons_are_stored_untranslated_and_read_in_each_language():
    course = _course()
    stored = evaluate_result(course, [_module(course, 1)], D("75.5"), {1: D(9)}).reasons()
    assert stored[0]["reason"] == "Attendance %(rate)s%%, below the %(min)s%% required."
    with translation.override("fr"):
        french = describe(stored[1], html=True)
    with translation.override("ar"):
        arabic = describe(stored[1], html=True)
    assert french["label"] == "Module 1"
    assert arabic["label"] == "وحدة 1"
    assert '<bdi dir="ltr">9</bdi>' in arabic["reason"]
    assert arabic["reason"] != french["reason"]


def test_format_mark_drops_trailing_zeros():
    assert [format_mark(v) for v in (D("10.00"), D("12.50"), D("79.99"))] == ["10", "12.5", "79.99"]
