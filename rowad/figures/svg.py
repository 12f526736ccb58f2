"""Charts drawn on the server as inline SVG, for documents that run no script (the PDF
report): a horizontal bar, and a choropleth map of the provinces projected from the
GeoJSON boundaries shipped in static/figures/geo/.

Text never goes inside the SVG: labels and numbers stay in the HTML around it, where
the PDF's fonts shape Arabic and the bidirectional algorithm orders it.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

GEO_DIR = Path(__file__).resolve().parent / "static" / "figures" / "geo"
BAR_COLOUR = "#0b5d4b"
TRACK_COLOUR = "#e6efed"
# Light to dark: the share of the largest value a province reaches.
SCALE = ("#e3f1ed", "#b5dacd", "#7bbda6", "#3f987c", "#0b5d4b")
NO_DATA = "#f1f1f1"


def bar(
    value: float | None, maximum: float | None, *, width: int = 180, height: int = 11, rtl: bool = False
) -> SafeString:
    """One horizontal bar, `value` out of `maximum`, growing from the reading start."""
    share = 0.0
    if value and maximum and maximum > 0:
        share = max(0.0, min(1.0, float(value) / float(maximum)))
    length = round(width * share, 1)
    x = round(width - length, 1) if rtl else 0
    return mark_safe(  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="bar">'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{TRACK_COLOUR}"/>'
        f'<rect x="{x}" y="0" width="{length}" height="{height}" fill="{BAR_COLOUR}"/></svg>'
    )


def shade(value: float | None, maximum: float | None) -> str:
    """The colour of a province on the map (grey without a record)."""
    if not value or not maximum or maximum <= 0:
        return NO_DATA
    step = min(len(SCALE) - 1, int(float(value) / float(maximum) * len(SCALE)))
    return SCALE[step]


def legend(maximum: float | None) -> list[tuple[str, float, float]]:
    """(colour, from, to) for each step of the scale."""
    if not maximum:
        return []
    size = float(maximum) / len(SCALE)
    return [(colour, i * size, (i + 1) * size) for i, colour in enumerate(SCALE)]


@dataclass(frozen=True)
class Shape:
    code: str
    # rings of (longitude, latitude)
    rings: tuple[tuple[tuple[float, float], ...], ...]


@functools.cache
def _shapes(path: Path, mtime: float) -> tuple[Shape, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    shapes = []
    for feature in data.get("features", []):
        code = str((feature.get("properties") or {}).get("code", ""))
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        elif geometry.get("type") != "MultiPolygon":
            continue
        rings = tuple(
            tuple((float(p[0]), float(p[1])) for p in ring) for polygon in polygons for ring in polygon
        )
        shapes.append(Shape(code, rings))
    return tuple(shapes)


def shapes_of(country: str) -> tuple[Shape, ...] | None:
    """The provinces' boundaries of `country`, or None when the file is not there."""
    path = GEO_DIR / f"{country.lower()}.json"
    if not path.is_file():
        return None
    try:
        return _shapes(path, path.stat().st_mtime)
    except (OSError, ValueError):
        return None


def _points(shapes: Iterable[Shape]) -> Iterable[tuple[float, float]]:
    for shape in shapes:
        for ring in shape.rings:
            yield from ring


def choropleth(
    shapes: Sequence[Shape],
    values: Mapping[str, float],
    *,
    width: int = 460,
    titles: Mapping[str, str] | None = None,
) -> SafeString:
    """The provinces as SVG paths, each shaded by its value (keyed by province code).
    Equirectangular projection, longitudes narrowed by the cosine of the middle latitude."""
    points = list(_points(shapes))
    if not points:
        return mark_safe("")  # nosec B308
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    squeeze = math.cos(math.radians((north + south) / 2))
    span_x = max((east - west) * squeeze, 1e-6)
    span_y = max(north - south, 1e-6)
    scale = width / span_x
    height = round(span_y * scale)
    maximum = max(values.values(), default=0)

    def project(lon: float, lat: float) -> str:
        return f"{(lon - west) * squeeze * scale:.1f},{(north - lat) * scale:.1f}"

    paths = []
    for shape in shapes:
        d = " ".join("M" + " L".join(project(lon, lat) for lon, lat in ring) + "Z" for ring in shape.rings)
        colour = shade(values.get(shape.code), maximum)
        title = escape((titles or {}).get(shape.code, shape.code))
        paths.append(
            f'<path d="{d}" fill="{colour}" stroke="#ffffff" stroke-width="0.6" data-code="{escape(shape.code)}">'
            f"<title>{title}</title></path>"
        )
    return mark_safe(  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="map">{"".join(paths)}</svg>'
    )


def swatch(colour: str, size: int = 10) -> SafeString:
    return mark_safe(  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}">'
        f'<rect width="{size}" height="{size}" fill="{escape(colour)}" stroke="#999" stroke-width="0.5"/></svg>'
    )
