"""Scoped reads of the figures: the reader's scope for figures, the choices of the filter
bar (only what the reader may read), and the dashboard's numbers from the engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from rowad.accounts.scope import Scope, scope_for
from rowad.core.models import Province

from . import engine
from .engine import Figure, Filters
from .indicators import REGISTRY, Indicator, funnel_steps
from .models import ExportJob


def figures_scope(user: Any) -> Scope:
    return scope_for(user)


def provinces_readable(scope: Scope, country: str) -> QuerySet[Province]:
    """The provinces of `country` the reader's figure memberships reach."""
    provinces = Province.objects.filter(country_id=country)
    allowed = engine.readable_provinces(scope)
    return provinces if allowed is None else provinces.filter(pk__in=allowed)


@dataclass(frozen=True)
class FunnelStep:
    indicator: Indicator
    figure: Figure
    # Share of the previous step that reached this one (None for the first, or when the
    # previous step is zero or not comparable).
    conversion: float | None
    # Median days from the step before to this one (None where not measured).
    median_days: float | None = None


def funnel(scope: Scope, filters: Filters) -> list[FunnelStep]:
    """Each step of the chain with its number and its conversion from the step before."""
    steps: list[FunnelStep] = []
    reached: dict[str, Figure] = {}
    previous: Figure | None = None
    for indicator in funnel_steps():
        figure = engine.total(indicator, scope, filters)
        base = reached.get(indicator.base) if indicator.base else previous
        conversion = None
        if base is not None and base.value and figure.value is not None:
            conversion = float(figure.value) / float(base.value)
        steps.append(FunnelStep(indicator, figure, conversion, engine.median_days(indicator, scope, filters)))
        reached[indicator.code] = figure
        previous = figure if figure.value is not None else previous
    return steps


def totals(
    scope: Scope, filters: Filters, group: str, known: Mapping[str, Figure] | None = None
) -> list[Figure]:
    """The numbers of the group's indicators; `known` (indicator code -> figure already read
    for the same scope and filters, e.g. the funnel's) are not read again: at 1,000,000
    people a dossier step costs 0.3-0.4 s (docs/benchmarks.md, "Figures at 1,000,000 people")."""
    known = known or {}
    return [
        known.get(i.code) or engine.total(i, scope, filters) for i in REGISTRY.values() if i.group == group
    ]


def exports_of(user: Any) -> QuerySet[ExportJob]:
    """The exports a reader asked for (nobody else's: a file may hold personal data)."""
    return ExportJob.objects.filter(requested_by_id=user.pk)
