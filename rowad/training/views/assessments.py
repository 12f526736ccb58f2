"""Training pages: assessments and results (a module's marks grid, a resit, computing the
cohort's results, an enrolment's result) and the cohort page's results panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.errors import ConflictError, DomainError
from rowad.core.inputs import is_ascii_integer

from .. import queries
from ..attendance import attendance_rate
from ..enums import EnrolmentStatus, TrainingResult
from ..forms.assessments import MarksForm, ResitForm, checklist_label
from ..models import Assessment, Cohort, CourseModule, Enrolment
from ..results import describe
from ..services import assessments as services


@dataclass
class MarkRow:
    """One trainee on the marks page: their attempts in the module shown."""

    enrolment: Enrolment
    attempts: list[Assessment] = field(default_factory=list)
    can_resit: bool = False

    @property
    def first(self) -> Assessment | None:
        return self.attempts[0] if self.attempts and self.attempts[0].attempt == 1 else None

    @property
    def later(self) -> list[Assessment]:
        return [a for a in self.attempts if a.attempt > 1]

    @property
    def locked(self) -> bool:
        """A resit followed the first mark: the first mark no longer changes."""
        return bool(self.later)


def _require_assessor(request: HttpRequest) -> None:
    """Entering marks belongs to trainers and managers (the page; the object is checked by
    `cohorts_assessed_by`)."""
    user = request.user
    if not (user.has_perm("training.teach") or user.has_perm("training.manage_training")):
        raise PermissionDenied


def _assessed_cohort(request: HttpRequest, pk: int) -> Cohort:
    _require_assessor(request)
    return get_object_or_404(queries.cohorts_assessed_by(request.user), pk=pk)


def _enrolled(request: HttpRequest, cohort: Cohort):
    return (
        queries.enrolments_visible_to(request.user)
        .filter(cohort=cohort, status=EnrolmentStatus.ENROLLED)
        .order_by("person__family_name_latin", "person__given_name_latin", "person__family_name_ar", "pk")
    )


def _rows(request: HttpRequest, cohort: Cohort, module: CourseModule) -> list[MarkRow]:
    enrolments = list(_enrolled(request, cohort))
    rows = {e.pk: MarkRow(enrolment=e) for e in enrolments}
    attempts = queries.assessments_visible_to(request.user).filter(module=module, enrolment__in=list(rows))
    for assessment in attempts.order_by("attempt"):
        rows[assessment.enrolment_id].attempts.append(assessment)
    for row in rows.values():
        latest = row.attempts[-1] if row.attempts else None
        row.can_resit = services.resit_allowed(row.enrolment, module, latest) if latest else False
    return list(rows.values())


def _marks_url(cohort: Cohort, module: CourseModule | None) -> str:
    url = reverse("training:marks", kwargs={"pk": cohort.pk})
    return f"{url}?module={module.pk}" if module else url


@login_required
@require_http_methods(["GET", "POST"])
def marks(request: HttpRequest, pk: int) -> HttpResponse:
    """A module's marks for the whole cohort: one row per trainee (a phone shows the rows
    one under the other). The page's version of each mark travels with the form: a mark
    someone changed meanwhile is refused, never overwritten unseen."""
    cohort = _assessed_cohort(request, pk)
    modules = list(
        cohort.course.modules.select_related("course").filter(is_assessed=True).order_by("position", "pk")
    )
    chosen = request.GET.get("module", "")
    module = next((m for m in modules if str(m.pk) == chosen), modules[0] if modules else None)
    context: dict[str, Any] = {"cohort": cohort, "modules": modules, "module": module}
    if module is None:
        return render(request, "training/assessments/marks.html", context)
    rows = _rows(request, cohort, module)
    form = MarksForm(request.POST or None, module=module, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.record_assessments(cohort, module, form.entries(), actor=request.user)
        except ConflictError as exc:
            # Keep what was typed, on the saved marks (shown beside each field): sending
            # again overwrites knowingly.
            rows = _rows(request, cohort, module)
            form = form.rebased(rows)
            form.is_valid()
            form.add_error(None, exc.message)
            context["conflict"] = True
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                ngettext("%(count)s mark was saved.", "%(count)s marks were saved.", len(changed))
                % {"count": len(changed)},
            )
            return redirect(_marks_url(cohort, module))
    context.update(
        form=form,
        rows=rows,
        checklist=[checklist_label(item) for item in module.checklist or []],
    )
    return render(request, "training/assessments/marks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def resit(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    _require_assessor(request)
    enrolment = get_object_or_404(
        queries.enrolments_visible_to(request.user).filter(
            cohort__in=queries.cohorts_assessed_by(request.user).values("pk"),
            status=EnrolmentStatus.ENROLLED,
        ),
        pk=pk,
    )
    module = get_object_or_404(
        CourseModule.objects.select_related("course"),
        pk=module_pk,
        course_id=enrolment.cohort.course_id,
        is_assessed=True,
    )
    attempts = list(
        queries.assessments_visible_to(request.user)
        .filter(enrolment=enrolment, module=module)
        .order_by("attempt")
    )
    latest = attempts[-1] if attempts else None
    allowed = services.resit_allowed(enrolment, module, latest)
    form = ResitForm(request.POST or None, module=module, attempt=(latest.attempt + 1) if latest else 2)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_resit(
                enrolment,
                module,
                mark=data["mark"],
                checklist=data.get("checklist"),
                comment=data.get("comment", ""),
                actor=request.user,
                expected_attempt=data["attempt"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The resit was recorded."))
            return redirect("training:enrolment_result", pk=enrolment.pk)
    return render(
        request,
        "training/assessments/resit.html",
        {
            "enrolment": enrolment,
            "module": module,
            "attempts": attempts,
            "allowed": allowed,
            "form": form,
            "marks_url": _marks_url(enrolment.cohort, module),
        },
    )


@require_POST
@login_required
def compute_results(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _assessed_cohort(request, pk)
    try:
        counts = services.compute_results(cohort, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Results computed: %(passed)s passed, %(failed)s failed, %(pending)s pending.") % counts,
        )
    module = request.POST.get("module", "")
    url = reverse("training:marks", kwargs={"pk": cohort.pk})
    return redirect(f"{url}?module={module}" if is_ascii_integer(module) else url)


def _module_rows(request: HttpRequest, enrolment: Enrolment) -> list[dict[str, Any]]:
    attempts: dict[int, list[Assessment]] = {}
    for assessment in (
        queries.assessments_visible_to(request.user).filter(enrolment=enrolment).order_by("attempt")
    ):
        attempts.setdefault(assessment.module_id, []).append(assessment)
    rows = []
    for module in (
        enrolment.cohort.course.modules.select_related("course")
        .filter(is_assessed=True)
        .order_by("position", "pk")
    ):
        tried = attempts.get(module.pk, [])
        items = module.checklist or []
        for assessment in tried:
            assessment.items_met = [checklist_label(items[i]) for i in assessment.checklist if i < len(items)]
        rows.append(
            {
                "module": module,
                "attempts": tried,
                "best": max((a.mark for a in tried), default=None),
                "can_resit": services.resit_allowed(enrolment, module, tried[-1] if tried else None),
            }
        )
    return rows


@login_required
def enrolment_result(request: HttpRequest, pk: int) -> HttpResponse:
    """The result with each rule's reason and the marks per attempt (the trainee reads
    their own; staff through the cohort)."""
    enrolment = get_object_or_404(queries.enrolments_visible_to(request.user), pk=pk)
    can_assess = queries.cohorts_assessed_by(request.user).filter(pk=enrolment.cohort_id).exists()
    return render(
        request,
        "training/assessments/enrolment_result.html",
        {
            "enrolment": enrolment,
            "reasons": [describe(line, html=True) for line in enrolment.result_reasons],
            "rate": attendance_rate(enrolment),
            "modules": _module_rows(request, enrolment),
            "can_assess": can_assess and enrolment.status == EnrolmentStatus.ENROLLED,
        },
    )


def cohort_panel(request: HttpRequest, cohort: Any) -> dict[str, Any]:
    """Context for this area's panel on the cohort page (training/cohort/_panel_assessments.html):
    per trainee the best mark of each assessed module, the attendance rate, the result and
    its reasons. A trainee reading the cohort sees their own row only."""
    modules = list(
        cohort.course.modules.select_related("course").filter(is_assessed=True).order_by("position", "pk")
    )
    enrolments = list(_enrolled(request, cohort))
    best: dict[tuple[int, int], dict[str, Any]] = {}
    for assessment in queries.assessments_visible_to(request.user).filter(enrolment__in=enrolments):
        key = (assessment.enrolment_id, assessment.module_id)
        cell = best.setdefault(key, {"mark": assessment.mark, "attempts": 0})
        cell["mark"] = max(cell["mark"], assessment.mark)
        cell["attempts"] += 1
    rows = [
        {
            "enrolment": enrolment,
            "cells": [best.get((enrolment.pk, module.pk)) for module in modules],
            "rate": attendance_rate(enrolment),
            # The panel shows why a result is not (yet) passed; the result page shows all.
            "reasons": [
                describe(line, html=True)
                for line in enrolment.result_reasons
                if line.get("outcome") != TrainingResult.PASSED
            ],
        }
        for enrolment in enrolments
    ]
    return {
        "assessment_modules": modules,
        "assessment_rows": rows,
        "can_assess": queries.cohorts_assessed_by(request.user).filter(pk=cohort.pk).exists(),
    }
