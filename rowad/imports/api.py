"""REST endpoints of the imports app: upload a file (optionally starting the import) and
follow its status. Same scope, rules and services as the pages."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from rowad.core.enums import CountryCode
from rowad.core.errors import DomainError
from rowad.people.queries import provinces_for_registry

from . import queries, services
from .enums import ImportMode, OptionalErrors, ProblemKind
from .mapping import TARGET_FIELDS
from .models import ImportBatch, ImportProblem


class ProblemSerializer(serializers.ModelSerializer):
    message = serializers.CharField(source="reason", read_only=True, help_text="In the reader's language.")

    class Meta:
        model = ImportProblem
        fields = ["line", "column", "code", "kind", "message", "value"]


class BatchSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", read_only=True)
    failure = serializers.CharField(
        source="failure_text", read_only=True, help_text="In the reader's language."
    )
    notes = serializers.ListField(source="note_texts", child=serializers.CharField(), read_only=True)
    problems = serializers.SerializerMethodField(help_text="Rejected rows and rows to review (first 50).")
    warnings = serializers.SerializerMethodField(
        help_text="Rows kept with an optional field left empty (first 50), apart from the problems."
    )

    class Meta:
        model = ImportBatch
        fields = [
            "id", "source", "file_name", "file_format", "encoding", "mode", "on_optional_error", "status",
            "mapping", "headers", "rows_total", "rows_read", "rows_validated", "rows_valid", "rows_written",
            "rows_rejected", "rows_review", "rows_already", "rows_warned", "failure", "notes", "created_at",
            "finished_at", "problems", "warnings",
        ]  # fmt: skip
        read_only_fields = fields

    def get_problems(self, batch) -> list[dict]:
        return ProblemSerializer(batch.problems.exclude(kind=ProblemKind.WARNING)[:50], many=True).data

    def get_warnings(self, batch) -> list[dict]:
        return ProblemSerializer(batch.problems.filter(kind=ProblemKind.WARNING)[:50], many=True).data


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    source = serializers.CharField(max_length=120)
    country = serializers.ChoiceField(choices=CountryCode.choices)
    province = serializers.IntegerField(required=False, allow_null=True)
    mode = serializers.ChoiceField(choices=ImportMode.choices, default=ImportMode.VALID_ROWS)
    on_optional_error = serializers.ChoiceField(
        choices=OptionalErrors.choices,
        required=False,
        help_text="warn: keep the person, leave the faulty optional field empty and warn (default in "
        "valid-rows mode); reject: reject the row (default in all-or-nothing mode).",
    )
    encoding = serializers.ChoiceField(choices=["", "utf-8", "utf-8-sig", "cp1256", "latin-1"], default="")
    mapping = serializers.CharField(required=False, help_text='JSON object {"field": "column"}')
    start = serializers.BooleanField(
        default=False, help_text="Start the import once the file is read (in the background)"
    )

    def validate_mapping(self, value):
        try:
            mapping = json.loads(value)
        except ValueError as exc:
            raise ValidationError(_("Expected a JSON object of field: column.")) from exc
        if not isinstance(mapping, dict) or any(k not in TARGET_FIELDS for k in mapping):
            raise ValidationError(_("Expected a JSON object of field: column."))
        return mapping


class ImportPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("imports.add_importbatch")


class ImportBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BatchSerializer
    permission_classes = [permissions.IsAuthenticated, ImportPermission]
    filter_backends: list = []

    def get_queryset(self):
        return queries.batches_visible_to(self.request.user).order_by("-id")

    def get_serializer_class(self):
        return UploadSerializer if self.action == "create" else BatchSerializer

    def create(self, request, *args, **kwargs):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        province = None
        if data.get("province"):
            province = (
                provinces_for_registry(request.user, roles=queries.IMPORTERS)
                .filter(pk=data["province"])
                .first()
            )
            if province is None:
                raise ValidationError({"province": [_("You cannot register people in this province.")]})
        if data["file"].size > services.MAX_UPLOAD_BYTES:
            raise ValidationError(
                {
                    "file": [
                        _(
                            "This file is %(size)d MB; files up to %(limit)d MB can be imported. Split it and import each part."
                        )
                        % {"size": data["file"].size // 2**20, "limit": services.MAX_UPLOAD_BYTES // 2**20}
                    ]
                }
            )
        # Domain errors (unreadable file, already started…) become 400/409 {"code", "detail"}.
        batch = services.create_batch(
            data["file"],
            actor=request.user,
            source_name=data["source"],
            country=data["country"],
            organization=queries.default_organization(request.user, province),
            province=province,
            mode=data["mode"],
            encoding=data["encoding"],
            on_optional_error=data.get("on_optional_error"),
            # The file is read in the background; the import starts once it is read.
            start_when_read=bool(data["start"]),
        )
        if data.get("mapping"):
            batch = services.set_mapping(
                batch, mapping=data["mapping"], mode=data["mode"], actor=request.user
            )
        batch.refresh_from_db()
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        batch = self.get_object()
        try:
            batch = services.start_import(batch, actor=request.user)
        except DomainError as exc:
            return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
        batch.refresh_from_db()
        return Response(BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


def register(router: BaseRouter) -> None:
    router.register("imports", ImportBatchViewSet, basename="importbatch")
