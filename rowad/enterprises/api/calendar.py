"""The legal follow-up calendar and the life events on the API (OpenAPI at /api/schema/).

  GET  /api/enterprises/obligations/                the obligations of the enterprises you reach
  POST /api/enterprises/obligations/<id>/complete/  mark one done (agency officers managing it)
  GET  /api/enterprises/life-events/                the life events of the enterprises you reach
  POST /api/enterprises/life-events/                record one (agency officers managing it)

Errors of the services come back as 400/403/409 with their `code`
(rowad.core.api.exception_handler)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from rowad.core.api import validated_input

from .. import queries
from ..definitions import dated_state
from ..enums import ClosureReason, LifeEventKind
from ..models import LifeEvent, Obligation
from ..rules import can_manage_enterprises, can_view_enterprises, can_view_own_enterprise
from ..services.calendar import complete_obligation
from ..services.life import record_life_event

WRITES = frozenset({"complete", "create"})


class CalendarPermission(permissions.BasePermission):
    """Reading: staff who read enterprises and holders (their own); the queryset decides
    which. Writing: agency officers; the object is then looked up among the enterprises
    they manage (404 otherwise)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action in WRITES:
            return bool(can_manage_enterprises(user))
        return bool(can_view_enterprises(user) or can_view_own_enterprise(user))


class ObligationSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = Obligation
        fields = ["id", "enterprise", "kind", "label", "due_on", "done_on", "note", "reminded_on", "state"]

    def get_state(self, obligation: Obligation) -> str:
        return dated_state(obligation.done_on, obligation.due_on, timezone.localdate())


class CompleteInput(serializers.Serializer):
    done_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class LifeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = LifeEvent
        fields = [
            "id",
            "enterprise",
            "kind",
            "occurred_on",
            "reason",
            "note",
            "transferred_to",
            "recorded_at",
        ]


class LifeEventInput(serializers.Serializer):
    enterprise = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LifeEventKind.choices)
    occurred_on = serializers.DateField()
    reason = serializers.ChoiceField(
        choices=ClosureReason.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    transferred_to = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class CalendarViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, CalendarPermission]

    def _input(self, serializer_class) -> dict:
        return validated_input(self.request, serializer_class)


@extend_schema_view(
    list=extend_schema(
        summary="List obligations",
        description="The legal obligations of the enterprises you reach, by due date, each "
        "with its state (done, late, due).",
    ),
    retrieve=extend_schema(summary="Read an obligation"),
)
class ObligationViewSet(CalendarViewSet):
    serializer_class = ObligationSerializer
    filterset_fields = ["enterprise", "kind"]

    def get_queryset(self):
        user = self.request.user
        obligations = queries.obligations_visible_to(user)
        if self.action in WRITES:
            obligations = obligations.filter(enterprise__in=queries.enterprises_managed_by(user).values("pk"))
        return obligations.order_by("due_on", "id")

    @extend_schema(
        summary="Mark an obligation done",
        description="Marks the obligation done on `done_on` (not in the future, not before the "
        "enterprise's creation). Agency officers managing the enterprise. 400 `{code}` when it "
        "is already done or the date is refused.",
        request=CompleteInput,
        responses={200: ObligationSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        obligation = self.get_object()
        data = self._input(CompleteInput)
        obligation = complete_obligation(
            obligation, actor=request.user, done_on=data["done_on"], note=data["note"]
        )
        return Response(ObligationSerializer(obligation).data)


@extend_schema_view(
    list=extend_schema(
        summary="List life events",
        description="Suspended, resumed, closed, transferred: the life events of the "
        "enterprises you reach, by enterprise and date.",
    ),
    retrieve=extend_schema(summary="Read a life event"),
)
class LifeEventViewSet(mixins.CreateModelMixin, CalendarViewSet):
    serializer_class = LifeEventSerializer
    filterset_fields = ["enterprise", "kind"]

    def get_queryset(self):
        enterprises = queries.enterprises_visible_to(self.request.user).order_by().values("pk")
        return LifeEvent.objects.filter(enterprise__in=enterprises).order_by(
            "enterprise_id", "occurred_on", "id"
        )

    @extend_schema(
        summary="Record a life event",
        description="Records what happened to an enterprise you manage and moves its status: "
        "`suspended` (from operating), `resumed` (from suspended), `closed` (with a `reason`) "
        "or `transferred` (with `transferred_to`). A closed or transferred enterprise takes no "
        "further event. The date is not in the future, not before the creation nor the last "
        "event. 400 `{code}` when refused, 409 `{code: stale_edit}` when `version` (the "
        "enterprise's) is outdated.",
        request=LifeEventInput,
        responses={201: LifeEventSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self._input(LifeEventInput)
        enterprise = queries.enterprises_managed_by(request.user).filter(pk=data["enterprise"]).first()
        if enterprise is None:
            raise NotFound
        event = record_life_event(
            enterprise,
            actor=request.user,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            reason=data["reason"],
            note=data["note"],
            transferred_to=data["transferred_to"],
            expected_version=data["version"],
        )
        return Response(LifeEventSerializer(event).data, status=status.HTTP_201_CREATED)
