"""Downloads of the figures (thin: the files are written by rowad.figures.exports, jobs
by rowad.figures.services): the dashboard's summary, the records behind a number (at once
when small, else in the background), and the pages of a background export."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from .. import engine, services
from ..dimensions import DIMENSIONS
from ..enums import ExportState
from ..errors import FigureError
from ..exports import csv as csv_export
from ..exports import xlsx as xlsx_export
from ..exports.rows import record_count
from ..indicators import REGISTRY, indicator_named
from ..queries import exports_of, figures_scope
from .common import reading

# Fewer records than this are written during the request; more go to a background job.
AT_ONCE_LIMIT = 5000
FORMATS = ("xlsx", "csv")


def _attachment(content: bytes | str, fmt: str, filename: str) -> HttpResponse:
    kind = xlsx_export.CONTENT_TYPE if fmt == "xlsx" else csv_export.CONTENT_TYPE
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _write(fmt: str, xlsx_writer, csv_writer, *args) -> bytes | str:  # type: ignore[no-untyped-def]
    if fmt == "xlsx":
        binary = io.BytesIO()
        xlsx_writer(binary, *args)
        return binary.getvalue()
    text = io.StringIO(newline="")
    csv_writer(text, *args)
    return text.getvalue()


@require_GET
@login_required
def summary_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every indicator's number for the dashboard's filters (and `by`: a breakdown)."""
    if fmt not in FORMATS:
        raise Http404
    read = reading(request)
    if read.error:
        messages.error(request, read.error.message)
        return redirect("figures:dashboard")
    by = request.GET.get("by") or None
    breakdown = by if by in DIMENSIONS else None
    content = _write(
        fmt,
        xlsx_export.write_summary_xlsx,
        csv_export.write_summary_csv,
        read.scope,
        read.filters,
        list(REGISTRY),
        breakdown,
    )
    return _attachment(content, fmt, f"figures-{timezone.localdate().isoformat()}.{fmt}")


@require_POST
@login_required
def records_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The records behind an indicator's number for the filters posted in `query`: the
    file itself when small, else a background export and its page."""
    if fmt not in FORMATS:
        raise Http404
    indicator = indicator_named(code)
    if not request.user.has_perm("figures.read"):
        raise PermissionDenied
    # The filters posted by the records page's form, else those of the URL.
    query = request.POST.get("query") or request.GET.urlencode()
    scope = figures_scope(request.user)
    try:
        filters = engine.parse_filters(QueryDict(query), scope)
        count = record_count(indicator, scope, filters)
        if count >= AT_ONCE_LIMIT:
            job = services.request_export(
                request.user, kind=fmt, indicator_code=code, query=query, language=get_language()
            )
            return redirect("figures:export_job", pk=job.pk)
    except FigureError as error:
        if error.status_code == 403:
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
        return redirect(f"{reverse('figures:records', args=[indicator.code])}?{query}")
    content = _write(
        fmt, xlsx_export.write_records_xlsx, csv_export.write_records_csv, scope, filters, indicator
    )
    return _attachment(content, fmt, services.export_filename(indicator, fmt))


@require_GET
@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background export's progress (htmx polls it until it ends) and its download."""
    job = get_object_or_404(exports_of(request.user), pk=pk)
    context = {
        "job": job,
        "indicator": REGISTRY.get(job.indicator),
        "running": job.state in services.ACTIVE,
        "ready": job.state == ExportState.DONE and bool(job.file),
    }
    if request.htmx:
        return render(request, "figures/_export_progress.html", context)
    return render(request, "figures/export_job.html", context)


@require_POST
@login_required
def export_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(exports_of(request.user), pk=pk)
    services.cancel_export(job, actor=request.user)
    return redirect("figures:export_job", pk=job.pk)


@require_GET
@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file of a finished export, to its requester only (404 for anyone else)."""
    job = get_object_or_404(exports_of(request.user), pk=pk, state=ExportState.DONE)
    if not job.file:
        raise Http404
    indicator = indicator_named(job.indicator)
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=services.export_filename(indicator, job.kind)
    )
    response["Cache-Control"] = "no-store"
    return response
