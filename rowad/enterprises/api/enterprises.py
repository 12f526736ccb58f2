"""The enterprises API: read the enterprises you reach (with their owners, creation steps
and registration identifiers; filtered by the same parameters as the list page and the
figures' links), record a financed dossier's enterprise, and correct one with the
version you read (409 when someone saved in between).

  GET   /api/enterprises/enterprises/        ?programme=&province=&legal_form=&status=&created_year=…
  GET   /api/enterprises/enterprises/<id>/
  POST  /api/enterprises/enterprises/        {"dossier": id, "legal_form", "activity", "created_on", …}
  PATCH /api/enterprises/enterprises/<id>/   {"version": n, "name_latin": …, "identifiers": {…}, "members": […]}
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from rowad.dossiers.queries import dossiers_visible_to

from .. import queries
from ..checklists import step_label
from ..definitions import FILTER_PARAMS, filter_enterprises
from ..enums import LegalForm, MemberRole, StepState
from ..identifiers import IDENTIFIER_FIELDS, identifiers_for
from ..models import CreationStep, Enterprise, EnterpriseMember
from ..rules import can_manage_enterprises, can_view_enterprises
from ..services.common import today
from ..services.editing import set_members, step_state, update_enterprise
from ..services.enterprises import create_enterprise

STAFF = (*queries.READERS, *queries.MENTORS)


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseMember
        fields = ["person", "role", "share", "joined_on", "left_on"]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = CreationStep
        fields = [
            "id",
            "code",
            "label",
            "position",
            "due_on",
            "done_on",
            "reference",
            "state",
            "has_document",
        ]
        read_only_fields = fields

    def get_label(self, step: CreationStep) -> str:
        return str(step_label(step.code))

    @extend_schema_field(serializers.ChoiceField(choices=[s.value for s in StepState]))
    def get_state(self, step: CreationStep) -> str:
        return str(step_state(step, self.context.get("today")))

    def get_has_document(self, step: CreationStep) -> bool:
        return bool(step.document)


class EnterpriseSerializer(serializers.ModelSerializer):
    members = MemberSerializer(many=True, read_only=True, source="current_members")
    steps = StepSerializer(many=True, read_only=True)
    identifiers = serializers.SerializerMethodField()
    total_jobs = serializers.IntegerField(read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "reference",
            "dossier",
            "legal_form",
            "country",
            "name_ar",
            "name_latin",
            "activity",
            "programme",
            "organization",
            "specialty",
            "province",
            "address",
            "created_on",
            "status",
            "ended_on",
            "identifiers",
            "members",
            "steps",
            "total_jobs",
            "jobs_observed_on",
            "initial_jobs",
            "last_visit_on",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_identifiers(self, enterprise: Enterprise) -> dict[str, str]:
        """The identifiers of the enterprise's country and legal form (blank: not yet)."""
        return {
            i.field: getattr(enterprise, i.field)
            for i in identifiers_for(enterprise.country, enterprise.legal_form)
        }


class MemberInput(serializers.Serializer):
    person = serializers.IntegerField(help_text="A holder of the dossier (person id).")
    role = serializers.ChoiceField(choices=MemberRole.choices)
    share = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)


IDENTIFIERS_HELP = (
    "Registration identifiers by field: " + ", ".join(IDENTIFIER_FIELDS) + " (those of the country)."
)


class EnterpriseCreateInput(serializers.Serializer):
    dossier = serializers.IntegerField(help_text="The financed dossier whose company was created.")
    legal_form = serializers.ChoiceField(choices=LegalForm.choices)
    activity = serializers.CharField(max_length=300)
    created_on = serializers.DateField()
    name_ar = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    name_latin = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    specialty = serializers.IntegerField(required=False, allow_null=True, default=None)
    identifiers = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text=IDENTIFIERS_HELP,
    )
    members = MemberInput(many=True, required=False, help_text="Default: the dossier's holders.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text="The dossier's version you read."
    )


class EnterpriseUpdateInput(serializers.Serializer):
    version = serializers.IntegerField(
        help_text="The enterprise's version you read (409 if it changed since)."
    )
    name_ar = serializers.CharField(max_length=200, required=False, allow_blank=True)
    name_latin = serializers.CharField(max_length=200, required=False, allow_blank=True)
    activity = serializers.CharField(max_length=300, required=False)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    specialty = serializers.IntegerField(required=False, allow_null=True)
    identifiers = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, help_text=IDENTIFIERS_HELP
    )
    members = MemberInput(many=True, required=False, help_text="The owners replacing the current ones.")


class EnterprisePermission(permissions.BasePermission):
    """Reading: agency officers, directors and mentors (a mentor: their caseload, the
    queryset decides). Writing: agency officers, on the dossiers they reach."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action in ("create", "partial_update"):
            return bool(can_manage_enterprises(user))
        return bool(can_view_enterprises(user))


def _with_details(enterprises):
    current = EnterpriseMember.objects.filter(left_on__isnull=True).order_by("-role", "id")
    return enterprises.prefetch_related(
        Prefetch("members", queryset=current, to_attr="current_members"),
        Prefetch("steps", queryset=CreationStep.objects.order_by("position", "id")),
    ).order_by("-created_on", "-id")


FILTERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description="As on the list page.") for name in FILTER_PARAMS
]


@extend_schema_view(
    list=extend_schema(
        summary="List enterprises",
        description="The enterprises you reach (a mentor: their caseload), newest first, filtered "
        "by the parameters of the list page and of the figures' links.",
        parameters=FILTERS,
    ),
    retrieve=extend_schema(
        summary="Read an enterprise", description="With its owners, steps and identifiers."
    ),
    create=extend_schema(
        summary="Record the enterprise of a financed dossier",
        description="Moves the dossier to “company created”. Errors: 400 with `code` "
        "(invalid_identifier, dossier_not_financed, too_few_members…), 409 enterprise_exists or stale_edit.",
        request=EnterpriseCreateInput,
        responses={201: EnterpriseSerializer},
    ),
    partial_update=extend_schema(
        summary="Correct an enterprise",
        description="Send the `version` you read: 409 `stale_edit` if someone saved since.",
        request=EnterpriseUpdateInput,
        responses={200: EnterpriseSerializer},
    ),
)
class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EnterpriseSerializer
    permission_classes = [permissions.IsAuthenticated, EnterprisePermission]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.action == "partial_update":
            base = queries.enterprises_managed_by(user)
        else:
            base = queries.enterprises_visible_to(user, roles=STAFF)
        if self.action == "list":
            base = filter_enterprises(base, self.request.query_params, on=today())
        return _with_details(base)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"today": today()}

    def _out(self, enterprise: Enterprise, code: int) -> Response:
        visible = queries.enterprises_visible_to(self.request.user, roles=STAFF)
        enterprise = _with_details(visible).get(pk=enterprise.pk)
        return Response(self.get_serializer(enterprise).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._valid(EnterpriseCreateInput)
        dossier = dossiers_visible_to(request.user).filter(pk=data.pop("dossier")).first()
        if dossier is None:
            raise NotFound
        members = data.pop("members", None)
        enterprise = create_enterprise(
            dossier,
            actor=request.user,
            members=[dict(m) for m in members] if members else None,
            expected_version=data.pop("version", None),
            **data,
        )
        return self._out(enterprise, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        enterprise = self.get_object()
        data = self._valid(EnterpriseUpdateInput)
        version = data.pop("version")
        members = data.pop("members", None)
        if "specialty" in data and data["specialty"] is None:
            data["specialty"] = ""
        with transaction.atomic():
            enterprise = update_enterprise(enterprise, actor=request.user, expected_version=version, **data)
            if members is not None:
                enterprise = set_members(
                    enterprise,
                    [dict(m) for m in members],
                    actor=request.user,
                    expected_version=enterprise.version,
                )
        return self._out(enterprise, status.HTTP_200_OK)

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)
