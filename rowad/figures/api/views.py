"""GET /api/figures/indicators/ (the catalogue), /api/figures/values/ (one indicator's
total, with a breakdown or a series) and /api/figures/funnel/ (the chain's steps): the
engine read with the caller's scope, exactly as the pages read it. A filter the engine
refuses is a 400 with its code (403 for a province outside the caller's provinces), an
unknown indicator a 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from rowad.core.enums import CountryCode
from rowad.core.money import currency_for_country

from .. import engine
from ..dimensions import DIMENSIONS, PERIOD_STEPS
from ..engine import Figure, Filters
from ..errors import FigureError, FigureErrorCode
from ..indicators import REGISTRY, Indicator, Unit, indicator_named
from ..queries import figures_scope, funnel
from .serializers import FigureValuesSerializer, FunnelSerializer, IndicatorSerializer


class ReadsFigures(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("figures.read")


FILTER_PARAMETERS = [
    OpenApiParameter(
        "country", str, enum=list(CountryCode.values), description="Default: the country of your provinces."
    ),
    *(
        OpenApiParameter(
            code,
            str,
            many=True,
            description=(
                f"Filter on {code}: {'ids' if dimension.integer else 'codes'} (repeat for several values; "
                "`none`: not recorded)."
            ),
        )
        for code, dimension in DIMENSIONS.items()
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day of the period (YYYY-MM-DD)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day of the period (YYYY-MM-DD)."),
]


def number(indicator: Indicator, value: Any) -> int | str | None:
    """Money as a decimal string (two places), other amounts and counts as integers."""
    if value is None:
        return None
    if indicator.unit == Unit.MONEY:
        return str(Decimal(value).quantize(Decimal("0.01")))
    return int(value)


def _filters(request: Request) -> tuple[Any, Filters]:
    scope = figures_scope(request.user)
    return scope, engine.parse_filters(request.query_params, scope)


def _row(request: Request, indicator: Indicator, figure: Figure) -> dict[str, Any]:
    key = figure.key.isoformat() if hasattr(figure.key, "isoformat") else figure.key
    return {
        "key": str(key),
        "label": figure.label,
        "value": number(indicator, figure.value),
        "records_url": request.build_absolute_uri(figure.url),
    }


class IndicatorsViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated, ReadsFigures]
    pagination_class = None

    @extend_schema(responses={200: IndicatorSerializer(many=True)})
    def list(self, request: Request) -> Response:
        return Response(
            [
                {
                    "code": indicator.code,
                    "label": str(indicator.label),
                    "description": str(indicator.description),
                    "group": indicator.group,
                    "unit": indicator.unit,
                    "funnel_step": indicator.step,
                    "dimensions": list(indicator.dimensions),
                }
                for indicator in REGISTRY.values()
            ]
        )


class ValuesViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated, ReadsFigures]
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("indicator", str, required=True, enum=sorted(REGISTRY)),
            *FILTER_PARAMETERS,
            OpenApiParameter(
                "by", str, enum=list(DIMENSIONS), description="Break the total down by a dimension."
            ),
            OpenApiParameter("step", str, enum=list(PERIOD_STEPS), description="Or a series by period."),
        ],
        responses={200: FigureValuesSerializer},
    )
    def list(self, request: Request) -> Response:
        indicator = indicator_named(request.query_params.get("indicator", ""))
        scope, filters = _filters(request)
        if not engine.applies(indicator, filters):
            engine.check_applies(indicator, filters)
        by, step = request.query_params.get("by") or None, request.query_params.get("step") or None
        if by is not None and by not in indicator.dimensions:
            raise FigureError(
                _("%(indicator)s cannot be broken down by “%(dimension)s”."),
                code=FigureErrorCode.NOT_APPLICABLE,
                params={"indicator": indicator.label, "dimension": by[:20]},
            )
        total = engine.total(indicator, scope, filters)
        if by is not None:
            rows = engine.breakdown(indicator, scope, filters, by)
        elif step is not None:
            rows = engine.series(indicator, scope, filters, step)
        else:
            rows = []
        return Response(
            {
                "indicator": indicator.code,
                "label": str(indicator.label),
                "unit": indicator.unit,
                "country": filters.country,
                "currency": currency_for_country(filters.country) if indicator.unit == Unit.MONEY else None,
                "filters": filters.query(),
                "total": number(indicator, total.value),
                "records_url": request.build_absolute_uri(total.url),
                "by": by,
                "step": step if by is None else None,
                "rows": [_row(request, indicator, figure) for figure in rows],
            }
        )


class FunnelViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated, ReadsFigures]
    pagination_class = None

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: FunnelSerializer})
    def list(self, request: Request) -> Response:
        scope, filters = _filters(request)
        steps = [
            {
                "indicator": step.indicator.code,
                "label": str(step.indicator.label),
                "funnel_step": step.indicator.step,
                "value": number(step.indicator, step.figure.value),
                "conversion": round(step.conversion, 4) if step.conversion is not None else None,
                "records_url": (
                    request.build_absolute_uri(step.figure.url) if step.figure.value is not None else None
                ),
            }
            for step in funnel(scope, filters)
        ]
        return Response({"country": filters.country, "filters": filters.query(), "steps": steps})
