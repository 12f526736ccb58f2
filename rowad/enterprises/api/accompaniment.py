"""The accompaniment API: mentor assignments, sessions and visits (a phone or another
system posts them). Reads come from rowad.enterprises.queries (a mentor sees only their
caseload); writes go through services.accompaniment, whose errors come back as 400/403/409
with their `code`.

  GET/POST /api/enterprises/assignments/  (POST: agency officers)
  GET/POST /api/enterprises/sessions/     (POST: the dossier's mentor or an officer)
  GET/POST /api/enterprises/visits/       (POST: idempotent by client_uuid — 201 then 200)"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from rowad.dossiers.models import Dossier
from rowad.dossiers.queries import dossiers_visible_to

from .. import queries
from ..enums import Difficulty, Need, SessionPhase, TurnoverBand
from ..models import AccompanimentSession, Enterprise, MentorAssignment, Visit
from ..rules import can_accompany, can_manage_enterprises, can_view_enterprises
from ..services.accompaniment import assign_mentor, record_session, record_visit


class MentorAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentorAssignment
        fields = ["id", "dossier", "mentor", "started_on", "ended_on", "reason", "assigned_by", "assigned_at"]


class MentorAssignmentInput(serializers.Serializer):
    dossier = serializers.IntegerField()
    mentor = serializers.IntegerField()
    started_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AccompanimentSessionSerializer(serializers.ModelSerializer):
    topic_code = serializers.CharField(source="topic.code", read_only=True)

    class Meta:
        model = AccompanimentSession
        fields = [
            "id", "dossier", "enterprise", "phase", "held_on", "topic", "topic_code", "notes", "next_steps",
            "next_session_on", "attendees", "mentor", "client_uuid", "created_at",
        ]  # fmt: skip


class AccompanimentSessionInput(serializers.Serializer):
    dossier = serializers.IntegerField()
    topic = serializers.CharField(help_text="The topic's id or code (one of the dossier's programme).")
    held_on = serializers.DateField()
    phase = serializers.ChoiceField(choices=SessionPhase.choices, required=False, allow_blank=True)
    attendees = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")
    next_session_on = serializers.DateField(required=False, allow_null=True)
    client_uuid = serializers.UUIDField(required=False, allow_null=True)


class EnterpriseVisitSerializer(serializers.ModelSerializer):
    total_jobs = serializers.IntegerField(read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id", "enterprise", "visited_on", "mentor", "operating", "permanent_men", "permanent_women",
            "seasonal_men", "seasonal_women", "total_jobs", "turnover_band", "difficulties", "needs", "notes",
            "client_uuid", "created_at",
        ]  # fmt: skip


class EnterpriseVisitInput(serializers.Serializer):
    enterprise = serializers.IntegerField()
    visited_on = serializers.DateField()
    operating = serializers.BooleanField(required=False, default=True)
    permanent_men = serializers.IntegerField(required=False, default=0)
    permanent_women = serializers.IntegerField(required=False, default=0)
    seasonal_men = serializers.IntegerField(required=False, default=0)
    seasonal_women = serializers.IntegerField(required=False, default=0)
    turnover_band = serializers.ChoiceField(
        choices=TurnoverBand.choices, required=False, allow_blank=True, default=""
    )
    difficulties = serializers.ListField(
        child=serializers.ChoiceField(choices=Difficulty.choices), required=False, default=list
    )
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Need.choices), required=False, default=list
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    client_uuid = serializers.UUIDField(required=False, allow_null=True)


class AccompanimentPermission(permissions.BasePermission):
    """Reading: staff who read enterprises (the queryset scopes). Writing: `write_rule`."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if request.method == "POST":
            return bool(view.write_rule(user))
        return bool(can_view_enterprises(user))


class AccompanimentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, AccompanimentPermission]
    input_class: type[serializers.Serializer]

    def _input(self) -> dict:
        serializer = self.input_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _written(self, instance, created: bool) -> Response:
        data = self.get_serializer(instance).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _found(queryset, pk):
    from django.http import Http404

    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@extend_schema_view(
    list=extend_schema(
        summary="List mentor assignments", description="Current and past mentors of the dossiers you reach."
    ),
    create=extend_schema(
        summary="Assign a mentor to a dossier",
        description="Agency officers: the mentor must hold an active mentor membership covering the "
        "dossier's province (400 `mentor_outside` / `not_a_mentor`); the open assignment is closed "
        "(400 `already_assigned` for the same mentor).",
        request=MentorAssignmentInput,
        responses={201: MentorAssignmentSerializer},
    ),
)
class AssignmentViewSet(AccompanimentViewSet):
    serializer_class = MentorAssignmentSerializer
    input_class = MentorAssignmentInput
    filterset_fields = ["dossier", "mentor"]

    @staticmethod
    def write_rule(user):
        return can_manage_enterprises(user)

    def get_queryset(self):
        return queries.assignments_visible_to(self.request.user).order_by("-id")

    def create(self, request):
        data = self._input()
        dossier = _found(dossiers_visible_to(request.user, roles=queries.MANAGERS), data["dossier"])
        mentor = get_user_model().objects.filter(pk=data["mentor"]).first()
        assignment = assign_mentor(
            dossier, mentor, actor=request.user, started_on=data.get("started_on"), reason=data["reason"]
        )
        return self._written(assignment, created=True)


@extend_schema_view(
    list=extend_schema(
        summary="List accompaniment sessions", description="Sessions of the dossiers you reach."
    ),
    create=extend_schema(
        summary="Record an accompaniment session",
        description="The dossier's mentor or an agency officer. Idempotent by `client_uuid` (201 the "
        "first time, 200 with the stored session after).",
        request=AccompanimentSessionInput,
        responses={201: AccompanimentSessionSerializer, 200: AccompanimentSessionSerializer},
    ),
)
class SessionViewSet(AccompanimentViewSet):
    serializer_class = AccompanimentSessionSerializer
    input_class = AccompanimentSessionInput
    filterset_fields = ["dossier", "enterprise", "phase"]

    @staticmethod
    def write_rule(user):
        return can_accompany(user)

    def get_queryset(self):
        return queries.sessions_visible_to(self.request.user).prefetch_related("attendees").order_by("-id")

    def create(self, request):
        data = self._input()
        dossier: Dossier = _found(queries.dossiers_accompanied_by(request.user), data.pop("dossier"))
        known = (
            bool(data.get("client_uuid"))
            and AccompanimentSession.objects.filter(client_uuid=data["client_uuid"]).exists()
        )
        session = record_session(dossier, actor=request.user, **data)
        return self._written(session, created=not known)


@extend_schema_view(
    list=extend_schema(summary="List visits", description="Follow-up visits of the enterprises you reach."),
    create=extend_schema(
        summary="Record a follow-up visit",
        description="The enterprise's mentor or an agency officer; not in the future (400 "
        "`future_date`), not before the creation (400 `before_creation`). Idempotent by "
        "`client_uuid`: 201 the first time, 200 with the stored visit after.",
        request=EnterpriseVisitInput,
        responses={201: EnterpriseVisitSerializer, 200: EnterpriseVisitSerializer},
    ),
)
class VisitViewSet(AccompanimentViewSet):
    serializer_class = EnterpriseVisitSerializer
    input_class = EnterpriseVisitInput
    filterset_fields = ["enterprise", "operating"]

    @staticmethod
    def write_rule(user):
        return can_accompany(user)

    def get_queryset(self):
        return queries.visits_visible_to(self.request.user).order_by("-visited_on", "-id")

    def create(self, request):
        data = self._input()
        enterprise: Enterprise = _found(
            queries.enterprises_accompanied_by(request.user), data.pop("enterprise")
        )
        known = (
            bool(data.get("client_uuid")) and Visit.objects.filter(client_uuid=data["client_uuid"]).exists()
        )
        visit = record_visit(enterprise, actor=request.user, **data)
        return self._written(visit, created=not known)
