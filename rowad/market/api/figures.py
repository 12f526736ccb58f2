"""GET /api/market/figures/: the market figures of the page (demand and share met, per
enterprise, concentration, late payments, reserved share, the gap by province ×
specialty), from the same functions (rowad.market.figures, rowad.market.gap), over the
orders the caller reads (a sponsor's officer: their organization's; the agency and
directors: their provinces'). Query: date_from, date_to (ISO dates, on the orders'
start), programme, province, specialty, sponsor (ids). Amounts are decimal strings, one
row per currency."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from .. import figures
from ..enums import ErrorCode
from ..queries import orders_visible_to


class ReadsMarket(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("market.view_market")


def _plain(value: Any) -> Any:
    """Decimals and dates as strings, sets as sorted lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in (sorted(value) if isinstance(value, set) else value)]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value) if not hasattr(value, "isoformat") else value.isoformat()


class MarketFiguresViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated, ReadsMarket]

    @extend_schema(
        parameters=[
            *(OpenApiParameter(name, OpenApiTypes.DATE) for name in figures.DATE_FILTERS),
            *(OpenApiParameter(name, int) for name in figures.FILTERS if name not in figures.DATE_FILTERS),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        _filters, bad = figures.clean_filters(request.query_params)
        if bad:
            raise ValidationError({name: [_("Not a valid value.")] for name in bad}, code=ErrorCode.INVALID)
        result = figures.compute(
            orders_visible_to(request.user), params=request.query_params, as_of=timezone.localdate()
        )
        gap = dataclasses.asdict(result.gap)
        gap.pop("maps")
        return Response(
            {
                "as_of": result.as_of.isoformat(),
                "filters": _plain(result.filters),
                "demand": _plain(result.demand),
                "enterprises": _plain(result.enterprises),
                "concentration": _plain(result.concentration),
                "late_payments": _plain(result.late),
                "gap": _plain(gap),
            }
        )


def register(router: BaseRouter) -> None:
    router.register("market/figures", MarketFiguresViewSet, basename="market-figures")
