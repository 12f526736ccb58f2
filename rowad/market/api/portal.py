"""The enterprise's phone on the API: its offers (answered by the manager), its quotes (its
own price only), its execution reports (multipart with photos, idempotent on
`client_uuid`) and its declared means. A project holder reaches only the enterprises they
own now (404 for any other); staff are refused (403). Service errors come back as
400/403/409 with their `code` (rowad.core.api.exception_handler)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from rowad.accounts.scope import scope_for
from rowad.enterprises.queries import enterprises_visible_to

from .. import invitations, queries, services
from ..models import Allocation, EnterpriseMeans, ExecutionReport, Quote


def _admin(user: Any) -> bool:
    return scope_for(user).is_platform_admin


class IsEnterpriseHolder(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.has_perm("market.use_portal"))


class MarketMyOfferSerializer(serializers.ModelSerializer):
    order_reference = serializers.CharField(source="order.reference", read_only=True)
    title = serializers.CharField(source="order.title", read_only=True)
    province = serializers.CharField(source="order.province.name", read_only=True)
    quantity = serializers.DecimalField(
        source="order.quantity", max_digits=12, decimal_places=2, read_only=True
    )
    unit = serializers.CharField(source="order.unit", read_only=True)
    currency = serializers.CharField(source="order.currency", read_only=True)
    starts_on = serializers.DateField(source="order.starts_on", read_only=True)
    ends_on = serializers.DateField(source="order.ends_on", read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "order",
            "order_reference",
            "title",
            "province",
            "quantity",
            "unit",
            "amount",
            "currency",
            "starts_on",
            "ends_on",
            "enterprise",
            "status",
            "offered_at",
            "answer_by",
            "responded_at",
            "decline_reason",
        ]
        read_only_fields = fields


class MarketOfferAnswerInput(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")

    def validate(self, data):
        if not data["accept"] and not data.get("reason", "").strip():
            raise serializers.ValidationError({"reason": "Say why you decline."})
        return data


@extend_schema_view(
    list=extend_schema(summary="My enterprises' offers", description="Newest first, every status."),
    retrieve=extend_schema(summary="One offer to my enterprise"),
)
class MyOfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, IsEnterpriseHolder]
    serializer_class = MarketMyOfferSerializer

    def get_queryset(self):
        user = self.request.user
        qs = queries.allocations_visible_to(user) if _admin(user) else queries.offers_for_holder(user)
        return qs.select_related("order__province").order_by("-offered_at", "-id")

    @extend_schema(
        summary="Accept or decline an offer",
        description="The enterprise's manager answers (`reason` required to decline; the order then "
        "goes to the next enterprise). 403 `not_allowed` for another owner, 409 `wrong_state` "
        "for an offer already answered.",
        request=MarketOfferAnswerInput,
        responses={200: MarketMyOfferSerializer},
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        allocation = self.get_object()
        data = MarketOfferAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        answered = services.respond_to_offer(
            allocation,
            accept=data.validated_data["accept"],
            reason=data.validated_data["reason"],
            actor=request.user,
        )
        return Response(MarketMyOfferSerializer(answered).data)


class MarketMyQuoteSerializer(serializers.ModelSerializer):
    order_reference = serializers.CharField(source="order.reference", read_only=True)
    deadline = serializers.DateTimeField(source="order.quote_deadline", read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "order",
            "order_reference",
            "enterprise",
            "amount",
            "note",
            "submitted_at",
            "deadline",
        ]
        read_only_fields = fields


class MarketQuoteInput(serializers.Serializer):
    order = serializers.IntegerField()
    enterprise = serializers.IntegerField(required=False, help_text="Default: the one invited")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


@extend_schema_view(
    list=extend_schema(summary="My enterprises' quotes", description="Only your own prices."),
    create=extend_schema(
        summary="Send or change my price",
        description="Before the order's deadline only (409 `quote_closed` after); a second price "
        "replaces the first. 404 for an order your enterprises are not invited to.",
        request=MarketQuoteInput,
        responses={201: MarketMyQuoteSerializer},
    ),
)
class MyQuoteViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, IsEnterpriseHolder]
    serializer_class = MarketMyQuoteSerializer

    def get_queryset(self):
        return queries.quotes_of_holder(self.request.user).order_by("-submitted_at", "-id")

    def create(self, request, *args, **kwargs):
        data = MarketQuoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        invited = invitations.invitation_for(request.user, values["order"])
        if invited is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        enterprise = invited.enterprise
        if values.get("enterprise") not in (None, enterprise.pk):
            enterprise = get_object_or_404(
                queries.enterprises_managed_as_holder(request.user), pk=values["enterprise"]
            )
        quote = services.submit_quote(
            invited.order, enterprise, amount=values["amount"], note=values["note"], actor=request.user
        )
        return Response(MarketMyQuoteSerializer(quote).data, status=status.HTTP_201_CREATED)


class MarketMyReportSerializer(serializers.ModelSerializer):
    contract = serializers.IntegerField(source="milestone.contract_id", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = ExecutionReport
        fields = [
            "id",
            "milestone",
            "contract",
            "quantity",
            "done_on",
            "note",
            "client_uuid",
            "photos",
            "created_at",
        ]
        read_only_fields = fields

    def get_photos(self, obj) -> list[int]:
        return [photo.pk for photo in obj.photos.all()]


class MarketReportInput(serializers.Serializer):
    milestone = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2)
    done_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


@extend_schema_view(
    list=extend_schema(summary="My enterprises' execution reports"),
    create=extend_schema(
        summary="Report work done on a milestone (with photos)",
        description="multipart/form-data: `milestone`, `quantity`, `done_on`, `note`, `photos` (several), "
        "`client_uuid` (sent twice, recorded once: 200 with the stored report). 404 for a "
        "milestone of a contract not your enterprise's; 400 `quantity_exceeded`, `not_an_image`.",
        request={"multipart/form-data": MarketReportInput},
        responses={201: MarketMyReportSerializer, 200: MarketMyReportSerializer},
    ),
)
class MyReportViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, IsEnterpriseHolder]
    serializer_class = MarketMyReportSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]

    def _contracts(self):
        user = self.request.user
        return queries.contracts_visible_to(user) if _admin(user) else queries.contracts_of_holder(user)

    def get_queryset(self):
        return (
            ExecutionReport.objects.filter(milestone__contract__in=self._contracts().values("pk"))
            .select_related("milestone")
            .prefetch_related("photos")
            .order_by("-done_on", "-id")
        )

    def create(self, request, *args, **kwargs):
        data = MarketReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        milestones = queries.milestones_visible_to(request.user).filter(
            contract__in=self._contracts().values("pk")
        )
        milestone = get_object_or_404(milestones, pk=values["milestone"])
        client_uuid = values.get("client_uuid")
        known = bool(client_uuid) and ExecutionReport.objects.filter(client_uuid=client_uuid).exists()
        report = services.report_execution(
            milestone,
            quantity=values["quantity"],
            done_on=values["done_on"],
            note=values["note"],
            photos=values["photos"],
            client_uuid=client_uuid,
            actor=request.user,
        )
        body = MarketMyReportSerializer(report).data
        return Response(body, status=status.HTTP_200_OK if known else status.HTTP_201_CREATED)


NOTHING_DECLARED = {
    "workers": None,
    "equipment": [],
    "max_concurrent_orders": None,
    "served_provinces": [],
    "declared_on": None,
    "version": None,
}


class MarketMeansSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseMeans
        fields = [
            "enterprise",
            "workers",
            "equipment",
            "max_concurrent_orders",
            "served_provinces",
            "declared_on",
            "version",
        ]
        read_only_fields = ["enterprise", "declared_on", "version"]
        extra_kwargs = {"equipment": {"required": False}, "served_provinces": {"required": False}}


@extend_schema_view(
    retrieve=extend_schema(summary="My enterprise's declared means (by enterprise id)"),
    update=extend_schema(
        summary="Declare my enterprise's means",
        description="The manager declares people, equipment (ids), orders at once and other provinces "
        "served (of the enterprise's country). Send `version` to refuse a stale edit (409).",
    ),
    partial_update=extend_schema(summary="Declare my enterprise's means (some fields)"),
)
class MyMeansViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, IsEnterpriseHolder]
    serializer_class = MarketMeansSerializer
    lookup_url_kwarg = "pk"

    def _enterprises(self):
        user = self.request.user
        if _admin(user):
            return enterprises_visible_to(user)
        if self.action == "retrieve":
            return queries.enterprises_of_holder(user)
        return queries.enterprises_managed_as_holder(user)

    def get_object(self):
        enterprise = get_object_or_404(self._enterprises(), pk=self.kwargs["pk"])
        return queries.means_of(enterprise) or EnterpriseMeans(
            enterprise=enterprise, workers=1, max_concurrent_orders=1
        )

    def get_queryset(self):
        return EnterpriseMeans.objects.none()

    def retrieve(self, request, *args, **kwargs):
        means = self.get_object()
        if means.pk is None:
            return Response({"enterprise": means.enterprise_id, **NOTHING_DECLARED})
        return Response(MarketMeansSerializer(means).data)

    def update(self, request, *args, **kwargs):
        means = self.get_object()
        partial = kwargs.pop("partial", False)
        data = MarketMeansSerializer(means if means.pk else None, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        current_equipment = list(means.equipment.all()) if means.pk else []
        current_provinces = list(means.served_provinces.all()) if means.pk else []
        saved = services.declare_means(
            means.enterprise,
            workers=values.get("workers", means.workers),
            equipment=values.get("equipment", current_equipment),
            max_concurrent_orders=values.get("max_concurrent_orders", means.max_concurrent_orders),
            served_provinces=values.get("served_provinces", current_provinces),
            actor=request.user,
            expected_version=request.data.get("version"),
        )
        return Response(MarketMeansSerializer(saved).data)


def register(router: BaseRouter) -> None:
    router.register("market/my-offers", MyOfferViewSet, basename="market-my-offers")
    router.register("market/my-quotes", MyQuoteViewSet, basename="market-my-quotes")
    router.register("market/my-reports", MyReportViewSet, basename="market-my-reports")
    router.register("market/my-means", MyMeansViewSet, basename="market-my-means")
