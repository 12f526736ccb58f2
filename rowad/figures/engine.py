"""The figures engine: every number Rowad shows about the chain comes from here.

`records(indicator, scope, filters)` is the one place where an indicator's records meet
the reader's scope and the filters; totals, breakdowns, series and the list of records
behind each number all start from it, so a number and the list it links to can never
disagree. A total, a breakdown by province, a series and a median are read from the
cells computed from those same records (cells.py) when the cells can answer and are
fresh; otherwise from the records themselves: a figure changes the moment the record it
counts does.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import Scope
from rowad.core.enums import CountryCode

from . import cells
from .dimensions import DIMENSIONS, NONE, PERIOD_STEPS, none_label
from .divisions import DivisionSet, division_sets, rollup_for
from .errors import FigureError, FigureErrorCode
from .indicators import Indicator, Unit

# The roles that read figures; a reader's scope is the provinces of those memberships.
READER_ROLES = (Role.DIRECTOR, Role.AGENCY_OFFICER, Role.ORG_ADMIN)
Number = int | Decimal


@dataclass(frozen=True)
class Filters:
    country: str
    # dimension code -> the keys selected (a record matches one of them)
    selected: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    start: datetime.date | None = None
    end: datetime.date | None = None
    # The territorial divisions provinces are shown by (divisions.DivisionSet).
    divisions: str = DivisionSet.CURRENT

    def params(self) -> list[tuple[str, str]]:
        pairs = [("country", self.country)]
        if self.divisions != DivisionSet.CURRENT:
            pairs.append(("divisions", self.divisions))
        for code in DIMENSIONS:
            pairs.extend((code, str(key)) for key in self.selected.get(code, ()))
        if self.start:
            pairs.append(("from", self.start.isoformat()))
        if self.end:
            pairs.append(("to", self.end.isoformat()))
        return pairs

    def query(self) -> str:
        return urlencode(self.params())

    def narrowed(self, dimension: str, key: Any) -> Filters:
        return replace(self, selected={**self.selected, dimension: (key,)})

    def within(self, start: datetime.date, end: datetime.date) -> Filters:
        start = max(start, self.start) if self.start else start
        end = min(end, self.end) if self.end else end
        return replace(self, start=start, end=end)


@dataclass(frozen=True)
class Figure:
    """One number and the filters listing exactly the records it counts."""

    indicator: str
    value: Number | None
    filters: Filters
    label: str = ""
    key: Any = None

    @property
    def url(self) -> str:
        return f"{reverse('figures:records', args=[self.indicator])}?{self.filters.query()}"


# -- Reading the filters ------------------------------------------------------------


def _date(raw: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise FigureError(
            _("“%(value)s” is not a date (expected YYYY-MM-DD)."),
            code=FigureErrorCode.BAD_PERIOD,
            params={"value": raw[:20]},
        ) from None


def readable_provinces(scope: Scope) -> frozenset[int] | None:
    """The provinces the reader's figure memberships reach (None: all)."""
    return scope.province_ids(*READER_ROLES)


def default_country(scope: Scope) -> str:
    from rowad.core.models import Province

    provinces = readable_provinces(scope)
    if provinces:
        country = Province.objects.filter(pk__in=provinces).values_list("country_id", flat=True).first()
        if country:
            return country
    return CountryCode.ALGERIA


def parse_filters(params: Any, scope: Scope) -> Filters:
    """The filters asked for in `params` (a QueryDict or a dict of lists), checked: an
    unknown value, a period ending before it starts or a province outside the reader's
    scope is refused with a clear message, never silently emptied."""
    country = _single(params, "country") or default_country(scope)
    if country not in CountryCode.values:
        raise FigureError(
            _("Unknown country “%(value)s”."), code=FigureErrorCode.BAD_VALUE, params={"value": country[:10]}
        )
    selected: dict[str, tuple[Any, ...]] = {}
    for code, dimension in DIMENSIONS.items():
        keys = []
        for raw in _many(params, code):
            key = dimension.parse(raw.strip())
            if key is None:
                raise FigureError(
                    _("“%(value)s” is not a valid value for %(dimension)s."),
                    code=FigureErrorCode.BAD_VALUE,
                    params={"value": raw[:20], "dimension": dimension.label},
                )
            keys.append(key)
        if keys:
            selected[code] = tuple(dict.fromkeys(keys))
    _check_provinces(selected.get("province", ()), scope)
    start, end = _date(_single(params, "from")), _date(_single(params, "to"))
    if start and end and end < start:
        raise FigureError(_("The period ends before it starts."), code=FigureErrorCode.BAD_PERIOD)
    divisions = _single(params, "divisions") or DivisionSet.CURRENT
    if divisions not in division_sets(country):
        raise FigureError(
            _("“%(value)s” is not a set of divisions of this country."),
            code=FigureErrorCode.BAD_VALUE,
            params={"value": divisions[:20]},
        )
    return Filters(country=country, selected=selected, start=start, end=end, divisions=divisions)


def _check_provinces(keys: Iterable[Any], scope: Scope) -> None:
    allowed = readable_provinces(scope)
    if allowed is None:
        return
    outside = [k for k in keys if k != NONE and k not in allowed]
    if outside:
        raise FigureError(
            _("Province %(value)s is outside the provinces you may read figures for."),
            code=FigureErrorCode.OUTSIDE_SCOPE,
            status_code=403,
            params={"value": outside[0]},
        )


def _many(params: Any, key: str) -> list[str]:
    if hasattr(params, "getlist"):
        values = params.getlist(key)
    else:
        value = params.get(key, [])
        values = value if isinstance(value, list | tuple) else [value]
    return [str(v) for v in values if str(v).strip()]


def _single(params: Any, key: str) -> str:
    values = _many(params, key)
    return values[-1].strip() if values else ""


# -- The records behind a figure ------------------------------------------------------


def applies(indicator: Indicator, filters: Filters) -> bool:
    """Every dimension filtered on is one the indicator's records carry."""
    return all(code in indicator.dimensions for code in filters.selected)


def check_applies(indicator: Indicator, filters: Filters) -> None:
    """Refuse, with a translated message, a filter the indicator's records do not carry."""
    if not applies(indicator, filters):
        missing = next(code for code in filters.selected if code not in indicator.dimensions)
        raise FigureError(
            _("%(indicator)s cannot be filtered by %(dimension)s."),
            code=FigureErrorCode.NOT_APPLICABLE,
            params={"indicator": indicator.label, "dimension": DIMENSIONS[missing].label},
        )


def records(indicator: Indicator, scope: Scope, filters: Filters) -> QuerySet:
    """The records `indicator` counts for this reader and these filters (a sum of
    indicators has no records of its own: read each part's)."""
    check_applies(indicator, filters)
    if indicator.parts:
        raise FigureError(
            _("%(indicator)s adds up several lists: open each one to see or export its records."),
            code=FigureErrorCode.NOT_APPLICABLE,
            params={"indicator": indicator.label},
        )
    qs = indicator.records()
    qs = qs.filter(scope.reach_q(*READER_ROLES, province=indicator.province))
    qs = qs.filter(**{indicator.country: filters.country})
    multi = False
    for code, keys in filters.selected.items():
        if code == "province":
            keys = _provinces_shown_as(filters, keys)
        qs = qs.filter(_matching(indicator.dimensions[code], keys, integer=DIMENSIONS[code].integer))
        multi = multi or DIMENSIONS[code].multi
    if filters.start:
        qs = qs.filter(**{f"{indicator.date}__gte": filters.start})
    if filters.end:
        qs = qs.filter(**{f"{indicator.date}__lte": filters.end})
    if multi:
        # A record matching two selected categories would come twice through the join.
        qs = indicator.records().filter(pk__in=qs.values("pk"))
    return qs


def record_list(indicator: Indicator, scope: Scope, filters: Filters) -> QuerySet:
    """The records of a figure as their list shows them: newest first (`Indicator.ordering`,
    an indexed column where the date is computed), with the related rows their columns
    read. (`select_related()` without names would drop the nullable relations the
    definitions select: one query per row.)"""
    qs = records(indicator, scope, filters)
    if indicator.select_related:
        qs = qs.select_related(*indicator.select_related)
    return qs.order_by(*indicator.ordering)


def _provinces_shown_as(filters: Filters, keys: Iterable[Any]) -> tuple[Any, ...]:
    """The provinces recorded that count under `keys` by the filters' divisions (a 1984
    wilaya stands for itself and the wilayas later cut from it)."""
    if filters.divisions == DivisionSet.CURRENT:
        return tuple(keys)
    rollup = rollup_for(filters.country, filters.divisions)
    wanted = set(keys)
    return tuple(k for k in wanted if k == NONE) + tuple(
        pk for pk, shown in rollup.items() if shown in wanted
    )


def _matching(path: str, keys: Iterable[Any], *, integer: bool) -> Q:
    keys = list(keys)
    condition = Q(**{f"{path}__in": [k for k in keys if k != NONE]})
    if NONE in keys:
        condition |= Q(**{f"{path}__isnull": True})
        if not integer:
            condition |= Q(**{path: ""})
    return condition


def _measure(indicator: Indicator, *, multi: bool = False) -> Any:
    """What a record weighs. `multi`: rows come through a many-valued join (a breakdown
    by target category): a record is counted once per value, not once per joined row."""
    if indicator.amount is None and multi:
        return Count("pk", distinct=True)
    if indicator.amount is None:
        # One row per record: `records` never joins a many-valued relation into its rows
        # (a filter on one goes through the ids), so no DISTINCT (a sort at scale).
        return Count("pk")
    if indicator.unit == Unit.MONEY:
        money = DecimalField(max_digits=16, decimal_places=2)
        return Coalesce(Sum(indicator.amount), Value(0), output_field=money)
    return Coalesce(Sum(indicator.amount), Value(0), output_field=IntegerField())


CENT = Decimal("0.01")


def _exact(value: Number) -> Number:
    """Amounts to the cent (SQLite sums decimals as floats of many places)."""
    return value.quantize(CENT) if isinstance(value, Decimal) else value


# -- Numbers ----------------------------------------------------------------------------


def total(indicator: Indicator, scope: Scope, filters: Filters) -> Figure:
    """The indicator's number (None when a filter does not apply to its records)."""
    if indicator.parts:
        summed = _summed(indicator, filters, [total(part, scope, filters) for part in parts_of(indicator)])[0]
        return replace(summed, label=str(indicator.label), filters=filters)
    if not applies(indicator, filters):
        return Figure(indicator.code, None, filters, str(indicator.label))
    value = cells.total(indicator, scope, filters)
    if value is None:
        value = records(indicator, scope, filters).aggregate(value=_measure(indicator))["value"]
    return Figure(indicator.code, _exact(value), filters, str(indicator.label))


def count(indicator: Indicator, scope: Scope, filters: Filters) -> int | None:
    """How many records a figure counts, from the cells when they can answer (None: count
    the records themselves)."""
    if indicator.parts or not applies(indicator, filters):
        return None
    return cells.count(indicator, scope, filters)


def breakdown(indicator: Indicator, scope: Scope, filters: Filters, by: str) -> list[Figure]:
    """The indicator's number per value of dimension `by`, each with its list. Rows where
    the dimension is not recorded come last as "Not given"."""
    if indicator.parts:
        rows = [f for part in parts_of(indicator) for f in breakdown(part, scope, filters, by)]
        if not rows:
            return []
        merged = _summed(indicator, filters, rows)
        return sorted((f for f in merged if f.key != NONE), key=lambda f: (-(f.value or 0), f.label)) + [
            f for f in merged if f.key == NONE
        ]
    if by not in indicator.dimensions or not applies(indicator, filters):
        return []
    path = indicator.dimensions[by]
    multi = DIMENSIONS[by].multi
    pairs = cells.by_province(indicator, scope, filters) if by == "province" else None
    if pairs is None:
        rows = (
            records(indicator, scope, filters).values(path).annotate(value=_measure(indicator, multi=multi))
        )
        pairs = [(row[path], row["value"]) for row in rows.order_by()]
    shown = rollup_for(filters.country, filters.divisions) if by == "province" else {}
    grouped: dict[Any, Number] = {}
    for raw, value in pairs:
        key = raw if raw not in (None, "") else NONE
        key = shown.get(key, key)
        grouped[key] = grouped.get(key, 0) + _exact(value)
    if DIMENSIONS[by].multi and indicator.amount is not None:
        # Through a many-valued join a record comes once per matching row (a dossier's two
        # holders in one category): sum each record once, over the records of its row.
        grouped = {key: _record_sum(indicator, scope, filters.narrowed(by, key)) for key in grouped}
    labels = DIMENSIONS[by].labels([k for k in grouped if k != NONE])
    figures = [
        Figure(indicator.code, value, filters.narrowed(by, key), labels.get(key, str(key)), key)
        for key, value in grouped.items()
        if key != NONE
    ]
    figures.sort(key=lambda f: (-f.value if f.value else 0, f.label))
    if NONE in grouped:
        figures.append(Figure(indicator.code, grouped[NONE], filters.narrowed(by, NONE), none_label(), NONE))
    return figures


def _record_sum(indicator: Indicator, scope: Scope, filters: Filters) -> Number:
    return _exact(records(indicator, scope, filters).aggregate(value=_measure(indicator))["value"])


_TRUNCATE = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}


def series(indicator: Indicator, scope: Scope, filters: Filters, step: str = "month") -> list[Figure]:
    """The indicator's number per month, quarter or year of its date (periods with
    records only), each with its list."""
    if step not in PERIOD_STEPS:
        raise FigureError(
            _("“%(value)s” is not a period step."),
            code=FigureErrorCode.BAD_VALUE,
            params={"value": step[:10]},
        )
    if indicator.parts:
        rows = [f for part in parts_of(indicator) for f in series(part, scope, filters, step)]
        return sorted(_summed(indicator, filters, rows), key=lambda f: f.key) if rows else []
    if not applies(indicator, filters):
        return []
    days = cells.by_day(indicator, scope, filters)
    if days is None:
        rows = (
            records(indicator, scope, filters)
            .annotate(period=_TRUNCATE[step](indicator.date))
            .values("period")
            .annotate(value=_measure(indicator))
            .order_by("period")
        )
        periods = [(row["period"], row["value"]) for row in rows]
    else:
        summed: dict[datetime.date, Number] = {}
        for day, value in days:
            start = period_start(day, step)
            summed[start] = summed.get(start, 0) + value
        periods = sorted(summed.items())
    figures = []
    for period, value in periods:
        if period is None:
            continue
        start = _as_date(period)
        end = period_end(start, step)
        figures.append(
            Figure(
                indicator.code,
                _exact(value),
                filters.within(start, end),
                period_label(start, step),
                start,
            )
        )
    return figures


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def period_start(day: datetime.date, step: str) -> datetime.date:
    """The first day of the month, quarter or year of `day` (as TruncMonth/Quarter/Year)."""
    if step == "year":
        return datetime.date(day.year, 1, 1)
    if step == "quarter":
        return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return datetime.date(day.year, day.month, 1)


def period_end(start: datetime.date, step: str) -> datetime.date:
    months = {"month": 1, "quarter": 3, "year": 12}[step]
    month_index = start.month - 1 + months
    following = datetime.date(start.year + month_index // 12, month_index % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def period_label(start: datetime.date, step: str) -> str:
    if step == "year":
        return str(start.year)
    if step == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return start.strftime("%Y-%m")


def parts_of(indicator: Indicator) -> list[Indicator]:
    from .indicators import REGISTRY

    return [REGISTRY[code] for code in indicator.parts]


def _summed(indicator: Indicator, filters: Filters, figures: list[Figure]) -> list[Figure]:
    """The parts' figures added per key (None where no part applies); each sum lists the
    composite's records page, which links to every part's own list."""
    sums: dict[Any, Figure] = {}
    for figure in figures:
        seen = sums.get(figure.key)
        if seen is None:
            sums[figure.key] = replace(figure, indicator=indicator.code)
        elif figure.value is not None:
            value = figure.value if seen.value is None else seen.value + figure.value
            sums[figure.key] = replace(seen, value=value)
    if not figures:
        return [Figure(indicator.code, None, filters, str(indicator.label))]
    return list(sums.values())


def median_days(indicator: Indicator, scope: Scope, filters: Filters) -> float | None:
    """The median number of days from the step before (`indicator.since`) to this one,
    over the records this figure counts that reached both (None: not measured, or no
    record). Read in Python from two dates per record: one column pair, no per-database
    date arithmetic."""
    if indicator.since is None or indicator.parts or not applies(indicator, filters):
        return None
    answered, median = cells.median_days(indicator, scope, filters)
    if answered:
        return median
    _previous, reached_before = indicator.since
    pairs = (
        records(indicator, scope, filters)
        .annotate(reached_before=reached_before())
        .filter(reached_before__isnull=False)
        .values_list(indicator.date, "reached_before")
    )
    days = [(_as_date(after) - _as_date(before)).days for after, before in pairs if after and before]
    return statistics.median(days) if days else None
