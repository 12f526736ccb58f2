"""GET /api/enterprises/figures/: the enterprise figures of the page (survival by cohort,
jobs, one breakdown), from the same functions (rowad.enterprises.figures), over the
enterprises the caller reaches (officers and directors: their agency's; a mentor: their
caseload). Query: programme, province, legal_form, specialty, sex, age_band (the filter
bar) and dimension (programme, province, specialty, legal_form, sex, age_band). Each
number comes with `filters`, the enterprise list's query parameters listing exactly the
enterprises it counts (null where the list has no filter for them)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import figures
from ..enums import ErrorCode
from ..queries import MENTORS, READERS, enterprises_visible_to


class ReadsEnterprises(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("enterprises.view_enterprises")


def _cell(cell: figures.Cell) -> dict[str, Any]:
    return {"value": cell.value, "filters": cell.params}


def _plain(value: Any) -> Any:
    """Cells as {value, filters}, rates as strings of decimals (or null)."""
    if isinstance(value, figures.Cell):
        return _cell(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


class FiguresViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated, ReadsEnterprises]

    @extend_schema(
        parameters=[
            OpenApiParameter("dimension", str, enum=list(figures.DIMENSIONS)),
            *(OpenApiParameter(name, str) for name in figures.BASE_FILTERS),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        dimension = request.query_params.get("dimension") or "programme"
        if dimension not in figures.DIMENSIONS:
            raise ValidationError(
                {"dimension": [_("Choose one of: %(names)s.") % {"names": ", ".join(figures.DIMENSIONS)}]},
                code=ErrorCode.INVALID,
            )
        _filters, bad = figures.clean_filters(request.query_params)
        if bad:
            raise ValidationError({name: [_("Not a valid value.")] for name in bad}, code=ErrorCode.INVALID)
        enterprises = enterprises_visible_to(request.user, roles=READERS + MENTORS)
        on = timezone.localdate()
        result = figures.compute(enterprises, dimension=dimension, on=on, params=request.query_params)
        return Response(
            {
                "on": on.isoformat(),
                "filters": figures.base_params(request.query_params),
                "survival": _plain(result.survival),
                "jobs": _plain(result.jobs),
                "dimension": dimension,
                "breakdown": _plain(result.breakdown),
            }
        )
