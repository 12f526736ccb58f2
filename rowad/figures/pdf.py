"""The figures report as a PDF: title, filters in force, the chain's funnel with its
conversions, each indicator's total, a breakdown table and charts drawn as inline SVG
(bars, a map of the provinces), in the active language (Arabic right to left).

Every number comes from the engine with the reader's scope: a province officer's report
never holds another province's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rowad.accounts.scope import Scope
from rowad.core.models import Province
from rowad.core.pdf import write_pdf

from . import engine, svg
from .dimensions import DIMENSIONS, NONE, none_label
from .engine import Figure, Filters
from .indicators import REGISTRY, Indicator
from .queries import funnel

TEMPLATE = "figures/pdf/report.html"
# Columns of the breakdown table that fit an A4 page.
MAX_COLUMNS = 5


@dataclass(frozen=True)
class Row:
    label: str
    key: Any
    cells: list[tuple[str, Figure | None]]
    bar: str = ""


@dataclass
class Report:
    title: str
    filters: Filters
    chips: list[tuple[str, str]]
    funnel: list[tuple[Any, str]]
    totals: list[tuple[Indicator, Figure]]
    missing: list[str]
    dimension: Any
    columns: list[Indicator]
    rows: list[Row]
    map_svg: str = ""
    map_indicator: Indicator | None = None
    map_legend: list[tuple[str, float, float]] = field(default_factory=list)
    map_note: str = ""


def known_indicators(codes: list[str]) -> tuple[list[Indicator], list[str]]:
    """The indicators still defined, in order, and the codes no longer defined."""
    known = [REGISTRY[c] for c in codes if c in REGISTRY]
    return known, [c for c in codes if c not in REGISTRY]


def chips(filters: Filters) -> list[tuple[str, str]]:
    """The filters in force, readable: (dimension, value)."""
    result = []
    for code, keys in filters.selected.items():
        dimension = DIMENSIONS[code]
        labels = dimension.labels(list(keys))
        result.extend(
            (str(dimension.label), none_label() if k == NONE else labels.get(k, str(k))) for k in keys
        )
    return result


def _breakdown(
    indicators: list[Indicator], scope: Scope, filters: Filters, by: str, rtl: bool
) -> tuple[list[Indicator], list[Row]]:
    columns = [i for i in indicators if by in i.dimensions and engine.applies(i, filters)][:MAX_COLUMNS]
    table: dict[Any, dict[str, Figure]] = {}
    labels: dict[Any, str] = {}
    for indicator in columns:
        for figure in engine.breakdown(indicator, scope, filters, by):
            table.setdefault(figure.key, {})[indicator.code] = figure
            labels[figure.key] = figure.label
    first = [table[k].get(columns[0].code) for k in table] if columns else []
    maximum = max((f.value for f in first if f is not None and f.value), default=0)
    rows = []
    for key, cells in table.items():
        lead = cells.get(columns[0].code)
        rows.append(
            Row(
                labels[key],
                key,
                [(i.unit, cells.get(i.code)) for i in columns],
                svg.bar(lead.value if lead else 0, maximum, width=120, rtl=rtl),
            )
        )
    return columns, rows


def _map(report: Report, indicators: list[Indicator], scope: Scope, filters: Filters, language: str) -> None:
    indicator = next(
        (i for i in indicators if "province" in i.dimensions and engine.applies(i, filters)), None
    )
    if indicator is None:
        return
    shapes = svg.shapes_of(filters.country)
    if shapes is None:
        report.map_note = _("The map of the provinces is not available on this server.")
        return
    figures = engine.breakdown(indicator, scope, filters, "province")
    ids = [f.key for f in figures if f.key != NONE]
    codes = dict(Province.objects.filter(pk__in=ids).values_list("pk", "code"))
    values = {codes[f.key]: float(f.value or 0) for f in figures if f.key in codes}
    name = "name_ar" if language == "ar" else "name_fr"
    titles = dict(Province.objects.filter(country_id=filters.country).values_list("code", name))
    report.map_indicator = indicator
    report.map_svg = svg.choropleth(shapes, values, titles=titles)
    report.map_legend = [
        (str(svg.swatch(c)), low, high) for c, low, high in svg.legend(max(values.values(), default=0))
    ]


def build_report(
    scope: Scope,
    filters: Filters,
    indicator_codes: list[str],
    *,
    breakdown: str = "province",
    title: str = "",
) -> Report:
    """Everything the report shows, read from the engine with the reader's scope."""
    rtl = translation.get_language_bidi()
    indicators, missing = known_indicators(indicator_codes)
    steps = funnel(scope, filters)
    top = max((float(s.figure.value) for s in steps if s.figure.value), default=0)
    by = breakdown if breakdown in DIMENSIONS else "province"
    columns, rows = _breakdown(indicators, scope, filters, by, rtl)
    report = Report(
        title=title or _("Figures report"),
        filters=filters,
        chips=chips(filters),
        funnel=[(s, svg.bar(s.figure.value, top, rtl=rtl)) for s in steps],
        totals=[(i, engine.total(i, scope, filters)) for i in indicators],
        missing=missing,
        dimension=DIMENSIONS[by],
        columns=columns,
        rows=rows,
    )
    _map(report, indicators, scope, filters, translation.get_language() or "ar")
    return report


def report_pdf(
    scope: Scope,
    filters: Filters,
    indicator_codes: list[str],
    *,
    breakdown: str = "province",
    title: str = "",
) -> bytes:
    """The report as PDF bytes, in the active language."""
    language = (translation.get_language() or "ar")[:2]
    report = build_report(scope, filters, indicator_codes, breakdown=breakdown, title=title)
    context = {
        "report": report,
        "LANGUAGE_CODE": language,
        "rtl": translation.get_language_bidi(),
        "currency_country": filters.country,
        "generated": timezone.localtime(),
    }
    html = render_to_string(TEMPLATE, context)
    return write_pdf(html)
