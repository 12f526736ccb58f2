"""The data behind the charts of the figures pages, as plain JSON for `json_script`.

Every point is a `Figure` from the engine: its number, its label in the reader's language,
the number written the way the reader reads it (`text`) and the list of the records it
counts (`url`). Nothing is counted here: the charts and the tables under them show the same
figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.staticfiles import finders
from django.templatetags.static import static

from rowad.core.models import Province
from rowad.core.templatetags.rowad_format import money, number

from .dimensions import NONE
from .divisions import map_file
from .engine import Figure, Filters
from .indicators import Indicator, Unit
from .queries import FunnelStep

# The map drawn for each country (GeoJSON whose features carry `properties.code`).


def plain(value: Any) -> int | float | None:
    """A number JSON can carry (amounts as floats; the text label keeps the exact one)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def written(value: Any, unit: str, country: str) -> str:
    """The number as the tables write it: with the currency for money."""
    if value is None:
        return ""
    return money(value, country) if unit == Unit.MONEY else number(value)


def point(figure: Figure, unit: str, country: str) -> dict[str, Any]:
    return {
        "name": str(figure.label),
        "value": plain(figure.value),
        "text": written(figure.value, unit, country),
        "url": figure.url,
    }


def bars(figures: list[Figure], unit: str, country: str, title: str = "") -> dict[str, Any]:
    """A bar chart: one bar per figure (a figure with no number is left out)."""
    return {
        "title": title,
        "points": [point(f, unit, country) for f in figures if f.value is not None],
    }


def funnel_chart(steps: list[FunnelStep], country: str) -> dict[str, Any]:
    return bars([step.figure for step in steps], Unit.PEOPLE, country)


def province_map(
    indicator: Indicator, figures: list[Figure], filters: Filters, page_url: str
) -> dict[str, Any]:
    """The choropleth: the indicator's number per province, keyed by the province's
    official code (the GeoJSON's `properties.code`); `select` reloads `page_url` filtered
    on that province. Provinces the reader may not read have no figure, so no data."""
    ids = [f.key for f in figures if f.key != NONE]
    codes = dict(Province.objects.filter(pk__in=ids).values_list("pk", "code"))
    points = []
    for figure in figures:
        if figure.key not in codes or figure.value is None:
            continue
        points.append(
            {
                **point(figure, indicator.unit, filters.country),
                "code": codes[figure.key],
                "select": f"{page_url}?{filters.narrowed('province', figure.key).query()}",
            }
        )
    shipped = map_file(filters.country, filters.divisions)
    return {
        "map": shipped.path.rsplit("/", 1)[-1].removesuffix(".json"),
        "geo": _geo_url(shipped.path),
        "indicator": str(indicator.label),
        "points": points,
    }


def _geo_url(path: str) -> str:
    """The static URL of a shipped map (drawing the divisions the page shows), "" when
    the file is missing (the page then says the map is unavailable instead of breaking)."""
    if not finders.find(path):
        return ""
    try:
        return static(path)
    except ValueError:  # not collected (manifest storage)
        return ""
