"""The figures report as a PDF, and the saved reports: list, form, open (the dashboard's
report with its filters and only its indicators), its PDF, subscribe, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rowad.core.concurrency import version_token

from .. import engine, reports
from ..errors import FigureError
from ..indicators import REGISTRY
from ..models import SavedReport
from ..pdf import build_report, report_pdf
from ..queries import figures_scope
from ..report_forms import SavedReportForm
from ..report_queries import report_for, reports_for
from .common import Reading, reading


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(name) or "report"}.pdf"'
    return response


@login_required
def report_pdf_view(request: HttpRequest) -> HttpResponse:
    """The PDF of the dashboard's filters: the indicators asked for (all by default)."""
    read = reading(request)
    codes = request.GET.getlist("indicator") or list(REGISTRY)
    breakdown = request.GET.get("breakdown", "province")
    title = request.GET.get("title", "")[:200]
    content = report_pdf(read.scope, read.filters, codes, breakdown=breakdown, title=title)
    return _pdf_response(content, title or _("figures"))


def _report_reading(request: HttpRequest, report: SavedReport) -> Reading:
    """The report's filters read with the viewer's scope (a filter outside it: 403)."""
    if not request.user.has_perm("figures.read"):
        raise PermissionDenied
    scope = figures_scope(request.user)
    try:
        return Reading(scope, engine.parse_filters(QueryDict(report.query), scope))
    except FigureError as error:
        if error.status_code == 403:
            raise PermissionDenied(error.message) from error
        return Reading(scope, engine.parse_filters({}, scope), error)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("figures.read"):
        raise PermissionDenied
    rows = [(r, request.user in r.subscribers.all()) for r in reports_for(request.user)]
    return render(request, "figures/report_list.html", {"rows": rows})


@login_required
def report_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not request.user.has_perm("figures.read"):
        raise PermissionDenied
    scope = figures_scope(request.user)
    report = report_for(request.user, pk) if pk else None
    if report is not None:
        initial = {
            "organization": report.organization_id,
            "name": report.name,
            "indicators": report.indicators,
            "breakdown": "" if report.breakdown == "province" else report.breakdown,
            "schedule": report.schedule,
            "query": report.query,
            "version": version_token(report.version),
        }
    else:
        initial = {
            "query": request.GET.urlencode(),
            "indicators": [c for c in request.GET.getlist("indicator")],
        }
    form = SavedReportForm(request.POST or None, initial=initial, scope=scope, editing=report is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "indicators": data["indicators"],
            "query": data["query"],
            "breakdown": data["breakdown"],
            "schedule": data["schedule"],
        }
        try:
            if report is None:
                report = reports.save_report(request.user, organization=data["organization"], **fields)
            else:
                report = reports.update_report(request.user, report, version=data["version"], **fields)
        except FigureError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            status = error.status_code if error.status_code == 409 else 200
            return render(
                request, "figures/report_form.html", {"form": form, "report": report}, status=status
            )
        messages.success(request, _("The report is saved."))
        return redirect("figures:report_open", pk=report.pk)
    return render(request, "figures/report_form.html", {"form": form, "report": report})


@login_required
def report_open(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk)
    read = _report_reading(request, report)
    built = build_report(
        read.scope,
        read.filters,
        list(report.indicators),
        breakdown=report.breakdown or "province",
        title=report.name,
    )
    context = {
        "report": report,
        "built": built,
        "filters": read.filters,
        "error": read.error,
        "subscribed": report.subscribers.filter(pk=request.user.pk).exists(),
    }
    return render(request, "figures/report_open.html", context)


@login_required
def saved_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk)
    read = _report_reading(request, report)
    content = report_pdf(
        read.scope,
        read.filters,
        list(report.indicators),
        breakdown=report.breakdown or "province",
        title=report.name,
    )
    return _pdf_response(content, report.name)


@login_required
@require_POST
def report_subscription(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk)
    try:
        if request.POST.get("subscribe") == "1":
            reports.subscribe(request.user, report)
            messages.success(request, _("You will receive this report each month."))
        else:
            reports.unsubscribe(request.user, report)
            messages.success(request, _("You will no longer receive this report."))
    except FigureError as error:
        raise PermissionDenied(error.message) from error
    return redirect("figures:report_open", pk=report.pk)


@login_required
@require_POST
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk)
    try:
        reports.delete_report(request.user, report)
    except FigureError as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The report is deleted."))
    return redirect("figures:report_list")
