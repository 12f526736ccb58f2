"""Dossiers API: the same scope, rules and services as the pages."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from rowad.core.inputs import is_ascii_integer
from rowad.core.models import Province
from rowad.partners.models import Organization, Programme, Specialty
from rowad.partners.queries import programmes_visible_to
from rowad.people.queries import people_visible_to

from . import eligibility, queries, services
from .enums import DossierState, FinancingKind
from .models import Dossier, FinancingLine


class FinancingLineSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=FinancingKind.choices)
    funder = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = FinancingLine
        fields = ["kind", "funder", "amount"]


class DossierSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all())
    province = serializers.PrimaryKeyRelatedField(queryset=Province.objects.all(), required=False)
    specialty = serializers.PrimaryKeyRelatedField(
        queryset=Specialty.objects.all(), allow_null=True, required=False
    )
    holders = serializers.ListField(
        child=serializers.IntegerField(), write_only=True, required=False, help_text="Person ids, lead first"
    )
    holder_ids = serializers.SerializerMethodField()
    financing = FinancingLineSerializer(many=True, required=False, source="financing_lines")
    eligibility_lines = serializers.SerializerMethodField()
    client_uuid = serializers.UUIDField(write_only=True, required=False)
    version = serializers.IntegerField(
        required=False, help_text="The version the client loaded (stale edits: 409)"
    )

    class Meta:
        model = Dossier
        fields = [
            "id",
            "reference",
            "title",
            "idea",
            "programme",
            "specialty",
            "sector",
            "legal_form",
            "province",
            "investment",
            "organization",
            "state",
            "version",
            "holders",
            "holder_ids",
            "financing",
            "eligibility_outcome",
            "eligibility_lines",
            "revision_request",
            "submitted_at",
            "decided_at",
            "client_uuid",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "reference",
            "organization",
            "state",
            "eligibility_outcome",
            "revision_request",
            "submitted_at",
            "decided_at",
            "created_at",
            "updated_at",
        ]

    def get_holder_ids(self, dossier) -> list[int]:
        return [link.person_id for link in dossier.holder_links.all()]

    def get_eligibility_lines(self, dossier) -> list[dict]:
        return [eligibility.describe(line) for line in dossier.eligibility]

    def _people(self, ids):
        user = self.context["request"].user
        found = {p.pk: p for p in people_visible_to(user).filter(pk__in=ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise ValidationError(
                {"holders": [_("Unknown person: %(ids)s.") % {"ids": ", ".join(map(str, missing))}]}
            )
        return [found[i] for i in ids]

    def validate_programme(self, programme):
        if not programmes_visible_to(self.context["request"].user).filter(pk=programme.pk).exists():
            raise ValidationError(_("Unknown programme."))
        return programme

    def create(self, validated_data):
        user = self.context["request"].user
        ids = validated_data.pop("holders", None)
        if not ids:
            raise ValidationError({"holders": [_("A dossier needs at least one holder.")]})
        financing = validated_data.pop("financing_lines", [])
        validated_data.pop("version", None)
        try:
            return services.create_dossier(
                holders=self._people(ids),
                programme=validated_data.pop("programme"),
                actor=user,
                client_uuid=validated_data.pop("client_uuid", None) or uuid.uuid4(),
                financing=financing,
                **validated_data,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc

    def update(self, instance, validated_data):
        user = self.context["request"].user
        ids = validated_data.pop("holders", None)
        financing = validated_data.pop("financing_lines", None)
        version = validated_data.pop("version", None)
        validated_data.pop("programme", None)
        validated_data.pop("client_uuid", None)
        try:
            dossier, _changed = services.update_dossier(
                instance,
                data=validated_data,
                actor=user,
                expected_version=version,
                holders=self._people(ids) if ids is not None else None,
            )
            if financing is not None:
                dossier = services.set_financing(
                    dossier, lines=financing, actor=user, expected_version=dossier.version
                )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return dossier


class TransitionSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=DossierState.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Written for the holder: they read it in their message and on the portal.",
    )
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class DossierPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return request.user.has_perm("dossiers.view_dossier")
        if view.action == "create":
            return request.user.has_perm("dossiers.add_dossier")
        if view.action == "transition":
            return request.user.has_perm("dossiers.move_dossier")
        return request.user.has_perm("dossiers.change_dossier")

    def has_object_permission(self, request, view, obj) -> bool:
        # Reading: the scoped queryset decided. Moving and editing: a membership holding
        # a moving (editing) role reaches the dossier; services.actor_may then decides
        # each transition.
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "transition":
            return request.user.has_perm("dossiers.move_dossier", obj)
        return request.user.has_perm("dossiers.change_dossier", obj)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR),
            OpenApiParameter("programme", OpenApiTypes.INT),
            OpenApiParameter("province", OpenApiTypes.INT),
            OpenApiParameter("q", OpenApiTypes.STR, description="Reference or title"),
        ]
    )
)
class DossierViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DossierSerializer
    permission_classes = [permissions.IsAuthenticated, DossierPermission]
    filter_backends: list = []

    def get_queryset(self):
        dossiers = queries.dossiers_visible_to(self.request.user).prefetch_related(
            "holder_links", "financing_lines"
        )
        if self.action != "list":
            return dossiers
        params = self.request.query_params
        for key in ("programme", "province"):
            if params.get(key) and not is_ascii_integer(params[key]):
                raise ValidationError({key: [_("Expected an id.")]})
        state = params.get("state", "")
        if state and state not in DossierState.values:
            raise ValidationError({"state": [_("Unknown state.")]})
        return queries.filter_dossiers(
            dossiers,
            state=state or None,
            programme=params.get("programme") or None,
            province=params.get("province") or None,
            q=params.get("q", ""),
        ).order_by("-id")

    @extend_schema(request=TransitionSerializer, responses={200: DossierSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the dossier to `state`. 400 {code} when the transition or a guard refuses
        it, 403 when the role may not, 409 {code: "stale_edit"} when `version` is outdated."""
        dossier = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        moved = services.set_dossier_state(
            dossier,
            serializer.validated_data["state"],
            actor=request.user,
            note=serializer.validated_data["note"],
            expected_version=serializer.validated_data["version"],
        )
        moved = self.get_queryset().get(pk=moved.pk)
        return Response(
            DossierSerializer(moved, context=self.get_serializer_context()).data, status=status.HTTP_200_OK
        )


def register(router: BaseRouter) -> None:
    router.register("dossiers", DossierViewSet, basename="dossier")
