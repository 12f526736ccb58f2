"""The figures pages: the dashboard (the chain's funnel and every indicator), one
indicator with its breakdowns and months, and the list of the records behind a number."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .. import cells, charts, engine
from ..dimensions import DIMENSIONS, NONE, none_label
from ..forms import FiguresFilterForm
from ..indicators import REGISTRY, indicator_named
from ..queries import funnel, totals
from .common import reading

# The indicator the dashboard's map colours the provinces by.
MAP_INDICATOR = "registered"
GROUPS = ("pipeline", "training", "financing", "enterprises", "market")
RECORDS_PER_PAGE = 50


@login_required
@cells.read_once
def dashboard(request: HttpRequest) -> HttpResponse:
    read = reading(request)
    steps = funnel(read.scope, read.filters)
    mapped = REGISTRY[MAP_INDICATOR]
    by_province = engine.breakdown(mapped, read.scope, read.filters, "province")
    known = {step.indicator.code: step.figure for step in steps}
    context = {
        "form": FiguresFilterForm(read.filters, read.scope),
        "filters": read.filters,
        "error": read.error,
        "province": province_named(read.filters),
        "funnel": steps,
        "groups": [(group, totals(read.scope, read.filters, group, known)) for group in GROUPS],
        "by_province": by_province,
        "funnel_chart": charts.funnel_chart(steps, read.filters.country),
        "map_chart": charts.province_map(mapped, by_province, read.filters, reverse("figures:dashboard")),
    }
    return render(request, "figures/dashboard.html", context)


def province_named(filters: engine.Filters) -> str:
    """The province of a province dashboard (one province filtered on), else ""."""
    keys = filters.selected.get("province", ())
    if len(keys) != 1 or keys[0] == NONE:
        return ""
    return DIMENSIONS["province"].labels(keys).get(keys[0], "")


@login_required
@cells.read_once
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
    series = engine.series(indicator, read.scope, read.filters, step)
    by_province = next((figures for d, figures in breakdowns if d.code == "province"), [])
    page_url = reverse("figures:indicator", args=[indicator.code])
    country = read.filters.country
    context = {
        "indicator": indicator,
        "form": FiguresFilterForm(read.filters, read.scope),
        "filters": read.filters,
        "error": read.error,
        "total": engine.total(indicator, read.scope, read.filters),
        "breakdowns": [
            (dimension, figures, charts.bars(figures, indicator.unit, country, str(dimension.label)))
            for dimension, figures in breakdowns
        ],
        "series": series,
        "series_chart": charts.bars(series, indicator.unit, country),
        "map_chart": charts.province_map(indicator, by_province, read.filters, page_url)
        if "province" in indicator.dimensions
        else None,
        "step": step,
    }
    return render(request, "figures/indicator.html", context)


@login_required
@cells.read_once
def records_page(request: HttpRequest, code: str) -> HttpResponse:
    indicator = indicator_named(code)
    read = reading(request)
    total = engine.total(indicator, read.scope, read.filters)
    parts = [engine.total(part, read.scope, read.filters) for part in engine.parts_of(indicator)]
    rows = None
    if total.value is not None and not parts:
        rows = engine.record_list(indicator, read.scope, read.filters)
    page = None
    if rows is not None:
        paginator = Paginator(rows, RECORDS_PER_PAGE)
        # The number just read is the count of these very records (or the cells hold it):
        # not counted twice.
        known = total.value if indicator.amount is None else engine.count(indicator, read.scope, read.filters)
        if known is not None:
            paginator.count = known
        page = paginator.get_page(request.GET.get("page"))
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
        "parts": parts,
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
