"""The creation steps on the API (OpenAPI at /api/schema/).

  GET  /api/enterprises/steps/                 the creation steps of the enterprises you reach
  POST /api/enterprises/steps/<id>/complete/   mark one done: `done_on`, `reference`, `note`,
                                               and a `document` (multipart) if any
  POST /api/enterprises/steps/<id>/reopen/     undo it (its document is deleted)

Writes: agency officers managing the enterprise (404 outside it); the services' errors come
back as 400/403/409 with their `code`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from .. import queries
from ..models import CreationStep
from ..services.editing import complete_step, reopen_step, step_state
from .calendar import CalendarViewSet

WRITES = frozenset({"complete", "reopen"})


class CreationStepSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = CreationStep
        fields = ["id", "enterprise", "code", "position", "due_on", "done_on", "reference", "note", "state"]
        fields += ["has_document"]

    def get_state(self, step: CreationStep) -> str:
        return step_state(step)

    def get_has_document(self, step: CreationStep) -> bool:
        return bool(step.document)


class StepDoneInput(serializers.Serializer):
    done_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    document = serializers.FileField(required=False, allow_null=True, default=None)


@extend_schema_view(
    list=extend_schema(
        summary="List creation steps",
        description="The creation steps of the enterprises you reach, each with its state (done, late, due).",
    ),
    retrieve=extend_schema(summary="Read a creation step"),
)
class StepViewSet(CalendarViewSet):
    serializer_class = CreationStepSerializer
    filterset_fields = ["enterprise", "code"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        user = self.request.user
        steps = queries.steps_visible_to(user)
        if self.action in WRITES:
            steps = steps.filter(enterprise__in=queries.enterprises_managed_by(user).values("pk"))
        return steps.order_by("enterprise_id", "position", "id")

    @extend_schema(
        summary="Mark a creation step done",
        description="On `done_on` (not in the future), with the document's reference and the "
        "document itself (PDF, JPEG or PNG, multipart) if any. Agency officers managing the "
        "enterprise.",
        request={"application/json": StepDoneInput, "multipart/form-data": StepDoneInput},
        responses={200: CreationStepSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        step = self.get_object()
        data = self._input(StepDoneInput)
        step = complete_step(
            step,
            actor=request.user,
            done_on=data["done_on"],
            reference=data["reference"],
            note=data["note"],
            document=data["document"],
        )
        return Response(CreationStepSerializer(step).data)

    @extend_schema(summary="Reopen a creation step", request=None, responses={200: CreationStepSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        step = reopen_step(self.get_object(), actor=request.user)
        return Response(CreationStepSerializer(step).data)
