"""Training pages: enrolment and the waiting list. Thin: parse a form, call
services.enrolment, say what happened. Writes through the cohorts the user manages
(`cohorts_managed_by`), reads through `cohorts_visible_to` / `enrolments_visible_to`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.errors import DomainError
from rowad.core.history import history_rows
from rowad.dossiers.queries import dossiers_visible_to
from rowad.messaging.queries import messages_about
from rowad.people.queries import search_people

from .. import eligibility, queries
from ..enums import CohortState, EnrolmentSource, EnrolmentStatus
from ..forms.enrolment import (
    CohortChoiceForm,
    DossierEnrolForm,
    PersonEnrolForm,
    RegistrationEnrolForm,
    SearchForm,
    WithdrawForm,
)
from ..models import Cohort
from ..services import enrolment as services

SEARCH_LIMIT = 20
LIST_LIMIT = 50


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _managed_cohort(request: HttpRequest, pk: int) -> Cohort:
    """The permission, then the scope (404 outside it)."""
    _require(request, "training.manage_training")
    return get_object_or_404(queries.cohorts_managed_by(request.user), pk=pk)


def cohort_panel(request: HttpRequest, cohort: Any) -> dict[str, Any]:
    """Context for this area's panel on the cohort page (training/cohort/_panel_enrolment.html):
    the trainees in the order they were enrolled, the waiting list in its order."""
    can_manage = (
        request.user.has_perm("training.manage_training")
        and queries.cohorts_managed_by(request.user).filter(pk=cohort.pk).exists()
    )
    trainees = list(queries.cohort_trainees(cohort))
    return {
        "enrolment_trainees": trainees,
        "enrolment_waiting": list(queries.waiting_list(cohort)),
        "enrolment_seats_free": max(cohort.capacity - len(trainees), 0),
        "enrolment_can_manage": can_manage,
        "enrolment_can_enrol": can_manage and cohort.state == CohortState.OPEN,
        "enrolment_can_withdraw": can_manage and cohort.state in (CohortState.OPEN, CohortState.RUNNING),
    }


def _candidates(cohort: Cohort, people: Any, q: str) -> list[dict[str, Any]]:
    """The people a search found, each with where they stand: in the cohort already, or
    the outcome of the course's prerequisites for them."""
    found = list(search_people(people, q).order_by("sort_name", "id")[:SEARCH_LIMIT])
    statuses = dict(cohort.enrolments.filter(person__in=found).values_list("person_id", "status"))
    rows = []
    for person in found:
        status = statuses.get(person.pk)
        lines = [] if status and status != EnrolmentStatus.WITHDRAWN else eligibility.evaluate(cohort, person)
        rows.append(
            {
                "person": person,
                "status": status,
                "status_label": EnrolmentStatus(status).label if status else "",
                "outcome": eligibility.overall(lines) if lines else "",
                "problems": [
                    eligibility.describe(line.as_dict(), html=True)
                    for line in lines
                    if line.outcome != eligibility.RuleOutcome.PASSED
                ],
                "form": PersonEnrolForm(initial={"person": person.pk}, people=people),
            }
        )
    return rows


def _say_holder_results(request: HttpRequest, results: list[services.HolderResult]) -> None:
    for result in results:
        if result.code == EnrolmentStatus.ENROLLED:
            messages.success(request, result.message)
        elif result.code == EnrolmentStatus.WAITLISTED:
            messages.warning(request, result.message)
        else:
            messages.error(request, result.message)


def _say_enrolled(request: HttpRequest, enrolment: Any) -> None:
    name = enrolment.person.display_name
    if enrolment.status == EnrolmentStatus.ENROLLED:
        messages.success(request, _enrolled_text(name))
    else:
        messages.warning(request, _waitlisted_text(name, queries.waiting_position(enrolment)))


def _enrolled_text(name: str) -> str:
    return _("%(name)s is enrolled.") % {"name": name}


def _waitlisted_text(name: str, position: int | None) -> str:
    return _("%(name)s is number %(position)s on the waiting list.") % {"name": name, "position": position}


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol into a cohort: a person found in the registry (across scripts), a person
    registered at an outreach stop or event, or every holder of an approved dossier."""
    cohort = _managed_cohort(request, pk)
    people = queries.people_enrollable_by(request.user, cohort)
    registrations = queries.registrations_for_cohort(request.user, cohort)
    dossiers = queries.approved_dossiers_for_cohort(request.user, cohort)
    search = SearchForm(request.GET or None)
    dossier_form = DossierEnrolForm(dossiers=dossiers)
    invalid = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "dossier":
                dossier_form = DossierEnrolForm(request.POST, dossiers=dossiers)
                if dossier_form.is_valid():
                    results = services.enrol_dossier_holders(
                        cohort, dossier_form.cleaned_data["dossier"], actor=request.user
                    )
                    _say_holder_results(request, results)
                    return redirect("training:enrol", pk=cohort.pk)
                invalid = dossier_form
            elif action == "registration":
                form = RegistrationEnrolForm(request.POST, registrations=registrations)
                if form.is_valid():
                    enrolment = services.enrol_registration(
                        cohort,
                        form.cleaned_data["registration"],
                        actor=request.user,
                        client_uuid=form.cleaned_data.get("client_uuid"),
                    )
                    _say_enrolled(request, enrolment)
                    return redirect("training:enrol", pk=cohort.pk)
                invalid = form
            else:
                form = PersonEnrolForm(request.POST, people=people)
                if form.is_valid():
                    enrolment = services.enrol(
                        cohort,
                        form.cleaned_data["person"],
                        source=EnrolmentSource.REGISTRY,
                        actor=request.user,
                        client_uuid=form.cleaned_data.get("client_uuid"),
                    )
                    _say_enrolled(request, enrolment)
                    return redirect("training:enrol", pk=cohort.pk)
                invalid = form
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(request.get_full_path())
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    context = {
        "cohort": cohort,
        "search": search,
        "q": q,
        "candidates": _candidates(cohort, people, q) if q else [],
        "can_search": people.exists() if not q else True,
        "registrations": [
            (
                registration,
                RegistrationEnrolForm(initial={"registration": registration.pk}, registrations=registrations),
            )
            for registration in registrations[:SEARCH_LIMIT]
        ],
        "dossier_form": dossier_form,
        "has_dossiers": dossiers.exists(),
        "invalid": invalid,
        **cohort_panel(request, cohort),
    }
    return render(request, "training/enrolment/enrol.html", context)


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "training.view_training")
    enrolment = get_object_or_404(
        queries.enrolments_visible_to(request.user).select_related(
            "cohort__course__programme", "cohort__course__specialty", "dossier", "registration"
        ),
        pk=pk,
    )
    can_manage = (
        request.user.has_perm("training.manage_training")
        and queries.enrolments_managed_by(request.user).filter(pk=enrolment.pk).exists()
    )
    lines = [eligibility.describe(line, html=True) for line in enrolment.eligibility]
    withdrawable = enrolment.status != EnrolmentStatus.WITHDRAWN and enrolment.cohort.state in (
        CohortState.OPEN,
        CohortState.RUNNING,
    )
    context = {
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "lines": lines,
        "outcome": eligibility.overall(enrolment.eligibility) if enrolment.eligibility else "",
        "position": queries.waiting_position(enrolment),
        "dossier_visible": enrolment.dossier_id is not None
        and dossiers_visible_to(request.user).filter(pk=enrolment.dossier_id).exists(),
        "can_withdraw": can_manage and withdrawable,
        "withdraw_form": WithdrawForm(initial={"version": enrolment.version}),
        "history": history_rows(enrolment, limit=20),
        "notices": messages_about(enrolment).order_by("-created_at")[:20] if can_manage else [],
    }
    return render(request, "training/enrolment/detail.html", context)


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@login_required
@require_POST
def enrolment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "training.manage_training")
    enrolment = get_object_or_404(queries.enrolments_managed_by(request.user), pk=pk)
    default = reverse("training:enrolment_detail", kwargs={"pk": enrolment.pk})
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_next_url(request, default))
    try:
        services.withdraw(
            enrolment,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("version"),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_next_url(request, default))
    messages.success(request, _("%(name)s is withdrawn.") % {"name": enrolment.person.display_name})
    return redirect(_next_url(request, default))


@login_required
@require_http_methods(["GET", "POST"])
def enrol_from_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """From the dossier page: enrol every holder of an approved dossier into an open
    cohort of a course in the dossier's specialty."""
    _require(request, "training.manage_training")
    dossier = get_object_or_404(dossiers_visible_to(request.user, roles=queries.MANAGERS), pk=pk)
    cohorts = queries.open_cohorts_for_dossier(request.user, dossier)
    form = CohortChoiceForm(request.POST or None, cohorts=cohorts)
    if request.method == "POST" and form.is_valid():
        cohort = form.cleaned_data["cohort"]
        try:
            results = services.enrol_dossier_holders(cohort, dossier, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            _say_holder_results(request, results)
            return redirect("training:enrol", pk=cohort.pk)
    context = {
        "dossier": dossier,
        "holders": [link.person for link in dossier.holder_links.select_related("person")],
        "form": form,
        "has_cohorts": cohorts.exists(),
        "approved": dossier.state in eligibility.AID_STATES,
    }
    return render(request, "training/enrolment/from_dossier.html", context)
