"""The training API (serializers and viewsets): each area adds its routes in register()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from . import queries
from .enums import AbsenceReason, AttendanceMethod, AttendanceStatus, ErrorCode, HalfDay, MarkOutcome
from .services.attendance import MAX_BATCH, AttendanceError, record_marks

# --- attendance (the trainer's phone syncs its roll call) -------------------------------


class AttendanceMarkSerializer(serializers.Serializer):
    """One mark taken on a device."""

    client_uuid = serializers.UUIDField()
    enrolment = serializers.IntegerField()
    day = serializers.DateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    reason = serializers.ChoiceField(choices=AbsenceReason.choices, required=False, allow_blank=True)
    arrived_at = serializers.TimeField(required=False, allow_null=True)
    taken_at = serializers.DateTimeField(help_text="When the trainer took the mark on the device")
    method = serializers.ChoiceField(choices=AttendanceMethod.choices, required=False)


class TakesAttendance(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return user.has_perm("training.teach") or user.has_perm("training.manage_training")


def _answer(client_uuid: Any, outcome: str, code: str = "", detail: str = "") -> dict[str, Any]:
    answer = {"client_uuid": str(client_uuid) if client_uuid else None, "status": outcome}
    answer["label"] = str(MarkOutcome(outcome).label)
    if code:
        answer.update(code=code, detail=detail)
    return answer


def _errors_text(errors: dict) -> str:
    return " ".join(f"{field}: {' '.join(str(m) for m in messages)}" for field, messages in errors.items())


def sync_marks(items: list[Any], user: Any) -> list[dict[str, Any]]:
    """Validate, group by cohort and record each cohort's marks; one answer per item, in order."""
    answers: list[dict[str, Any] | None] = [None] * len(items)
    valid: list[tuple[int, dict[str, Any]]] = []
    for index, raw in enumerate(items):
        serializer = AttendanceMarkSerializer(data=raw)
        if serializer.is_valid():
            valid.append((index, dict(serializer.validated_data)))
        else:
            client_uuid = raw.get("client_uuid") if isinstance(raw, dict) else None
            detail = _errors_text(serializer.errors)
            answers[index] = _answer(client_uuid, MarkOutcome.REFUSED, "invalid", detail)
    enrolments = dict(
        queries.enrolments_visible_to(user)
        .filter(pk__in={m["enrolment"] for _i, m in valid})
        .values_list("pk", "cohort_id")
    )
    by_cohort: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for index, mark in valid:
        cohort_id = enrolments.get(mark["enrolment"])
        if cohort_id is None:
            detail = _("This trainee is not enrolled in a training session of yours.")
            answers[index] = _answer(mark["client_uuid"], MarkOutcome.REFUSED, ErrorCode.NOT_ENROLLED, detail)
        else:
            by_cohort.setdefault(cohort_id, []).append((index, mark))
    cohorts = queries.cohorts_visible_to(user).in_bulk(list(by_cohort))
    for cohort_id, marks in by_cohort.items():
        try:
            results = record_marks(cohorts[cohort_id], [m for _i, m in marks], actor=user)
        except AttendanceError as error:
            for index, mark in marks:
                answers[index] = _answer(mark["client_uuid"], MarkOutcome.REFUSED, error.code, error.message)
            continue
        for (index, _mark), result in zip(marks, results, strict=True):
            answers[index] = _answer(result.client_uuid, result.outcome, result.code, result.detail)
    return [a for a in answers if a is not None]


class AttendanceViewSet(viewsets.GenericViewSet):
    """A device's roll call: POST `{"marks": [...]}`; each mark is recorded once (by its
    client UUID) and answered: recorded, already_recorded, updated (a later mark of the
    same half-day), superseded (an earlier one) or refused (with `code` and `detail`)."""

    permission_classes = [permissions.IsAuthenticated, TakesAttendance]
    serializer_class = AttendanceMarkSerializer

    def get_queryset(self):
        return queries.enrolments_visible_to(self.request.user).none()

    @extend_schema(
        request=inline_serializer(
            "AttendanceBatch", fields={"marks": serializers.ListField(child=AttendanceMarkSerializer())}
        ),
        responses={
            200: inline_serializer(
                "AttendanceBatchResult",
                fields={
                    "results": serializers.ListField(child=serializers.DictField()),
                    **{outcome: serializers.IntegerField() for outcome in MarkOutcome.values},
                },
            )
        },
    )
    def create(self, request):
        items = request.data.get("marks") if isinstance(request.data, dict) else None
        if not isinstance(items, list) or not items:
            raise ValidationError({"marks": [_("Send a list of attendance marks in 'marks'.")]})
        if len(items) > MAX_BATCH:
            raise ValidationError({"marks": [_("At most %(max)d marks per request.") % {"max": MAX_BATCH}]})
        results = sync_marks(items, request.user)
        summary = {outcome: sum(r["status"] == outcome for r in results) for outcome in MarkOutcome.values}
        return Response({"results": results, **summary}, status=status.HTTP_200_OK)


def register(router: BaseRouter) -> None:
    # attendance sync (phones)
    router.register("training/attendance", AttendanceViewSet, basename="training-attendance")
