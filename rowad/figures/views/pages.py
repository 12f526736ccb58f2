"""The figures pages: the dashboard (the chain's funnel and every indicator), one
indicator with its breakdowns and months, and the list of the records behind a number."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import engine
from ..dimensions import DIMENSIONS, NONE, none_label
from ..forms import FiguresFilterForm
from ..indicators import REGISTRY, indicator_named
from ..queries import funnel, totals
from .common import reading

GROUPS = ("pipeline", "training", "financing", "enterprises", "market")
RECORDS_PER_PAGE = 50


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    read = reading(request)
    steps = funnel(read.scope, read.filters)
    known = {step.indicator.code: step.figure for step in steps}
    context = {
        "form": FiguresFilterForm(read.filters, read.scope),
        "filters": read.filters,
        "error": read.error,
        "funnel": steps,
        "groups": [(group, totals(read.scope, read.filters, group, known)) for group in GROUPS],
        "by_province": engine.breakdown(REGISTRY["registered"], read.scope, read.filters, "province"),
    }
    return render(request, "figures/dashboard.html", context)


@login_required
def indicator_page(request: HttpRequest, code: str) -> HttpResponse:
    indicator = indicator_named(code)
    read = reading(request)
    step = request.GET.get("step", "month")
    if step not in ("month", "quarter", "year"):
        step = "month"
    breakdowns = [
        (DIMENSIONS[dimension], engine.breakdown(indicator, read.scope, read.filters, dimension))
        for dimension in indicator.dimensions
    ]
    context = {
        "indicator": indicator,
        "form": FiguresFilterForm(read.filters, read.scope),
        "filters": read.filters,
        "error": read.error,
        "total": engine.total(indicator, read.scope, read.filters),
        "breakdowns": breakdowns,
        "series": engine.series(indicator, read.scope, read.filters, step),
        "step": step,
    }
    return render(request, "figures/indicator.html", context)


@login_required
def records_page(request: HttpRequest, code: str) -> HttpResponse:
    indicator = indicator_named(code)
    read = reading(request)
    total = engine.total(indicator, read.scope, read.filters)
    rows = engine.records(indicator, read.scope, read.filters) if total.value is not None else None
    page = None
    if rows is not None:
        rows = rows.select_related(*indicator.select_related).order_by(f"-{indicator.date}", "-pk")
        page = Paginator(rows, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    lines = [
        (
            indicator.link(record) if indicator.link else "",
            [column.value(record) for column in indicator.columns],
        )
        for record in (page or [])
    ]
    context = {
        "indicator": indicator,
        "filters": read.filters,
        "error": read.error,
        "total": total,
        "page": page,
        "lines": lines,
        "columns": [column.label for column in indicator.columns],
        "query_string": read.filters.query(),
        "chips": _chips(read.filters),
    }
    return render(request, "figures/records.html", context)


def _chips(filters: engine.Filters) -> list[tuple[str, str]]:
    """The filters in force, readable: (dimension, value)."""
    chips = []
    for code, keys in filters.selected.items():
        dimension = DIMENSIONS[code]
        labels = dimension.labels([k for k in keys])
        chips.extend(
            (str(dimension.label), none_label() if k == NONE else labels.get(k, str(k))) for k in keys
        )
    return chips
