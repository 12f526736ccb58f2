"""The serializers of the orders API (names prefixed Market…: unique OpenAPI components)."""

from __future__ import annotations

from rest_framework import serializers

from rowad.core.models import Province
from rowad.partners.models import Organization, Programme, Specialty
from rowad.training.models import Course

from ..models import Allocation, Equipment, OrderDocument, Quote, WorkOrder
from ..services.order_fields import ORDER_FIELDS


class MarketOrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "reference",
            "sponsor",
            "programme",
            *ORDER_FIELDS,
            "status",
            "cancel_reason",
            "version",
        ]


class MarketOrderInput(serializers.Serializer):
    """The fields of an order; on PATCH only those sent change."""

    sponsor = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all())
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    specialty = serializers.PrimaryKeyRelatedField(queryset=Specialty.objects.all())
    province = serializers.PrimaryKeyRelatedField(queryset=Province.objects.all())
    communes = serializers.CharField(required=False, allow_blank=True, max_length=300)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit = serializers.CharField(max_length=20)
    estimated_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField(required=False, allow_blank=True, max_length=3)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    required_courses = serializers.PrimaryKeyRelatedField(
        queryset=Course.objects.all(), many=True, required=False
    )
    min_workers = serializers.IntegerField(required=False)
    required_equipment = serializers.PrimaryKeyRelatedField(
        queryset=Equipment.objects.all(), many=True, required=False
    )
    reserved_for_micro = serializers.BooleanField(required=False)
    method = serializers.CharField(max_length=10)
    weight_performance = serializers.IntegerField(required=False)
    weight_distance = serializers.IntegerField(required=False)
    weight_capacity = serializers.IntegerField(required=False)
    quote_deadline = serializers.DateTimeField(required=False, allow_null=True)
    payment_days = serializers.IntegerField(required=False)
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, allow_null=True)


class MarketOrderVersionInput(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True)


class MarketOverrideInput(MarketOrderVersionInput):
    enterprise = serializers.IntegerField()
    reason = serializers.CharField()


class MarketCancelInput(MarketOrderVersionInput):
    reason = serializers.CharField(allow_blank=True)


class MarketDocumentInput(serializers.Serializer):
    file = serializers.FileField()


class MarketOrderDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderDocument
        fields = ["id", "order", "name", "content_type", "size", "sha256", "uploaded_at"]


class MarketAllocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Allocation
        fields = [
            "id",
            "order",
            "enterprise",
            "round",
            "method",
            "basis",
            "amount",
            "candidates",
            "reason",
            "override_reason",
            "status",
            "offered_at",
            "answer_by",
            "responded_at",
            "decline_reason",
        ]


class MarketQuoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quote
        fields = ["id", "order", "enterprise", "amount", "note", "submitted_at"]


class MarketEligibilityLineSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField()


class MarketCandidateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField()
    reference = serializers.CharField()
    name = serializers.CharField()
    eligible = serializers.BooleanField()
    lines = MarketEligibilityLineSerializer(many=True)
