"""Work orders and their allocations on the API (OpenAPI at /api/schema/).

  GET   /api/market/orders/                    the orders you read (sponsor: its own; agency: its provinces')
  POST  /api/market/orders/                    post one (idempotent on `client_uuid`)
  PATCH /api/market/orders/<id>/               edit one nobody holds yet (`version` required)
  POST  /api/market/orders/<id>/allocate/      run the order's rule
  POST  /api/market/orders/<id>/override/      offer it to `enterprise` with a written `reason`
  POST  /api/market/orders/<id>/cancel/        cancel it with a `reason`
  GET   /api/market/orders/<id>/eligibility/   the candidates now, with the reason for each rule
  GET   /api/market/orders/<id>/quotes/        the prices once the deadline has passed (409 quotes_sealed before)
  POST  /api/market/orders/<id>/documents/     attach a document (multipart `file`)
  GET   /api/market/allocations/               every allocation of the orders you read

Writes: sponsor officers and agency officers managing the order (404 outside it); the
services' errors come back as 400/403/409 with their `code`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from rowad.enterprises.models import Enterprise

from .. import queries
from ..enums import ErrorCode
from ..errors import MarketConflict
from ..models import Allocation, WorkOrder
from ..rules import can_manage_orders, can_view_market
from ..services import (
    add_order_document,
    allocate_order,
    cancel_order,
    override_allocation,
    post_order,
    update_order,
)
from ..services.common import now, today
from .order_serializers import (
    MarketAllocationSerializer,
    MarketCancelInput,
    MarketCandidateSerializer,
    MarketDocumentInput,
    MarketOrderDocumentSerializer,
    MarketOrderInput,
    MarketOrderSerializer,
    MarketOrderVersionInput,
    MarketOverrideInput,
    MarketQuoteSerializer,
)

WRITES = frozenset({"create", "partial_update", "allocate", "override", "cancel", "documents"})


class MarketOrderPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action in WRITES:
            return bool(can_manage_orders(user))
        return bool(can_view_market(user))


@extend_schema_view(
    list=extend_schema(summary="List work orders", description="The orders you read, newest first."),
    retrieve=extend_schema(summary="Read a work order"),
)
class MarketOrderViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = MarketOrderSerializer
    permission_classes = [permissions.IsAuthenticated, MarketOrderPermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["status", "province", "specialty", "programme", "method"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        orders = queries.orders_managed_by(user) if self.action in WRITES else queries.orders_visible_to(user)
        return orders.order_by("-starts_on", "-id")

    def _input(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _order(self, order: WorkOrder, code=status.HTTP_200_OK) -> Response:
        order.refresh_from_db()
        return Response(MarketOrderSerializer(order).data, status=code)

    @extend_schema(
        summary="Post a work order",
        description="Posted by an officer of the sponsor (or its parent) or an agency officer of the "
        "province; the programme is sponsored by the sponsor. The same `client_uuid` twice returns "
        "the first order (200).",
        request=MarketOrderInput,
        responses={201: MarketOrderSerializer, 200: MarketOrderSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self._input(MarketOrderInput)
        client_uuid = data.pop("client_uuid", None)
        existed = bool(client_uuid) and WorkOrder.objects.filter(client_uuid=client_uuid).exists()
        order = post_order(
            sponsor=data.pop("sponsor"),
            programme=data.pop("programme"),
            data=data,
            actor=request.user,
            client_uuid=client_uuid,
        )
        return self._order(order, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit a work order",
        description="Only while nobody holds it; `version` is the version you read (409 stale_edit).",
        request=MarketOrderInput,
        responses={200: MarketOrderSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        order = self.get_object()
        data = self._input(MarketOrderInput, partial=True)
        version = data.pop("version", None)
        for name in ("sponsor", "programme", "client_uuid"):
            data.pop(name, None)
        update_order(order, data=data, expected_version=version, actor=request.user)
        return self._order(order)

    @extend_schema(
        summary="Run the order's rule",
        request=MarketOrderVersionInput,
        responses={200: MarketAllocationSerializer, 204: None},
    )
    @action(detail=True, methods=["post"])
    def allocate(self, request, pk=None):
        order = self.get_object()
        data = self._input(MarketOrderVersionInput)
        allocation = allocate_order(order, actor=request.user, expected_version=data.get("version"))
        if allocation is None:
            return self._order(order)
        return Response(MarketAllocationSerializer(allocation).data)

    @extend_schema(
        summary="Override the rule",
        description="Offers the order to an eligible `enterprise` of its programme with a written "
        "`reason`; 400 `ineligible` with the reasons otherwise.",
        request=MarketOverrideInput,
        responses={200: MarketAllocationSerializer},
    )
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        order = self.get_object()
        data = self._input(MarketOverrideInput)
        enterprise = Enterprise.objects.filter(pk=data["enterprise"], programme_id=order.programme_id).first()
        if enterprise is None:
            raise NotFound
        allocation = override_allocation(
            order, enterprise, reason=data["reason"], actor=request.user, expected_version=data.get("version")
        )
        return Response(MarketAllocationSerializer(allocation).data)

    @extend_schema(
        summary="Cancel a work order", request=MarketCancelInput, responses={200: MarketOrderSerializer}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self.get_object()
        data = self._input(MarketCancelInput)
        cancel_order(order, reason=data["reason"], actor=request.user, expected_version=data.get("version"))
        return self._order(order)

    @extend_schema(
        summary="The order's candidates now",
        description="Every enterprise of the programme working in the province, with one line per rule.",
        responses={200: MarketCandidateSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def eligibility(self, request, pk=None):
        order = self.get_object()
        from .. import eligibility as rules

        rows = []
        for row in rules.explain(order, as_of=today(), now=now()):
            facts = row["facts"]
            rows.append(
                {
                    "enterprise": facts.id,
                    "reference": facts.reference,
                    "name": facts.name,
                    "eligible": row["eligible"],
                    "lines": [rules.describe(line) for line in row["lines"]],
                }
            )
        return Response(MarketCandidateSerializer(rows, many=True).data)

    @extend_schema(
        summary="The order's quotes",
        description="The prices, lowest first, once the deadline has passed; 409 `quotes_sealed` before.",
        responses={200: MarketQuoteSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def quotes(self, request, pk=None):
        order = self.get_object()
        if queries.quotes_are_sealed(order):
            raise MarketConflict(
                _("Quotes stay sealed until %(deadline)s.")
                % {"deadline": order.quote_deadline.isoformat(timespec="minutes")},
                code=ErrorCode.QUOTES_SEALED,
            )
        return Response(MarketQuoteSerializer(queries.quotes_readable(request.user, order), many=True).data)

    @extend_schema(
        summary="Attach a document",
        description="PDF, JPEG, PNG or DOCX (checked by content), multipart `file`.",
        request={"multipart/form-data": MarketDocumentInput},
        responses={201: MarketOrderDocumentSerializer},
    )
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        order = self.get_object()
        data = self._input(MarketDocumentInput)
        document = add_order_document(order, file=data["file"], actor=request.user)
        return Response(MarketOrderDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List allocations", description="The allocations of the orders you read."),
    retrieve=extend_schema(summary="Read an allocation"),
)
class MarketAllocationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MarketAllocationSerializer
    permission_classes = [permissions.IsAuthenticated, MarketOrderPermission]
    filterset_fields = ["order", "enterprise", "status", "basis"]

    def get_queryset(self):
        user = self.request.user
        return (
            Allocation.objects.filter(order__in=queries.orders_visible_to(user).order_by().values("pk"))
            .select_related("order", "enterprise")
            .order_by("order_id", "round", "id")
        )


def register(router) -> None:
    router.register("market/orders", MarketOrderViewSet, basename="market-orders")
    router.register("market/allocations", MarketAllocationViewSet, basename="market-allocations")
