"""The officer's caseload of late dossiers and the portfolio-at-risk report (page and
CSV). Every figure comes from `portfolio` (one definition), over the schedules the reader
reaches (`schedules_visible_to`: a funder's officer, only their organization's lines)."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from rowad.core.spreadsheets import neutralise

from .. import portfolio
from ..forms.arrears import CaseloadForm, PortfolioForm
from ..money import format_money
from ..queries import FUNDERS, READERS, schedules_visible_to

PAGE_SIZE = 50
SORTS = {
    "-days": [F("first_unpaid_due").asc(), "pk"],
    "days": [F("first_unpaid_due").desc(), "pk"],
    "-amount": [F("amount_late").desc(), F("first_unpaid_due").asc(), "pk"],
}


def _reader(request: HttpRequest) -> QuerySet:
    """The schedules the reader reaches as staff (never as a holder: that is the portal)."""
    if not request.user.has_perm("financing.view_financing"):
        raise PermissionDenied
    return schedules_visible_to(request.user, roles=READERS + FUNDERS)


def schedule_url(schedule) -> str:
    """The schedule's page when the schedules part provides one, else its dossier's."""
    try:
        return reverse("financing:schedule_detail", args=[schedule.pk])
    except NoReverseMatch:
        return reverse("dossiers:dossier_detail", args=[schedule.line.plan.dossier_id])


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """The dossiers with late instalments the reader reaches, most days late first."""
    schedules = _reader(request)
    form = CaseloadForm(request.GET or None)
    as_of = form.as_of_date()
    late = portfolio.late_schedules(schedules, as_of=as_of)
    total = late.count()
    rows = late.select_related("line__plan__dossier", "line__funder").prefetch_related(
        "line__plan__dossier__holder_links__person"
    )
    page = Paginator(rows.order_by(*SORTS[form.sort_key()]), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = []
    for schedule in page:
        dossier = schedule.line.plan.dossier
        entries.append(
            {
                "schedule": schedule,
                "dossier": dossier,
                "holder": dossier.lead_holder,
                "funder": schedule.line.funder,
                "days_late": schedule.days_late,
                "amount_late": format_money(schedule.amount_late, schedule.currency),
                "outstanding": format_money(schedule.outstanding_principal, schedule.currency),
                "url": schedule_url(schedule),
            }
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "financing/arrears/caseload.html",
        {
            "form": form,
            "as_of": as_of,
            "page": page,
            "entries": entries,
            "total": total,
            "query_string": params.urlencode(),
        },
    )


def _report(request: HttpRequest):
    schedules = _reader(request)
    form = PortfolioForm(request.GET or None)
    as_of, by = form.as_of_date(), form.grouping()
    rows = portfolio.portfolio_at_risk(schedules, as_of=as_of, by=by)
    totals = portfolio.portfolio_totals(schedules, as_of=as_of)
    return form, as_of, by, rows, totals


def _rate(value) -> str:
    return "" if value is None else f"{value}"


@login_required
def portfolio_report(request: HttpRequest) -> HttpResponse:
    form, as_of, by, rows, totals = _report(request)
    shown = []
    for row in [*rows, *totals]:
        shown.append(
            {
                **row,
                "outstanding_shown": format_money(row["outstanding"], row["currency"]),
                "par30_shown": format_money(row["par30"], row["currency"]),
                "par90_shown": format_money(row["par90"], row["currency"]),
            }
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "financing/arrears/portfolio.html",
        {
            "form": form,
            "as_of": as_of,
            "by": by,
            "rows": shown[: len(rows)],
            "totals": shown[len(rows) :],
            "query_string": params.urlencode(),
        },
    )


def _safe_cell(value):
    """The one rule against formula injection (rowad.core.spreadsheets)."""
    return neutralise(value)


def csv_table(rows: list[dict], totals: list[dict]) -> list[list]:
    """The report's rows as exported: amounts as plain decimals (a dot, no separators) with
    their currency code, rates in percent."""
    header = [
        _("Group"), _("Currency"), _("Outstanding principal"), _("PAR30"), _("PAR30 (%)"),
        _("PAR90"), _("PAR90 (%)"), _("Schedules late"), _("Schedules"),
    ]  # fmt: skip
    table = [header]
    for row in [*rows, *totals]:
        table.append(
            [
                row["label"],
                row["currency"],
                f"{row['outstanding']}",
                f"{row['par30']}",
                _rate(row["par30_rate"]),
                f"{row['par90']}",
                _rate(row["par90_rate"]),
                row["late_count"],
                row["schedule_count"],
            ]
        )
    return table


@login_required
def portfolio_csv(request: HttpRequest) -> HttpResponse:
    _form, as_of, by, rows, totals = _report(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 (Arabic) correctly with a BOM
    csv.writer(buffer).writerows([_safe_cell(v) for v in row] for row in csv_table(rows, totals))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="portfolio-at-risk-{by}-{as_of.isoformat()}.csv"'
    return response
