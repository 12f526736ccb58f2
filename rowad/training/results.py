"""The passing rule of a course, in one place: a trainee passes when their attendance
rate reaches the course's minimum and, in every assessed module, their best mark over the
attempts reaches the module's pass mark (its own minimum, else the course's).

`evaluate_result` is pure: it reads the course, its modules, a rate and the best marks it
is given, and returns one line per rule (attendance, then each assessed module in order),
each with its outcome (a `TrainingResult`: passed, failed or pending) and its reason kept
UNTRANSLATED with its values, the way `Enrolment.result_reasons` stores it
(`{"rule", "outcome", "reason", "params"}`); `describe` translates a stored line for the
reader (`rowad.core.errors.translate_stored`).

The result:
- pending while the cohort has not ended (attendance may still change), while it has held
  no half-day, or while an assessed module has no mark;
- passed when every rule passes;
- failed otherwise: every failing rule is a reason. A failed module may still be resat
  (`services.assessments.record_resit`); computing the results again then updates them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rowad.core.errors import translate_stored

from .enums import TrainingResult

ATTENDANCE = "attendance"
MODULE = "module"

# Reasons, stored untranslated (message ids of the catalogue).
ATTENDANCE_PASSED = gettext_noop("Attendance %(rate)s%%, at least the %(min)s%% required.")
ATTENDANCE_FAILED = gettext_noop("Attendance %(rate)s%%, below the %(min)s%% required.")
ATTENDANCE_RUNNING = gettext_noop("Attendance %(rate)s%% so far: final when the cohort ends.")
ATTENDANCE_NONE = gettext_noop("No half-day held yet.")
MODULE_PASSED = gettext_noop("Best mark %(mark)s out of 20, at least the %(pass_mark)s required.")
MODULE_FAILED = gettext_noop("Best mark %(mark)s out of 20, below the %(pass_mark)s required.")
MODULE_PENDING = gettext_noop("No mark yet for module %(module)s.")


@dataclass(frozen=True)
class RuleLine:
    rule: str
    outcome: str
    reason: str
    params: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "outcome": self.outcome, "reason": self.reason, "params": self.params}


@dataclass(frozen=True)
class ResultEvaluation:
    result: str
    lines: tuple[RuleLine, ...]

    def reasons(self) -> list[dict[str, Any]]:
        """What `Enrolment.result_reasons` stores."""
        return [line.as_dict() for line in self.lines]

    @property
    def failing(self) -> tuple[RuleLine, ...]:
        return tuple(line for line in self.lines if line.outcome == TrainingResult.FAILED)


def format_mark(value: Any) -> str:
    """A mark or a rate as people write it: 12.5, 10, 79.99 (no trailing zeros)."""
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    text = format(number.normalize(), "f")
    return text


def _module_params(module: Any) -> dict[str, Any]:
    return {"module_id": module.pk, "module_ar": module.title_ar, "module_fr": module.title_fr}


def evaluate_result(
    course: Any,
    modules: Iterable[Any],
    attendance_rate: Decimal | None,
    best_marks: Mapping[int, Decimal],
    *,
    ended: bool = True,
) -> ResultEvaluation:
    """`modules`: the course's modules (the unassessed ones are skipped); `best_marks`:
    module id → the best mark over the attempts (a module without a mark is absent);
    `ended`: the cohort is over (before that the result stays pending)."""
    lines: list[RuleLine] = []
    minimum = int(course.min_attendance_rate)
    if attendance_rate is None:
        lines.append(RuleLine(ATTENDANCE, TrainingResult.PENDING, ATTENDANCE_NONE, {"min": minimum}))
    else:
        params = {"rate": format_mark(attendance_rate), "min": minimum}
        if not ended:
            lines.append(RuleLine(ATTENDANCE, TrainingResult.PENDING, ATTENDANCE_RUNNING, params))
        elif Decimal(attendance_rate) >= minimum:
            lines.append(RuleLine(ATTENDANCE, TrainingResult.PASSED, ATTENDANCE_PASSED, params))
        else:
            lines.append(RuleLine(ATTENDANCE, TrainingResult.FAILED, ATTENDANCE_FAILED, params))

    for module in modules:
        if not module.is_assessed:
            continue
        params = _module_params(module)
        pass_mark = Decimal(str(module.pass_mark))
        params["pass_mark"] = format_mark(pass_mark)
        best = best_marks.get(module.pk)
        if best is None:
            lines.append(RuleLine(MODULE, TrainingResult.PENDING, MODULE_PENDING, params))
            continue
        params["mark"] = format_mark(best)
        if Decimal(str(best)) >= pass_mark:
            lines.append(RuleLine(MODULE, TrainingResult.PASSED, MODULE_PASSED, params))
        else:
            lines.append(RuleLine(MODULE, TrainingResult.FAILED, MODULE_FAILED, params))

    outcomes = {line.outcome for line in lines}
    if TrainingResult.PENDING in outcomes:
        result = TrainingResult.PENDING
    elif TrainingResult.FAILED in outcomes:
        result = TrainingResult.FAILED
    else:
        result = TrainingResult.PASSED
    return ResultEvaluation(result=result, lines=tuple(lines))


def module_title(params: Mapping[str, Any]) -> str:
    """The module's title stored in a line, in the reader's language."""
    arabic = (translation.get_language() or "ar")[:2] == "ar"
    first, second = ("module_ar", "module_fr") if arabic else ("module_fr", "module_ar")
    return params.get(first) or params.get(second) or ""


def describe(line: Mapping[str, Any], *, html: bool = False) -> dict[str, Any]:
    """A stored line in the active language: {"rule", "outcome", "label", "reason"}. With
    html=True the reason is safe HTML, numbers wrapped in <bdi dir="ltr"> (their order
    holds inside Arabic text) and titles escaped."""
    params = dict(line.get("params") or {})
    rule = line.get("rule", "")
    params["module"] = module_title(params)
    label = params["module"] if rule == MODULE else _("Attendance")
    if html:
        params = {
            key: format_html('<bdi dir="ltr">{}</bdi>', value)
            if key in {"rate", "min", "mark", "pass_mark"}
            else conditional_escape(value)
            for key, value in params.items()
        }
    reason = translate_stored(line.get("reason", ""), params)
    if html:
        # The message is the catalogue's; every value put into it was escaped above.
        reason = mark_safe(reason)  # nosec B308 B703
    return {"rule": rule, "outcome": line.get("outcome", ""), "label": label, "reason": reason}
