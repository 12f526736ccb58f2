"""What an indicator is, and the registry that holds each one once.

An indicator says which records it counts (`records`: a queryset, annotated where a
field sits behind a join), how much each weighs (`measure`: one each, or an amount), the
date that places a record in a period, the province that places it in a reader's scope,
and the field behind each dimension. The engine (engine.py) does everything else the
same way for every indicator — scope, filters, breakdowns, series, the list of records —
so the pages, exports, API and PDF read one definition.

Indicators are declared in `definitions/` (one module per area of the chain).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from .errors import FigureError, FigureErrorCode


class Unit:
    VISITORS = "visitors"
    PEOPLE = "people"
    REGISTRATIONS = "registrations"
    DOSSIERS = "dossiers"
    ENROLMENTS = "enrolments"
    ENTERPRISES = "enterprises"
    CONTRACTS = "contracts"
    ORDERS = "orders"
    JOBS = "jobs"
    MONEY = "money"


@dataclass(frozen=True)
class Column:
    """One column of the list of records an indicator counts."""

    label: Promise
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Promise
    description: Promise
    group: str
    unit: str
    # The records counted, before scope and filters (annotated where needed).
    records: Callable[[], QuerySet]
    # Path of the date placing a record in a period, of its province (the reader's scope
    # and the province filter) and of its country.
    date: str
    province: str
    country: str
    # Dimension code -> path of the field carrying it.
    dimensions: Mapping[str, str]
    # None: each record counts one; else the path of the amount summed.
    amount: str | None = None
    # Position in the chain's funnel (None: not a funnel step), and the step its
    # conversion is measured against (None: the step before it).
    step: int | None = None
    base: str | None = None
    # The page of one record, and the columns of the list of records.
    link: Callable[[Model], str] | None = None
    columns: tuple[Column, ...] = field(default_factory=tuple)
    # Records whose `link` needs related rows.
    select_related: tuple[str, ...] = ()
    # A sum of other indicators of the same unit, each with its own records (visitors:
    # the counter's tallies, plus the head count of events where nobody ran it).
    parts: tuple[str, ...] = ()
    # The time from the step before: (code of that step, a callable giving the
    # expression of the date each record reached it). None: not measured.
    since: tuple[str, Callable[[], Any]] | None = None
    # The order of the list of records, newest first, by a column an index serves when
    # the date is computed (a registration's day is its capture time's): default
    # (-date, -pk).
    order_by: tuple[str, ...] = ()

    @property
    def ordering(self) -> tuple[str, ...]:
        return self.order_by or (f"-{self.date}", "-pk")


REGISTRY: dict[str, Indicator] = {}


def define(indicator: Indicator) -> Indicator:
    if indicator.code in REGISTRY:
        raise ValueError(f"indicator {indicator.code} is defined twice")
    REGISTRY[indicator.code] = indicator
    return indicator


def indicator_named(code: str) -> Indicator:
    try:
        return REGISTRY[code]
    except KeyError:
        raise FigureError(
            _unknown_message(), code=FigureErrorCode.UNKNOWN_INDICATOR, status_code=404, params={"code": code}
        ) from None


def _unknown_message() -> Promise:
    from django.utils.translation import gettext_lazy as _

    return _("No indicator is called “%(code)s” (it may have been removed).")


def funnel_steps() -> list[Indicator]:
    return sorted((i for i in REGISTRY.values() if i.step is not None), key=lambda i: i.step or 0)


def indicators_in(group: str) -> list[Indicator]:
    return [i for i in REGISTRY.values() if i.group == group]
