"""Assessments and results: a module's marks for a cohort, a resit, the cohort's results.

Who: the cohort's trainers (`queries.cohorts_taught_by`) and its managers
(`queries.cohorts_managed_by`). Marks are out of 20 with at most two decimals; a
practical module's checklist records which items were met beside the mark (the mark is
the trainer's: the checklist does not compute it). The first mark of a module is
attempt 1; a resit is the next attempt, allowed only when the previous one is below the
module's pass mark, at most `TRAINING_MAX_RESITS` (default 1) times. The result is the
passing rule's (`rowad.training.results`) over the best attempt of each module.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.errors import ConflictError, DomainError

from .. import queries
from ..attendance import attendance_rate
from ..enums import CohortState, EnrolmentStatus, ErrorCode, TrainingResult
from ..models import MARK_SCALE, Assessment, Cohort, CourseModule, Enrolment
from ..results import evaluate_result, format_mark

DEFAULT_MAX_RESITS = 1


def max_resits() -> int:
    return int(getattr(settings, "TRAINING_MAX_RESITS", DEFAULT_MAX_RESITS))


def _check_assessor(cohort: Cohort, actor: Any) -> None:
    if acting_user(actor) is None or not queries.cohorts_assessed_by(actor).filter(pk=cohort.pk).exists():
        raise DomainError(
            _("Only the cohort's trainers and managers can enter its marks and results."),
            code=ErrorCode.NOT_ALLOWED,
            status_code=403,
        )


def _check_module(cohort: Cohort, module: CourseModule) -> None:
    if module.course_id != cohort.course_id:
        raise DomainError(
            _("This module is not a module of the cohort's course."), code=ErrorCode.MODULE_NOT_IN_COURSE
        )
    if not module.is_assessed:
        raise DomainError(_("This module is not assessed."), code=ErrorCode.MODULE_NOT_ASSESSED)


def parse_mark(raw: Any, *, name: str, field: str | None = None) -> Decimal:
    """A mark from 0 to 20 with at most two decimals ("12,5" is read as 12.5)."""
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("%(name)s: enter the mark as a number.") % {"name": name}, code=ErrorCode.BAD_MARK, field=field
        ) from None
    if not value.is_finite() or value < 0 or value > MARK_SCALE:
        raise DomainError(
            _("%(name)s: the mark must be between 0 and %(max)s.") % {"name": name, "max": MARK_SCALE},
            code=ErrorCode.MARK_OUT_OF_RANGE,
            field=field,
        )
    if value != value.quantize(Decimal("0.01")):
        raise DomainError(
            _("%(name)s: use at most two decimals.") % {"name": name}, code=ErrorCode.BAD_MARK, field=field
        )
    return value.quantize(Decimal("0.01"))


def parse_checklist(module: CourseModule, items: Iterable[Any] | None, *, name: str) -> list[int]:
    """The indexes of the module's checklist items that were met, sorted, each once."""
    size = len(module.checklist or [])
    met: set[int] = set()
    for item in items or ():
        try:
            index = int(item)
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < size:
            raise DomainError(
                _("%(name)s: this item is not on the module's checklist.") % {"name": name},
                code=ErrorCode.BAD_CHECKLIST,
            )
        met.add(index)
    return sorted(met)


def _enrolled(cohort: Cohort, ids: Iterable[int]) -> dict[int, Enrolment]:
    """The cohort's enrolled trainees among `ids`, locked; any other id is refused."""
    ids = {int(i) for i in ids}
    rows = {
        e.pk: e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk__in=ids, cohort=cohort, status=EnrolmentStatus.ENROLLED)
    }
    if set(rows) != ids:
        raise DomainError(
            _("Marks can be entered only for the trainees enrolled in this cohort."),
            code=ErrorCode.NOT_ENROLLED,
        )
    return rows


def assessment_token(assessment: Assessment | None) -> str:
    """What the marks form carries for each trainee: the version of the mark it loaded."""
    return assessment.updated_at.isoformat() if assessment is not None else ""


def _same(assessment: Assessment | None, mark: Decimal, checklist: list[int], comment: str) -> bool:
    return assessment is not None and (assessment.mark, list(assessment.checklist), assessment.comment) == (
        mark,
        checklist,
        comment,
    )


def record_assessments(
    cohort: Cohort,
    module: CourseModule,
    marks: Mapping[int, Mapping[str, Any]],
    *,
    actor: Any,
    assessed_on: datetime.date | None = None,
) -> list[Assessment]:
    """Record a module's first marks (attempt 1) for several trainees at once.

    `marks`: enrolment id → {"mark", "checklist" (indexes met), "comment", "loaded"}; a
    blank mark leaves that trainee as they were (a mark once entered is corrected, never
    erased). `loaded` is the `assessment_token` the form showed: a mark someone else
    changed since then is refused (stale edit) unless the same values are sent again (a
    double submit saves once). A first mark followed by a resit is no longer corrected
    here. All or nothing: one bad row refuses the whole grid. Returns what changed."""
    _check_assessor(cohort, actor)
    _check_module(cohort, module)
    on = assessed_on or timezone.localdate()
    with transaction.atomic():
        enrolments = _enrolled(cohort, marks)
        existing = {
            a.enrolment_id: a
            for a in Assessment.objects.select_for_update(of=("self",)).filter(
                module=module, enrolment__in=list(enrolments), attempt=1
            )
        }
        resat = set(
            Assessment.objects.filter(
                module=module, enrolment__in=list(enrolments), attempt__gt=1
            ).values_list("enrolment_id", flat=True)
        )
        parsed: dict[int, tuple[Decimal, list[int], str]] = {}
        stale: list[str] = []
        for enrolment_id, entry in marks.items():
            enrolment = enrolments[int(enrolment_id)]
            name = enrolment.person.display_name
            if str(entry.get("mark") if entry.get("mark") is not None else "").strip() == "":
                if entry.get("checklist") or (entry.get("comment") or "").strip():
                    # A checklist or a comment without a mark would be lost: ask for it.
                    raise DomainError(
                        _("%(name)s: enter the mark as a number.") % {"name": name},
                        code=ErrorCode.BAD_MARK,
                        field=f"mark_{enrolment.pk}",
                    )
                continue
            mark = parse_mark(entry["mark"], name=name, field=f"mark_{enrolment.pk}")
            checklist = parse_checklist(module, entry.get("checklist"), name=name)
            comment = (entry.get("comment") or "").strip()[:2000]
            current = existing.get(enrolment.pk)
            if _same(current, mark, checklist, comment):
                continue
            if enrolment.pk in resat:
                raise DomainError(
                    _("%(name)s: a resit was recorded after this mark; the first mark can no longer change.")
                    % {"name": name},
                    code=ErrorCode.MARK_LOCKED_BY_RESIT,
                    field=f"mark_{enrolment.pk}",
                )
            loaded = entry.get("loaded")
            if loaded is not None and loaded != assessment_token(current):
                stale.append(name)
            parsed[enrolment.pk] = (mark, checklist, comment)
        if stale:
            raise ConflictError(
                _(
                    "Someone changed these marks since you opened the page: %(names)s. "
                    "Review the saved marks and enter yours again."
                )
                % {"names": ", ".join(stale)},
                code=ErrorCode.STALE_EDIT,
            )
        changed: list[Assessment] = []
        for enrolment_id, (mark, checklist, comment) in parsed.items():
            assessment = existing.get(enrolment_id) or Assessment(
                enrolment=enrolments[enrolment_id], module=module, attempt=1
            )
            assessment.mark, assessment.checklist, assessment.comment = mark, checklist, comment
            assessment.assessed_on = on
            assessment.assessed_by = acting_user(actor)
            assessment._history_user = acting_user(actor)
            assessment.save()
            changed.append(assessment)
        if changed:
            record_action(
                "training.assessment.recorded",
                cohort,
                actor=actor,
                module=module.pk,
                attempt=1,
                marks={str(a.enrolment_id): str(a.mark) for a in changed},
            )
            for assessment in changed:
                _refresh_result(enrolments[assessment.enrolment_id], actor=actor)
    return changed


def latest_attempt(enrolment: Enrolment, module: CourseModule) -> Assessment | None:
    return Assessment.objects.filter(enrolment=enrolment, module=module).order_by("-attempt").first()


def resit_allowed(enrolment: Enrolment, module: CourseModule, latest: Assessment | None = None) -> bool:
    """The latest attempt is below the pass mark and resits remain."""
    latest = latest if latest is not None else latest_attempt(enrolment, module)
    return latest is not None and latest.mark < module.pass_mark and latest.attempt <= max_resits()


def record_resit(
    enrolment: Enrolment,
    module: CourseModule,
    *,
    mark: Any,
    checklist: Iterable[Any] | None = None,
    comment: str = "",
    actor: Any,
    expected_attempt: int | None = None,
    assessed_on: datetime.date | None = None,
) -> Assessment:
    """Record a resit: the next attempt after a failed one. `expected_attempt`: the attempt
    number the form offered; the same resit sent twice is recorded once, a resit someone
    else recorded meanwhile is refused (stale edit)."""
    cohort = enrolment.cohort
    _check_assessor(cohort, actor)
    _check_module(cohort, module)
    name = enrolment.person.display_name
    value = parse_mark(mark, name=name, field="mark")
    met = parse_checklist(module, checklist, name=name)
    comment = (comment or "").strip()[:2000]
    with transaction.atomic():
        locked = _enrolled(cohort, [enrolment.pk])[enrolment.pk]
        latest = latest_attempt(locked, module)
        if expected_attempt is not None and latest is not None and latest.attempt >= int(expected_attempt):
            if latest.attempt == int(expected_attempt) and _same(latest, value, met, comment):
                return latest  # the same resit sent again
            raise ConflictError(
                _("A resit was recorded for %(name)s since you opened the page. Review it first.")
                % {"name": name},
                code=ErrorCode.STALE_EDIT,
            )
        if latest is None:
            raise DomainError(
                _("%(name)s has no mark in this module yet: enter the first mark on the marks page.")
                % {"name": name},
                code=ErrorCode.NO_FIRST_MARK,
            )
        if latest.mark >= module.pass_mark:
            raise DomainError(
                _("%(name)s passed this module (%(mark)s/20): no resit is needed.")
                % {"name": name, "mark": format_mark(latest.mark)},
                code=ErrorCode.RESIT_NOT_NEEDED,
            )
        if latest.attempt > max_resits():
            raise DomainError(
                _("%(name)s already had the %(count)s resit(s) allowed in this module.")
                % {"name": name, "count": max_resits()},
                code=ErrorCode.RESIT_LIMIT,
            )
        assessment = Assessment(
            enrolment=locked,
            module=module,
            attempt=latest.attempt + 1,
            mark=value,
            checklist=met,
            comment=comment,
            assessed_on=assessed_on or timezone.localdate(),
            assessed_by=acting_user(actor),
        )
        assessment._history_user = acting_user(actor)
        assessment.save()
        record_action(
            "training.assessment.resat",
            assessment,
            actor=actor,
            enrolment=locked.pk,
            module=module.pk,
            attempt=assessment.attempt,
            mark=str(value),
        )
        _refresh_result(locked, actor=actor)
    return assessment


def cohort_ended(cohort: Cohort) -> bool:
    return cohort.state == CohortState.COMPLETED or timezone.localdate() > cohort.ends_on


def best_marks(enrolment: Enrolment) -> dict[int, Decimal]:
    """Module id → the best mark over the enrolment's attempts."""
    return dict(
        Assessment.objects.filter(enrolment=enrolment)
        .values("module_id")
        .annotate(best=Max("mark"))
        .values_list("module_id", "best")
    )


def _evaluate(enrolment: Enrolment, modules: list[CourseModule], ended: bool):
    return evaluate_result(
        enrolment.cohort.course, modules, attendance_rate(enrolment), best_marks(enrolment), ended=ended
    )


def _write_result(enrolment: Enrolment, evaluation: Any, *, actor: Any) -> bool:
    """Save the evaluation on the (locked) enrolment; False when it was already that."""
    reasons = evaluation.reasons()
    if enrolment.result == evaluation.result and enrolment.result_reasons == reasons:
        return False
    enrolment.result = evaluation.result
    enrolment.result_reasons = reasons
    enrolment.result_at = None if evaluation.result == TrainingResult.PENDING else timezone.now()
    enrolment.version += 1
    enrolment._history_user = acting_user(actor)
    enrolment.save(update_fields=["result", "result_reasons", "result_at", "version", "updated_at"])
    return True


def _refresh_result(enrolment: Enrolment, *, actor: Any) -> None:
    """After a mark changes: a result already given is given again (a passed resit flips
    a failed result); a result never computed waits for `compute_results`."""
    if not enrolment.result_reasons:
        return
    cohort = enrolment.cohort
    modules = list(cohort.course.modules.select_related("course"))
    _write_result(enrolment, _evaluate(enrolment, modules, cohort_ended(cohort)), actor=actor)


def compute_results(cohort: Cohort, *, actor: Any) -> dict[str, int]:
    """Give every enrolled trainee of the cohort their result by the passing rule (with
    each rule's reason). Safe to call again: a result that did not change is not written
    again; after a resit or a corrected mark it is updated. Returns the count per result
    and how many changed."""
    _check_assessor(cohort, actor)
    ended = cohort_ended(cohort)
    modules = list(cohort.course.modules.select_related("course"))
    counts = {value: 0 for value in TrainingResult.values} | {"changed": 0}
    with transaction.atomic():
        enrolments = Enrolment.objects.select_for_update(of=("self",)).filter(
            cohort=cohort, status=EnrolmentStatus.ENROLLED
        )
        for enrolment in enrolments.select_related("cohort__course"):
            evaluation = _evaluate(enrolment, modules, ended)
            counts[evaluation.result] += 1
            if _write_result(enrolment, evaluation, actor=actor):
                counts["changed"] += 1
        record_action("training.cohort.results_computed", cohort, actor=actor, ended=ended, **counts)
    return counts
