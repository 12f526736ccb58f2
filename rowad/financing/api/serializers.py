"""Serializers of the financing API. Every amount is a string of a Decimal next to the
`currency` of the object it belongs to (fields.money_out); inputs are read as Decimals."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from rowad.partners.models import Organization

from ..enums import Currency, DisbursementPurpose, LineDecision
from ..models import (
    Disbursement,
    FinancingPlan,
    FunderDecision,
    Instalment,
    Payment,
    PaymentAllocation,
    PlanLine,
    RepaymentSchedule,
)
from .fields import money_field, money_out

# What a funder's system posts (a line is "pending" until submitted: never posted).
POSTED_DECISIONS = [(value, label) for value, label in LineDecision.choices if value != LineDecision.PENDING]
POSITIVE = Decimal("0.01")
TERMS = ["repaid", "term_months", "grace_months", "interest_rate", "interest_borne_by", "frequency"]


class DecisionSerializer(serializers.ModelSerializer):
    currency = serializers.CharField(source="line.plan.currency", read_only=True)
    amount = money_out(allow_null=True)

    class Meta:
        model = FunderDecision
        fields = [
            "id",
            "line",
            "decision",
            "decided_on",
            "amount",
            "currency",
            "conditions",
            "reason",
            "reference",
            "recorded_at",
        ]
        read_only_fields = fields


class LineSerializer(serializers.ModelSerializer):
    """A line of a plan with its funder's current decision and what was paid out on it."""

    currency = serializers.CharField(source="plan.currency", read_only=True)
    dossier = serializers.IntegerField(source="plan.dossier_id", read_only=True)
    dossier_reference = serializers.CharField(source="plan.dossier.reference", read_only=True)
    amount = money_out()
    approved_amount = money_out(allow_null=True)
    disbursed_amount = money_out()
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanLine
        fields = [
            "id",
            "plan",
            "dossier",
            "dossier_reference",
            "position",
            "kind",
            "funder",
            "part",
            "amount",
            "currency",
            "deviation",
            *TERMS,
            "decision",
            "submitted_on",
            "decided_on",
            "approved_amount",
            "conditions",
            "refusal_reason",
            "disbursed_amount",
            "decisions",
            "version",
        ]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    """A dossier's plan; `lines` holds only the lines the reader may see (a funder's
    officer: their organization's)."""

    investment = money_out()
    dossier_reference = serializers.CharField(source="dossier.reference", read_only=True)
    lines = LineSerializer(many=True, read_only=True)

    class Meta:
        model = FinancingPlan
        fields = [
            "id",
            "dossier",
            "dossier_reference",
            "formula",
            "currency",
            "investment",
            "state",
            "approved_on",
            "lines",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class InstalmentSerializer(serializers.ModelSerializer):
    """`principal` + `interest` is what the holder owes; `subsidised_interest` is paid by
    the state and shown apart."""

    currency = serializers.CharField(source="schedule.currency", read_only=True)
    principal = money_out()
    interest = money_out()
    subsidised_interest = money_out()
    paid_principal = money_out()
    paid_interest = money_out()

    class Meta:
        model = Instalment
        fields = [
            "number",
            "due_on",
            "principal",
            "interest",
            "subsidised_interest",
            "paid_principal",
            "paid_interest",
            "currency",
            "settled_on",
        ]
        read_only_fields = fields


class ScheduleSerializer(serializers.ModelSerializer):
    principal = money_out()
    outstanding_principal = money_out()
    instalments = InstalmentSerializer(many=True, read_only=True)

    class Meta:
        model = RepaymentSchedule
        fields = [
            "id",
            "line",
            "number",
            "state",
            "currency",
            "principal",
            "outstanding_principal",
            *TERMS,
            "first_due",
            "first_unpaid_due",
            "supersedes",
            "reason",
            "instalments",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class DisbursementSerializer(serializers.ModelSerializer):
    """A tranche; the invoice itself stays in private storage (`has_invoice`, `invoice_name`)."""

    currency = serializers.CharField(source="line.plan.currency", read_only=True)
    amount = money_out()
    has_invoice = serializers.SerializerMethodField()

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "line",
            "amount",
            "currency",
            "paid_on",
            "purpose",
            "supplier",
            "invoice_number",
            "has_invoice",
            "invoice_name",
            "paid_by",
            "client_uuid",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_has_invoice(self, disbursement) -> bool:
        return bool(disbursement.invoice)


class AllocationSerializer(serializers.ModelSerializer):
    instalment = serializers.IntegerField(source="instalment.number", read_only=True)
    principal = money_out()
    interest = money_out()

    class Meta:
        model = PaymentAllocation
        fields = ["instalment", "principal", "interest"]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    """A payment and how it was allocated to the instalments (instalment numbers)."""

    amount = money_out()
    allocations = AllocationSerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "schedule",
            "amount",
            "currency",
            "paid_on",
            "reference",
            "client_uuid",
            "allocations",
            "recorded_at",
        ]
        read_only_fields = fields


# --- Inputs -----------------------------------------------------------------------------


class DecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=POSTED_DECISIONS)
    decided_on = serializers.DateField(help_text="The date of the funder's decision (or of the submission)")
    amount = money_field(
        required=False, allow_null=True, default=None, help_text="The amount approved (approved or reduced)"
    )
    conditions = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text="Why the line was refused"
    )
    reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="The funder's own reference"
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The line's version the client read (409 if stale)",
    )


class DisbursementInput(serializers.Serializer):
    amount = money_field(min_value=POSITIVE)
    paid_on = serializers.DateField()
    purpose = serializers.ChoiceField(choices=DisbursementPurpose.choices)
    supplier = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    invoice_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    invoice = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The supplier's invoice or pro-forma (PDF or image)",
    )
    paid_by = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, default=None
    )
    client_uuid = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The client's key: the same tranche sent twice is stored once",
    )


class PaymentInput(serializers.Serializer):
    amount = money_field(min_value=POSITIVE)
    currency = serializers.ChoiceField(
        choices=Currency.choices, help_text="The currency paid in: must be the schedule's"
    )
    paid_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    client_uuid = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The client's key: the same payment sent twice is stored once",
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The schedule's version the client read (409 if stale)",
    )
