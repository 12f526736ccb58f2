"""Training pages: cohorts (list, timetable, trainers, state) and the cohort page, which
gathers each area's panel (views/panels.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.errors import DomainError
from rowad.core.history import history_rows
from rowad.core.models import Province
from rowad.core.pagination import CappedPaginator

from .. import queries
from ..enums import CohortState
from ..forms.cohorts import WEEKDAY_LABELS, CohortFilterForm, CohortForm, CohortStateForm
from ..models import Cohort
from ..services import cohorts as services
from .catalogue import MANAGE, VIEW, require, save_form
from .panels import cohort_panels

PAGE_SIZE = 25


def cohort_for(request: HttpRequest, pk: int, *, manage: bool = False) -> Cohort:
    """The permission, then the scope (404 outside)."""
    require(request, MANAGE if manage else VIEW)
    queryset = queries.cohorts_managed_by if manage else queries.cohorts_visible_to
    return get_object_or_404(queryset(request.user), pk=pk)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    cohorts = queries.cohorts_visible_to(request.user)
    form = CohortFilterForm(
        request.GET or None,
        courses=queries.courses_visible_to(request.user).order_by("code"),
        provinces=Province.objects.filter(pk__in=cohorts.values("province_id")).order_by("code"),
    )
    cohorts = queries.filter_cohorts(cohorts, **form.filters()).order_by("-starts_on", "reference")
    page = CappedPaginator(cohorts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/cohort_list.html",
        {
            "form": form,
            "page": page,
            "query_string": _query_without_page(request),
            "can_create": request.user.has_perm(MANAGE),
        },
    )


def _placeable_provinces(request: HttpRequest):
    """Provinces a cohort may be placed in by this user: those of their agency-officer
    memberships; every province for a provider's officer (the service checks the pair)."""
    scope = scope_for(request.user)
    provider_ids = [grant.organization_id for grant in scope.grants_for(*queries.MANAGERS)]
    if (
        scope.is_platform_admin
        or queries.courses_visible_to(request.user).filter(provider_id__in=provider_ids).exists()
    ):
        return Province.objects.select_related("country").order_by("country", "code")
    ids = {pk for grant in scope.grants_for(Role.AGENCY_OFFICER) for pk in grant.province_ids}
    return Province.objects.filter(pk__in=ids).order_by("country", "code")


def _cohort_form(request: HttpRequest, instance: Cohort | None = None) -> CohortForm:
    courses = queries.courses_visible_to(request.user).filter(is_active=True).order_by("code")
    provinces = _placeable_provinces(request)
    if instance is not None:
        provider_ids = [instance.course.provider_id]
        provinces = (provinces | Province.objects.filter(pk=instance.province_id)).distinct()
    else:
        provider_ids = courses.values("provider_id")
    initial = (
        {"course": request.GET.get("course")} if instance is None and request.GET.get("course") else None
    )
    return CohortForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        courses=courses,
        provinces=provinces,
        trainers=queries.trainers_of(provider_ids),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    require(request, MANAGE)
    form = _cohort_form(request)
    cohort, _conflict = save_form(
        request,
        form,
        lambda: services.create_cohort(
            form.cleaned_data["course"],
            data=form.cohort_data(),
            trainers=form.cleaned_data["trainers"],
            actor=request.user,
        ),
    )
    if cohort is not None:
        messages.success(
            request, _("The cohort %(reference)s was created.") % {"reference": cohort.reference}
        )
        return redirect("training:cohort_detail", pk=cohort.pk)
    return render(request, "training/cohort_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_for(request, pk, manage=True)
    form = _cohort_form(request, cohort)
    saved, conflict = save_form(
        request,
        form,
        lambda: services.update_cohort(
            cohort,
            data=form.cohort_data(),
            trainers=form.cleaned_data["trainers"],
            actor=request.user,
            version=form.cleaned_data.get("version"),
        ),
    )
    if saved is not None:
        messages.success(request, _("The changes were saved."))
        return redirect("training:cohort_detail", pk=cohort.pk)
    context: dict[str, Any] = {"form": form, "cohort": cohort, "conflict": conflict}
    if conflict:
        context["history"] = history_rows(Cohort.objects.get(pk=cohort.pk), limit=5)
    return render(request, "training/cohort_form.html", context, status=409 if conflict else 200)


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_for(request, pk)
    can_manage = (
        request.user.has_perm(MANAGE)
        and queries.cohorts_managed_by(request.user).filter(pk=cohort.pk).exists()
        and services.can_place(request.user, cohort.course, cohort.province)
    )
    context = {
        "cohort": cohort,
        "weekdays": pgettext("list separator", ", ").join(
            str(WEEKDAY_LABELS[d]) for d in cohort.weekdays if d in WEEKDAY_LABELS
        ),
        "trainers": list(cohort.trainers.order_by("last_name", "first_name", "username")),
        "seats": queries.cohort_seat_counts(cohort),
        "can_manage": can_manage,
        "transitions": [(state, CohortState(state).label) for state in services.available_transitions(cohort)]
        if can_manage
        else [],
        "editable": can_manage and cohort.state in (CohortState.OPEN, CohortState.RUNNING),
    }
    context.update(cohort_panels(request, cohort))
    return render(request, "training/cohort_detail.html", context)


@require_POST
@login_required
def cohort_state(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_for(request, pk, manage=True)
    form = CohortStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("training:cohort_detail", pk=cohort.pk)
    try:
        cohort = services.set_cohort_state(
            cohort,
            form.cleaned_data["target"],
            actor=request.user,
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The cohort is now: %(state)s.") % {"state": cohort.get_state_display()})
    return redirect("training:cohort_detail", pk=cohort.pk)


@login_required
def cohort_history(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_for(request, pk)
    return render(
        request, "training/cohort_history.html", {"cohort": cohort, "history": history_rows(cohort)}
    )
