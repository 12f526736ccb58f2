"""Serializers of the enterprise's phone API (rowad.market.api.portal)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from ..models import Allocation, EnterpriseMeans, ExecutionReport, Quote

NOTHING_DECLARED = {
    "workers": None,
    "equipment": [],
    "max_concurrent_orders": None,
    "served_provinces": [],
    "declared_on": None,
    "version": None,
}


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
            raise serializers.ValidationError({"reason": _("Say why you decline: the sponsor reads it.")})
        return data


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
