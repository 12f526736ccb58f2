"""Figures pages and their CSV/XLSX exports."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.errors import DomainError
from rowad.core.spreadsheets import neutralise as _safe_cell

from .. import figures, queries, rules
from .common import compute_figures, records_of, subject_for, subject_title

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def figures_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    subject = subject_for(request, kind, pk)
    return render(
        request,
        "outreach/figures.html",
        {
            "subject": subject,
            "kind": kind,
            "title": subject_title(kind, subject),
            "figures": compute_figures(request.user, kind, subject),
            "can_read": queries.can_read_registrations(request.user),
        },
    )


@login_required
def figures_export(request: HttpRequest, kind: str, pk: int, fmt: str) -> HttpResponse:
    subject = subject_for(request, kind, pk)
    rows = figures.rows_for_export(compute_figures(request.user, kind, subject))
    header = (_("Breakdown"), _("Value"), _("Count"))
    title = subject_title(kind, subject)
    name = f"figures-{kind}-{subject.pk}-{timezone.localdate().isoformat()}"
    record_action("outreach.figures.exported", subject, actor=request.user, format=fmt)
    return _table_response([header, *rows], title, name, fmt)


@login_required
def registrations_export(request: HttpRequest, kind: str, pk: int, fmt: str) -> HttpResponse:
    subject = subject_for(request, kind, pk, "outreach.export_registration")
    counted, _tallies = records_of(request.user, kind, subject)
    visible = queries.registrations_visible_to(request.user, roles=rules.EXPORTERS).filter(
        pk__in=counted.values("pk")
    )
    try:
        rows = figures.filter_registrations(visible, request.GET).order_by("id")
    except DomainError as error:
        raise BadRequest(error.message) from error
    header = (
        _("Registration"), _("Date"), _("Place"), _("Name (Arabic)"), _("Name (Latin)"), _("Phone"), _("Sex"),
        _("Age band"), _("Province of residence"), _("Specialty of interest"), _("Project idea"), _("Channel"),
    )  # fmt: skip
    table = [header]
    for r in rows.select_related("person", "stop__province", "event", "specialty", "residence_province"):
        table.append(
            (
                r.pk,
                timezone.localtime(r.captured_at).date().isoformat(),
                str(r.place),
                r.person.name_ar,
                r.person.name_latin,
                r.person.phone,
                r.sex,
                r.age_band,
                str(r.residence_province or ""),
                str(r.specialty or ""),
                r.idea,
                r.get_channel_display(),
            )
        )
    record_action(
        "outreach.registrations.exported", subject, actor=request.user, format=fmt, rows=len(table) - 1
    )
    name = f"registrations-{kind}-{subject.pk}-{timezone.localdate().isoformat()}"
    return _table_response(table, subject_title(kind, subject), name, fmt)


def _table_response(table: list, title: str, name: str, fmt: str) -> HttpResponse:
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 (Arabic) correctly with a BOM
        csv.writer(buffer).writerows([_safe_cell(v) for v in row] for row in table)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=_clean_sheet_title(title))
        for row in table:
            sheet.append([_safe_cell(v) for v in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _clean_sheet_title(title: str) -> str:
    cleaned = "".join(c for c in title if c not in "[]:*?/\\")
    return (cleaned or "Rowad")[:31]
