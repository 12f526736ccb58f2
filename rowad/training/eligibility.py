"""Eligibility to a course: its prerequisites (held as data on the course) evaluated for
one person and one cohort, one line per rule — passed / failed / unknown and why.

The rules are one table (`RULES`, like the dossier's transitions): each rule says when it
applies and how it is checked. Lines are stored on the enrolment untranslated (the
reason's message id and its values) and described in the reader's language when shown
(`describe`), as the dossiers store their eligibility. A name in the values is kept in
every language ({"ar": …, "fr": …, "en": …}) and a code (an education level, a cohort
state) as the code, so each reader gets them in theirs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from rowad.core.enums import EDUCATION_RANK, EducationLevel
from rowad.core.errors import translate_stored, untranslated
from rowad.dossiers.eligibility import AID_STATES, overall
from rowad.dossiers.enums import RuleOutcome
from rowad.dossiers.queries import dossiers_of_person

from .enums import CohortState, EnrolmentStatus, TrainingResult
from .models import Cohort, Enrolment

__all__ = ["RULES", "Line", "RuleOutcome", "describe", "evaluate", "failed_lines", "overall"]

# Cohorts in which a place is still held (open for enrolment, or running).
ACTIVE_COHORT_STATES = (CohortState.OPEN, CohortState.RUNNING)
# Enrolments that hold a place or a spot on the waiting list.
ACTIVE_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)


@dataclass(frozen=True)
class Line:
    rule: str
    outcome: str
    reason: Any  # a lazy message with %(name)s placeholders
    params: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "outcome": str(self.outcome),
            "reason": untranslated(self.reason),
            "params": self.params,
        }


def _names(obj: Any) -> dict[str, str]:
    """A multilingual object's name in each language (resolved by `describe`)."""
    return {"ar": obj.name_ar, "fr": obj.name_fr, "en": getattr(obj, "name_en", "")}


# --- the rules --------------------------------------------------------------------------


def _cohort_open(cohort: Cohort, person: Any, exclude: int | None) -> Line:
    params = {"reference": cohort.reference, "state": cohort.state}
    if cohort.state == CohortState.OPEN:
        return Line(
            "cohort_open", RuleOutcome.PASSED, _("Cohort %(reference)s is open for enrolment."), params
        )
    return Line(
        "cohort_open",
        RuleOutcome.FAILED,
        _("Cohort %(reference)s is not open for enrolment (%(state)s)."),
        params,
    )


def _approved_dossier(cohort: Cohort, person: Any, exclude: int | None) -> Line:
    """An approved dossier (approved, to financing, company created) held by the person in
    the course's specialty — of the course's programme or of any other. A course without
    a specialty asks for an approved dossier of its programme."""
    course = cohort.course
    held = dossiers_of_person(person).filter(state__in=AID_STATES).order_by("-id")
    if course.specialty_id is None:
        matching = list(held.filter(programme_id=course.programme_id)[:5])
        params: dict[str, Any] = {"programme": _names(course.programme)}
        if matching:
            params["references"] = ", ".join(d.reference for d in matching)
            return Line(
                "approved_dossier",
                RuleOutcome.PASSED,
                _("Approved dossier in the programme: %(references)s."),
                params,
            )
        return Line(
            "approved_dossier",
            RuleOutcome.FAILED,
            _("No approved dossier in the programme %(programme)s."),
            params,
        )
    params = {"specialty": _names(course.specialty)}
    matching = sorted(
        held.filter(specialty_id=course.specialty_id)[:5], key=lambda d: d.programme_id != course.programme_id
    )
    if matching:
        params["references"] = ", ".join(d.reference for d in matching)
        return Line(
            "approved_dossier",
            RuleOutcome.PASSED,
            _("Approved dossier in %(specialty)s: %(references)s."),
            params,
        )
    unclassified = list(held.filter(specialty__isnull=True)[:5])
    if unclassified:
        params["references"] = ", ".join(d.reference for d in unclassified)
        return Line(
            "approved_dossier",
            RuleOutcome.UNKNOWN,
            _("An approved dossier has no specialty recorded (%(references)s): is it in %(specialty)s?"),
            params,
        )
    return Line(
        "approved_dossier",
        RuleOutcome.FAILED,
        _("No approved dossier in %(specialty)s."),
        params,
    )


def _education(cohort: Cohort, person: Any, exclude: int | None) -> Line:
    required = cohort.course.min_education
    params = {"level": required, "own": person.education_level}
    if not person.education_level:
        return Line(
            "education",
            RuleOutcome.UNKNOWN,
            _("Education level not recorded; the course requires at least: %(level)s."),
            params,
        )
    if EDUCATION_RANK.get(person.education_level, -1) >= EDUCATION_RANK[required]:
        return Line("education", RuleOutcome.PASSED, _("%(own)s: at least %(level)s."), params)
    return Line("education", RuleOutcome.FAILED, _("%(own)s: below the required %(level)s."), params)


def _not_elsewhere(cohort: Cohort, person: Any, exclude: int | None) -> Line:
    other = (
        Enrolment.objects.filter(
            person=person,
            cohort__course_id=cohort.course_id,
            cohort__state__in=ACTIVE_COHORT_STATES,
            status__in=ACTIVE_STATUSES,
        )
        .exclude(cohort=cohort)
        .exclude(pk=exclude)
        .select_related("cohort")
        .order_by("cohort__starts_on")
        .first()
    )
    if other is None:
        return Line(
            "not_elsewhere",
            RuleOutcome.PASSED,
            _("Not enrolled in another cohort of this course."),
            {},
        )
    params = {"reference": other.cohort.reference, "status": other.status}
    return Line(
        "not_elsewhere",
        RuleOutcome.FAILED,
        _("Already in cohort %(reference)s of this course (%(status)s)."),
        params,
    )


def _not_passed(cohort: Cohort, person: Any, exclude: int | None) -> Line:
    passed = (
        Enrolment.objects.filter(
            person=person, cohort__course_id=cohort.course_id, result=TrainingResult.PASSED
        )
        .select_related("cohort")
        .order_by("-result_at")
        .first()
    )
    if passed is None:
        return Line("not_passed", RuleOutcome.PASSED, _("Has not passed this course yet."), {})
    return Line(
        "not_passed",
        RuleOutcome.FAILED,
        _("Already passed this course (cohort %(reference)s)."),
        {"reference": passed.cohort.reference},
    )


@dataclass(frozen=True)
class Rule:
    code: str
    label: Any
    check: Callable[[Cohort, Any, int | None], Line]
    applies: Callable[[Any], bool] = lambda course: True


RULES: tuple[Rule, ...] = (
    Rule("cohort_open", _("Cohort open for enrolment"), _cohort_open),
    Rule(
        "approved_dossier",
        _("Approved dossier"),
        _approved_dossier,
        applies=lambda course: course.requires_approved_dossier,
    ),
    Rule("education", _("Education level"), _education, applies=lambda course: bool(course.min_education)),
    Rule("not_elsewhere", _("Not in another cohort of the course"), _not_elsewhere),
    Rule("not_passed", _("Course not passed yet"), _not_passed),
)
LABELS = {rule.code: rule.label for rule in RULES}


def evaluate(cohort: Cohort, person: Any, *, exclude: int | None = None) -> list[Line]:
    """The course's prerequisites for `person` in `cohort`, one line per applicable rule.
    `exclude`: the person's own enrolment being re-evaluated (not counted against them)."""
    return [rule.check(cohort, person, exclude) for rule in RULES if rule.applies(cohort.course)]


def failed_lines(lines: list[Line] | list[dict]) -> list[Any]:
    return [line for line in lines if _get(line, "outcome") == RuleOutcome.FAILED]


def _get(line: Line | dict, key: str) -> Any:
    return line.get(key) if isinstance(line, dict) else getattr(line, key)


# --- reading a stored line --------------------------------------------------------------


def _resolve(key: str, value: Any) -> Any:
    """A stored value in the active language: a name kept in every language, an education
    level, a cohort state or an enrolment status code."""
    if isinstance(value, dict):
        language = (translation.get_language() or "ar")[:2]
        return value.get(language) or value.get("fr") or value.get("ar") or ""
    if key in ("level", "own") and value in EDUCATION_RANK:
        return str(EducationLevel(value).label)
    if key == "state" and value in CohortState.values:
        return str(CohortState(value).label)
    if key == "status" and value in EnrolmentStatus.values:
        return str(EnrolmentStatus(value).label)
    return value


def describe(line: dict, *, html: bool = False) -> dict[str, Any]:
    """A stored line in the active language: {"rule", "outcome", "label", "reason"}. With
    html=True the reason is safe HTML: numbers and references wrapped in <bdi dir="ltr">
    (they keep their order inside Arabic text), names escaped."""
    params = {key: _resolve(key, value) for key, value in (line.get("params") or {}).items()}
    if html:
        params = {
            key: format_html('<bdi dir="ltr">{}</bdi>', value)
            if isinstance(value, int | float) or key in ("reference", "references")
            else conditional_escape(value)
            for key, value in params.items()
        }
    reason = translate_stored(line.get("reason", ""), params)
    if html:
        # The catalogue's messages are ours (no markup); every value was escaped above.
        reason = mark_safe(reason)  # nosec B308 B703
    rule = line.get("rule", "")
    return {
        "rule": rule,
        "outcome": line.get("outcome", ""),
        "label": str(LABELS.get(rule, rule)),
        "reason": reason,
    }
