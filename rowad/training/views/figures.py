"""Training figures and the enrolment list each of their numbers links to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rowad.core.errors import DomainError

from .. import figures, queries
from ..forms.figures import EnrolmentFilterForm

PAGE_SIZE = 50


def _reader(request: HttpRequest) -> None:
    if not request.user.has_perm("training.view_training"):
        raise PermissionDenied


@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "training/figures.html",
        {"figures": figures.compute(queries.enrolments_visible_to(request.user))},
    )


@login_required
def enrolment_list(request: HttpRequest) -> HttpResponse:
    """The enrolments the reader may read, filtered as a figure's link says. The count is
    exact (the number on the figures page is this count)."""
    _reader(request)
    visible = queries.enrolments_visible_to(request.user)
    form = EnrolmentFilterForm(request.GET or None, enrolments=visible)
    try:
        enrolments = figures.filter_enrolments(visible, request.GET)
    except DomainError as error:
        messages.error(request, error.message)
        enrolments = visible.none()
    total = enrolments.count()
    cohorts = enrolments.values("cohort_id").distinct().count()
    rows = enrolments.select_related("cohort__course__specialty", "person").order_by(
        "-cohort__starts_on", "cohort__reference", "person__sort_name", "pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "training/enrolment_list.html",
        {"form": form, "page": page, "total": total, "cohorts": cohorts, "query_string": params.urlencode()},
    )
