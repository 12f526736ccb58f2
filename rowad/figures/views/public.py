"""The public page of aggregates (no login), for partners' communication: registered,
dossiers approved, enterprises created and jobs per province and programme, for one
country and one year (`?country=DZ&year=2018`), small cells suppressed (public.py).
`?format=json` gives the same tables for partners' sites. No record, no name, no link to
a record: only these aggregates."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rowad.core.enums import CountryCode
from rowad.core.inputs import is_ascii_integer

from ..dimensions import NONE
from ..public import CACHE_SECONDS, TOTAL, PublicFigures, public_figures

DEFAULT_COUNTRY = CountryCode.ALGERIA
FIRST_YEAR = 2000


class BadRequest(ValueError):
    pass


def _year(raw: str) -> int:
    this_year = timezone.localdate().year
    if not raw:
        return this_year
    if not is_ascii_integer(raw) or not FIRST_YEAR <= int(raw) <= this_year:
        raise BadRequest(
            _("“%(value)s” is not a year we publish figures for (%(first)s to %(last)s).")
            % {"value": raw[:10], "first": FIRST_YEAR, "last": this_year}
        )
    return int(raw)


def _keys(raw: list[str], name: str) -> set[Any] | None:
    """The rows or columns asked for (ids, or "none"); None: all."""
    keys: set[Any] = set()
    for value in raw:
        value = value.strip()
        if value == NONE:
            keys.add(NONE)
        elif is_ascii_integer(value) and len(value) < 10:
            keys.add(int(value))
        else:
            raise BadRequest(_("“%(value)s” is not a valid %(name)s.") % {"value": value[:20], "name": name})
    return keys or None


def _table_rows(figures: PublicFigures, shown: dict, rows: list, columns: list) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "label": label,
            "cells": [shown[(key, column)] for column, _label in columns],
            "total": shown[(key, TOTAL)],
        }
        for key, label in rows
    ]


def _view(figures: PublicFigures, provinces: set | None, programmes: set | None) -> dict[str, Any]:
    rows = [(k, label) for k, label in figures.rows if provinces is None or k in provinces]
    columns = [(k, label) for k, label in figures.columns if programmes is None or k in programmes]
    tables = []
    for table in figures.tables:
        tables.append(
            {
                "indicator": table.indicator,
                "label": table.label,
                "rows": _table_rows(figures, table.shown, rows, columns),
                "totals": [table.shown[(TOTAL, column)] for column, _label in columns],
                "grand_total": table.shown[(TOTAL, TOTAL)],
            }
        )
    return {"rows": rows, "columns": columns, "tables": tables}


def _json(figures: PublicFigures, view: dict[str, Any], marker: str) -> dict[str, Any]:
    def value(number: int | None) -> int | str:
        return marker if number is None else number

    return {
        "country": figures.country,
        "year": figures.year,
        "min_cell": figures.threshold,
        "suppressed": marker,
        "columns": [{"key": str(k), "label": label} for k, label in view["columns"]],
        "tables": [
            {
                "indicator": table["indicator"],
                "label": table["label"],
                "rows": [
                    {
                        "key": str(row["key"]),
                        "label": row["label"],
                        "values": [value(v) for v in row["cells"]],
                        "total": value(row["total"]),
                    }
                    for row in table["rows"]
                ],
                "totals": [value(v) for v in table["totals"]],
                "grand_total": value(table["grand_total"]),
            }
            for table in view["tables"]
        ],
    }


@require_GET
def public_page(request: HttpRequest) -> HttpResponse:
    """Public: no login, national aggregates only, cached an hour."""
    wants_json = request.GET.get("format") == "json"
    try:
        country = request.GET.get("country", "").strip().upper() or DEFAULT_COUNTRY
        if country not in CountryCode.values:
            raise BadRequest(_("“%(value)s” is not a country of the platform.") % {"value": country[:10]})
        year = _year(request.GET.get("year", "").strip())
        provinces = _keys(request.GET.getlist("province"), _("province"))
        programmes = _keys(request.GET.getlist("programme"), _("programme"))
    except BadRequest as error:
        if wants_json:
            response: HttpResponse = JsonResponse({"detail": str(error)}, status=400)
        else:
            response = render(request, "figures/public.html", {"error": str(error)}, status=400)
        patch_cache_control(response, no_cache=True)
        return response
    figures = public_figures(country, year)
    view = _view(figures, provinces, programmes)
    marker = f"< {figures.threshold}"
    if wants_json:
        response = JsonResponse(_json(figures, view, marker), json_dumps_params={"ensure_ascii": False})
    else:
        context = {
            **view,
            "figures": figures,
            "marker": marker,
            "country_name": CountryCode(country).label,
            "citation": f"{request.path}?{urlencode({'country': country, 'year': year})}",
            "json_query": urlencode(
                [
                    ("country", country),
                    ("year", year),
                    *(("province", v) for v in request.GET.getlist("province")),
                    *(("programme", v) for v in request.GET.getlist("programme")),
                    ("format", "json"),
                ]
            ),
            "countries": CountryCode.choices,
            "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1),
        }
        response = render(request, "figures/public.html", context)
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
