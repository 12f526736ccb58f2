"""Two sets of figures side by side: two periods (`a_from`, `a_to`, `b_from`, `b_to`) or
two provinces (`a_province`, `b_province`), every other filter shared. Each side is read
by `engine.parse_filters` like any figures page, so the same values are refused the same
way (a province outside the reader's scope is a 403)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rowad.core.enums import CountryCode

from .. import engine
from ..engine import Figure, Filters
from ..errors import FigureError
from ..indicators import REGISTRY, funnel_steps
from ..queries import figures_scope, provinces_readable
from .pages import GROUPS, province_named

SIDES = ("a", "b")
# The parameters a side may set for itself (`a_from`…), the rest being shared.
OWN = ("from", "to", "province")


@dataclass(frozen=True)
class Row:
    label: str
    code: str
    unit: str
    figures: tuple[Figure, Figure]


def side_params(params: Any, side: str) -> dict[str, list[str]]:
    """The shared parameters with the side's own ones (`a_from` → `from`) on top."""
    shared = {key: params.getlist(key) for key in params if not key.startswith(tuple(f"{s}_" for s in SIDES))}
    for key in OWN:
        own = [v for v in params.getlist(f"{side}_{key}") if v.strip()]
        if own:
            shared[key] = own
    return shared


def _filters(request: HttpRequest, scope: Any) -> tuple[list[Filters], FigureError | None]:
    try:
        return [engine.parse_filters(side_params(request.GET, side), scope) for side in SIDES], None
    except FigureError as error:
        if error.status_code == 403:
            raise PermissionDenied(error.message) from error
        default = engine.parse_filters({}, scope)
        return [default, default], error


def rows(scope: Any, sides: list[Filters]) -> list[Row]:
    """Every funnel step, then every other indicator of the dashboard's groups."""
    steps = funnel_steps()
    others = [i for group in GROUPS for i in REGISTRY.values() if i.group == group and i.step is None]
    return [
        Row(
            str(indicator.label),
            indicator.code,
            indicator.unit,
            tuple(engine.total(indicator, scope, filters) for filters in sides),  # type: ignore[arg-type]
        )
        for indicator in [*steps, *others]
    ]


def heading(filters: Filters) -> dict[str, Any]:
    return {"province": province_named(filters), "start": filters.start, "end": filters.end}


@login_required
def compare_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("figures.read"):
        raise PermissionDenied
    scope = figures_scope(request.user)
    sides, error = _filters(request, scope)
    context = {
        "filters": sides[0],
        "error": error,
        "sides": [heading(filters) for filters in sides],
        "rows": rows(scope, sides),
        "params": {f"{side}_{key}": request.GET.get(f"{side}_{key}", "") for side in SIDES for key in OWN},
        "provinces": provinces_readable(scope, sides[0].country),
        "countries": CountryCode.choices,
    }
    return render(request, "figures/compare.html", context)
