"""Viewsets of the financing API. Every queryset comes from rowad.financing.queries: what a
user reads and writes here is what they read and write on the pages (a funder's officer:
only the lines their organization finances, in their provinces). Errors of the services
come back as 400/409 with their `code` (rowad.core.api.exception_handler)."""

from __future__ import annotations

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rowad.core.api import validated_input

from .. import queries
from ..models import Disbursement, FunderDecision, Instalment, Payment, PaymentAllocation
from ..rules import can_view_financing, can_view_own_financing
from ..services import record_decision, record_disbursement, record_payment
from .fields import PARSERS
from .serializers import (
    DecisionInput,
    DecisionSerializer,
    DisbursementInput,
    DisbursementSerializer,
    LineSerializer,
    PaymentInput,
    PaymentSerializer,
    PlanSerializer,
    ScheduleSerializer,
)

# Actions that write: recording a funder's decision, a tranche, a payment.
WRITES = frozenset({"decisions", "disbursements", "payments"})
WRITERS = queries.MANAGERS + queries.FUNDERS


class FinancingPermission(permissions.BasePermission):
    """Reading: staff who read financing and project holders (their own dossiers); the
    queryset decides which objects. Writing: agency officers and funders' officers; the
    object is then looked up among the lines they decide on (404 otherwise)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action in WRITES:
            return user.has_perm("financing.decide_financing")
        return bool(can_view_financing(user) or can_view_own_financing(user))


class FinancingViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, FinancingPermission]
    parser_classes = PARSERS
    filter_backends = [DjangoFilterBackend]

    def _written(self, serializer_class, instance, created: bool) -> Response:
        data = serializer_class(instance, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _decisions() -> Prefetch:
    return Prefetch("decisions", queryset=FunderDecision.objects.order_by("recorded_at", "id"))


@extend_schema_view(
    list=extend_schema(
        summary="List financing plans",
        description="The financing plans of the dossiers you reach, newest first, each with "
        "the lines you may see (a funder's officer sees only their organization's lines).",
    ),
    retrieve=extend_schema(summary="Read a financing plan", description="A plan with its visible lines."),
)
class PlanViewSet(FinancingViewSet):
    serializer_class = PlanSerializer
    filterset_fields = ["dossier", "state"]

    def get_queryset(self):
        user = self.request.user
        lines = queries.lines_visible_to(user).prefetch_related(_decisions())
        return (
            queries.plans_visible_to(user)
            .select_related("dossier")
            .prefetch_related(Prefetch("lines", queryset=lines))
            .order_by("-id")
        )


@extend_schema_view(
    list=extend_schema(
        summary="List financing lines",
        description="The plan lines you may see, with their funder's current decision, the "
        "decisions recorded so far and the amount disbursed. A funder's system filters on "
        "`decision=submitted` to find the lines waiting for its decision.",
    ),
    retrieve=extend_schema(summary="Read a financing line"),
)
class LineViewSet(FinancingViewSet):
    serializer_class = LineSerializer
    filterset_fields = ["plan", "plan__dossier", "funder", "kind", "decision"]

    def get_queryset(self):
        if self.action in WRITES:
            return queries.lines_decided_by(self.request.user)
        return queries.lines_visible_to(self.request.user).prefetch_related(_decisions()).order_by("id")

    @extend_schema(
        summary="Record a funder's decision on a line",
        description="Records the funder's decision on the line: `submitted` (sent to the funder "
        "on `decided_on`), `approved` or `reduced` (with the `amount` approved and any "
        "`conditions`) or `refused` (with the `reason`; the plan goes back for revision). "
        "Open to the agency's officers and to the officers of the line's funder. Returns the "
        "decision recorded. 400 `{code}` when the decision is not allowed, 409 "
        "`{code: stale_edit}` when `version` is outdated.",
        request=DecisionInput,
        responses={201: DecisionSerializer},
    )
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        line = self.get_object()
        data = self._input(DecisionInput)
        decision = record_decision(
            line,
            decision=data["decision"],
            decided_on=data["decided_on"],
            amount=data["amount"],
            conditions=data["conditions"],
            reason=data["reason"],
            reference=data["reference"],
            expected_version=data["version"],
            actor=request.user,
        )
        return self._written(DecisionSerializer, decision, created=True)

    @extend_schema(
        summary="Record a disbursement (a tranche) on a line",
        description="Records a tranche paid out on an approved line, as JSON or as "
        "multipart/form-data with the supplier's `invoice` attached (PDF or image, the same "
        "checks as dossier documents). Never above the amount approved, never before the "
        "approval. Idempotent by `client_uuid`: the same tranche sent twice is stored once "
        "(201 the first time, 200 with the stored tranche after).",
        request={"multipart/form-data": DisbursementInput, "application/json": DisbursementInput},
        responses={201: DisbursementSerializer, 200: DisbursementSerializer},
    )
    @action(detail=True, methods=["post"])
    def disbursements(self, request, pk=None):
        line = self.get_object()
        data = self._input(DisbursementInput)
        client_uuid = data["client_uuid"]
        known = bool(client_uuid) and Disbursement.objects.filter(client_uuid=client_uuid).exists()
        disbursement = record_disbursement(
            line,
            amount=data["amount"],
            paid_on=data["paid_on"],
            purpose=data["purpose"],
            supplier=data["supplier"],
            invoice_number=data["invoice_number"],
            invoice=data["invoice"],
            paid_by=data["paid_by"],
            client_uuid=client_uuid,
            actor=request.user,
        )
        disbursement = queries.disbursements_visible_to(request.user).get(pk=disbursement.pk)
        return self._written(DisbursementSerializer, disbursement, created=not known)

    def _input(self, serializer_class) -> dict:
        return validated_input(self.request, serializer_class)


@extend_schema_view(
    list=extend_schema(
        summary="List repayment schedules",
        description="The repayment schedules of the repaid lines you may see (active, repaid, "
        "and those superseded by a rescheduling), each with its instalments.",
    ),
    retrieve=extend_schema(summary="Read a repayment schedule with its instalments"),
)
class ScheduleViewSet(FinancingViewSet):
    serializer_class = ScheduleSerializer
    filterset_fields = ["line", "state"]

    def get_queryset(self):
        user = self.request.user
        if self.action in WRITES:
            return queries.schedules_visible_to(user, roles=WRITERS)
        instalments = Instalment.objects.order_by("number")
        return (
            queries.schedules_visible_to(user)
            .prefetch_related(Prefetch("instalments", queryset=instalments))
            .order_by("id")
        )

    @extend_schema(
        summary="Record a payment on a schedule",
        description="Records money received on the schedule; it is allocated to the "
        "instalments (oldest first; in each, interest before principal). `currency` must be "
        "the schedule's. Idempotent by `client_uuid` (201 the first time, 200 with the stored "
        "payment after); 409 `{code: stale_edit}` when `version` (the schedule's) is outdated; "
        "400 `{code}` for a payment on a closed schedule or in the wrong currency.",
        request=PaymentInput,
        responses={201: PaymentSerializer, 200: PaymentSerializer},
    )
    @action(detail=True, methods=["post"])
    def payments(self, request, pk=None):
        schedule = self.get_object()
        serializer = PaymentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        client_uuid = data["client_uuid"]
        known = bool(client_uuid) and Payment.objects.filter(client_uuid=client_uuid).exists()
        payment = record_payment(
            schedule,
            amount=data["amount"],
            currency=data["currency"],
            paid_on=data["paid_on"],
            reference=data["reference"],
            client_uuid=client_uuid,
            expected_version=data["version"],
            actor=request.user,
        )
        payment = _payments(request.user).get(pk=payment.pk)
        return self._written(PaymentSerializer, payment, created=not known)


@extend_schema_view(
    list=extend_schema(
        summary="List disbursements",
        description="The tranches paid out on the lines you may see, by line and date.",
    ),
    retrieve=extend_schema(summary="Read a disbursement"),
)
class DisbursementViewSet(FinancingViewSet):
    serializer_class = DisbursementSerializer
    filterset_fields = ["line", "purpose"]

    def get_queryset(self):
        return queries.disbursements_visible_to(self.request.user).order_by("line_id", "paid_on", "id")


def _payments(user):
    allocations = PaymentAllocation.objects.select_related("instalment").order_by("instalment__number")
    return queries.payments_visible_to(user).prefetch_related(Prefetch("allocations", queryset=allocations))


@extend_schema_view(
    list=extend_schema(
        summary="List payments",
        description="The payments received on the schedules you may see, each with its "
        "allocation to the instalments.",
    ),
    retrieve=extend_schema(summary="Read a payment"),
)
class PaymentViewSet(FinancingViewSet):
    serializer_class = PaymentSerializer
    filterset_fields = ["schedule"]

    def get_queryset(self):
        return _payments(self.request.user).order_by("schedule_id", "paid_on", "id")
