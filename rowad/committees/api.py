"""REST endpoints of the committees app: sessions (read), evaluations (read, score)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from . import queries, services
from .models import AgendaItem, CommitteeSession, Evaluation, Score, SessionMember, Vote


class VoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vote
        fields = ["member", "choice"]


class AgendaItemSerializer(serializers.ModelSerializer):
    dossier_reference = serializers.CharField(source="dossier.reference", read_only=True)
    votes = VoteSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "dossier",
            "dossier_reference",
            "position",
            "decision",
            "reasons",
            "decided_at",
            "votes",
        ]


class SeatSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = SessionMember
        fields = ["user", "name", "is_chair", "present"]

    @extend_schema_field(serializers.CharField())
    def get_name(self, seat) -> str:
        return str(seat.user)


class SessionSerializer(serializers.ModelSerializer):
    seats = SeatSerializer(many=True, read_only=True)
    items = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = CommitteeSession
        fields = [
            "id",
            "title",
            "organization",
            "programme",
            "held_at",
            "place",
            "video_link",
            "quorum",
            "status",
            "announced_at",
            "version",
            "seats",
            "items",
        ]


class SessionPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("committees.view_committeesession")


class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Committee sessions in the user's scope, with attendance, agenda, decisions and votes."""

    serializer_class = SessionSerializer
    permission_classes = [permissions.IsAuthenticated, SessionPermission]
    filter_backends: list = []

    def get_queryset(self):
        return (
            queries.sessions_visible_to(self.request.user)
            .prefetch_related("seats__user", "items__dossier", "items__votes")
            .order_by("-held_at", "-id")
        )


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["criterion", "value", "comment"]


class EvaluationSerializer(serializers.ModelSerializer):
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "dossier", "evaluator", "comment", "submitted_at", "version", "scores"]
        read_only_fields = fields


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=5, decimal_places=2)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class EvaluationSubmitSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    version = serializers.IntegerField(required=False, help_text="The evaluation version the client loaded")


class EvaluationPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("committees.view_evaluation")


class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Evaluations the user may read; the evaluator submits scores with PUT."""

    serializer_class = EvaluationSerializer
    permission_classes = [permissions.IsAuthenticated, EvaluationPermission]
    filter_backends: list = []

    def get_queryset(self):
        return queries.evaluations_visible_to(self.request.user).prefetch_related("scores").order_by("-id")

    @extend_schema(request=EvaluationSubmitSerializer, responses=EvaluationSerializer)
    def update(self, request, *args, **kwargs):
        evaluation = self.get_object()
        payload = EvaluationSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        evaluation = services.submit_evaluation(
            evaluation,
            scores={s["criterion"]: (s["value"], s.get("comment", "")) for s in data["scores"]},
            comment=data.get("comment", ""),
            actor=request.user,
            expected_version=data.get("version"),
        )
        evaluation = self.get_queryset().get(pk=evaluation.pk)
        return Response(EvaluationSerializer(evaluation).data)


def register(router: BaseRouter) -> None:
    router.register("committee-sessions", SessionViewSet, basename="committee-session")
    router.register("evaluations", EvaluationViewSet, basename="evaluation")
