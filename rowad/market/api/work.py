"""The work on the API, for the sponsor's own systems: contracts, milestones (POST
<id>/review/ to accept or reject), execution reports (with the URLs of their photos, served
by the private photo view after the scope check) and invoices (POST <id>/payments/,
idempotent by `client_key`). Reading is scoped by rowad.market.queries; writing is the
sponsor's officers' (the services check the order is their organization's). Service errors
come back as 400/403/409 with their `code` (rowad.core.api.exception_handler)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import queries
from ..models import Contract, ExecutionReport, Invoice, Milestone, MilestoneReview, SponsorPayment
from ..rules import can_review_work, can_view_market
from ..services import record_sponsor_payment, review_milestone


class MarketMilestoneSerializer(serializers.ModelSerializer):
    contract_reference = serializers.CharField(source="contract.reference", read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "contract",
            "contract_reference",
            "position",
            "label",
            "quantity",
            "amount",
            "due_on",
            "status",
            "reported_quantity",
            "accepted_on",
            "version",
        ]
        read_only_fields = fields


class MarketContractSerializer(serializers.ModelSerializer):
    order_reference = serializers.CharField(source="order.reference", read_only=True)
    enterprise_reference = serializers.CharField(source="enterprise.reference", read_only=True)
    milestones = MarketMilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "reference",
            "order",
            "order_reference",
            "enterprise",
            "enterprise_reference",
            "amount",
            "currency",
            "signed_on",
            "ends_on",
            "status",
            "completed_on",
            "milestones",
        ]
        read_only_fields = fields


class MarketReportSerializer(serializers.ModelSerializer):
    photos = serializers.SerializerMethodField()

    class Meta:
        model = ExecutionReport
        fields = ["id", "milestone", "quantity", "done_on", "note", "photos", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_photos(self, obj: ExecutionReport) -> list[str]:
        request = self.context.get("request")
        urls = [reverse("market:report_photo", kwargs={"pk": p.pk}) for p in obj.photos.all()]
        return [request.build_absolute_uri(u) if request else u for u in urls]


class MarketReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = MilestoneReview
        fields = ["id", "milestone", "decision", "remarks", "decided_on", "created_at"]
        read_only_fields = fields


class MarketReviewInput(serializers.Serializer):
    accept = serializers.BooleanField()
    remarks = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField()
    expected_version = serializers.IntegerField(required=False, allow_null=True)


class MarketPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SponsorPayment
        fields = ["id", "invoice", "amount", "paid_on", "reference", "client_key", "recorded_at"]
        read_only_fields = fields


class MarketInvoiceSerializer(serializers.ModelSerializer):
    contract = serializers.IntegerField(source="milestone.contract_id", read_only=True)
    payments = MarketPaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "contract",
            "milestone",
            "amount",
            "currency",
            "issued_on",
            "due_on",
            "paid_amount",
            "paid_on",
            "status",
            "payments",
        ]
        read_only_fields = fields


class MarketPaymentInput(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    client_key = serializers.CharField(max_length=64, help_text="Your unique key for this payment.")


class WorkPermission(permissions.BasePermission):
    """Reading: the market's readers (the queryset decides which rows). Writing: the sponsor's officers."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action in ("review", "payments"):
            return bool(can_review_work(user))
        return bool(can_view_market(user))


class _ReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, WorkPermission]


@extend_schema_view(
    list=extend_schema(summary="List the contracts you reach, with their milestones"),
    retrieve=extend_schema(summary="Read a contract"),
)
class MarketContractViewSet(_ReadOnly):
    serializer_class = MarketContractSerializer

    def get_queryset(self):
        return queries.contracts_visible_to(self.request.user).prefetch_related("milestones").order_by("-id")


@extend_schema_view(
    list=extend_schema(summary="List the milestones of the contracts you reach"),
    retrieve=extend_schema(summary="Read a milestone"),
)
class MarketMilestoneViewSet(_ReadOnly):
    serializer_class = MarketMilestoneSerializer

    def get_queryset(self):
        qs = queries.milestones_visible_to(self.request.user)
        if self.action == "review":
            qs = qs.filter(
                contract__order__in=queries.orders_reviewed_by(self.request.user).order_by().values("pk")
            )
        return qs.order_by("contract_id", "position")

    @extend_schema(
        summary="Accept or reject a reported milestone",
        description="The sponsor's officer accepts (the invoice is issued, due `payment_days` "
        "later; the last acceptance completes the contract and rates it) or rejects with "
        "`remarks`. `decided_on` never in the future. 409 `wrong_state` for a milestone not "
        "reported, `stale_edit` when `expected_version` is outdated.",
        request=MarketReviewInput,
        responses={201: MarketReviewSerializer},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        milestone = self.get_object()
        data = MarketReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = review_milestone(milestone, actor=request.user, **data.validated_data)
        return Response(MarketReviewSerializer(review).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List the execution reports of the contracts you reach"),
    retrieve=extend_schema(summary="Read an execution report"),
)
class MarketReportViewSet(_ReadOnly):
    serializer_class = MarketReportSerializer

    def get_queryset(self):
        return queries.reports_visible_to(self.request.user).prefetch_related("photos").order_by("-id")


@extend_schema_view(
    list=extend_schema(summary="List the invoices of the contracts you reach"),
    retrieve=extend_schema(summary="Read an invoice with its payments"),
)
class MarketInvoiceViewSet(_ReadOnly):
    serializer_class = MarketInvoiceSerializer

    def get_queryset(self):
        qs = queries.invoices_visible_to(self.request.user).prefetch_related("payments")
        if self.action == "payments":
            qs = qs.filter(
                milestone__contract__order__in=queries.orders_reviewed_by(self.request.user)
                .order_by()
                .values("pk")
            )
        return qs.order_by("-issued_on", "-id")

    @extend_schema(
        summary="Record a payment of an invoice",
        description="The sponsor's officer records a payment: above zero, never above what "
        "remains (`overpayment`), `paid_on` neither in the future nor before the invoice. "
        "Idempotent by `client_key`: sent again it records nothing and returns 200 with the "
        "payment already recorded (201 the first time).",
        request=MarketPaymentInput,
        responses={201: MarketPaymentSerializer, 200: MarketPaymentSerializer},
    )
    @action(detail=True, methods=["post"])
    def payments(self, request, pk=None):
        invoice = self.get_object()
        data = MarketPaymentInput(data=request.data)
        data.is_valid(raise_exception=True)
        payment = record_sponsor_payment(invoice, actor=request.user, **data.validated_data)
        code = status.HTTP_200_OK if getattr(payment, "replayed", False) else status.HTTP_201_CREATED
        return Response(MarketPaymentSerializer(payment).data, status=code)


def register(router) -> None:
    router.register("market/contracts", MarketContractViewSet, basename="market-contract")
    router.register("market/milestones", MarketMilestoneViewSet, basename="market-milestone")
    router.register("market/reports", MarketReportViewSet, basename="market-report")
    router.register("market/invoices", MarketInvoiceViewSet, basename="market-invoice")
