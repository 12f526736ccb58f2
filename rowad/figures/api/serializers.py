"""The shapes of the figures API's answers (for the OpenAPI document; the views build
plain dicts). Numbers are integers, or decimal strings for money (with `currency`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {"oneOf": [{"type": "integer"}, {"type": "string", "format": "decimal"}], "nullable": True}
)
class NumberField(serializers.Field):
    """A count (integer) or an amount of money (decimal string)."""

    def to_representation(self, value):
        return value


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    group = serializers.CharField()
    unit = serializers.CharField()
    funnel_step = serializers.IntegerField(allow_null=True)
    dimensions = serializers.ListField(child=serializers.CharField())


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="The dimension's value (an id, a code, `none`) or the period's start."
    )
    label = serializers.CharField()
    value = NumberField(help_text="An integer, or a decimal string for money.")
    records_url = serializers.URLField(help_text="The page listing the records this number counts.")


class FigureValuesSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    country = serializers.CharField()
    currency = serializers.CharField(allow_null=True, help_text="For money only (DZD, MAD).")
    filters = serializers.CharField(help_text="The filters in force, as a query string.")
    total = NumberField(help_text="An integer, or a decimal string for money.")
    records_url = serializers.URLField()
    by = serializers.CharField(allow_null=True)
    step = serializers.CharField(allow_null=True)
    rows = FigureRowSerializer(many=True)


class FunnelStepSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    label = serializers.CharField()
    funnel_step = serializers.IntegerField()
    value = NumberField(help_text="Null when a filter does not apply to the step.")
    conversion = serializers.FloatField(
        allow_null=True, help_text="Share of the step it is measured against."
    )
    records_url = serializers.URLField(allow_null=True)


class FunnelSerializer(serializers.Serializer):
    country = serializers.CharField()
    filters = serializers.CharField()
    steps = FunnelStepSerializer(many=True)
