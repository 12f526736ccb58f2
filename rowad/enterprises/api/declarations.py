"""The holders' declarations of jobs and turnover on the API: read in scope (a holder reads
their own enterprises' ones, staff those of the enterprises they reach), declared by a
holder, confirmed by an officer managing the enterprise or its current mentor. Service
errors come back as 400/403/409 with their `code` (rowad.core.api.exception_handler)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rowad.accounts.enums import Role
from rowad.core.inputs import parse_id

from .. import queries
from ..enums import TurnoverBand
from ..models import JobsDeclaration
from ..rules import can_view_enterprises, can_view_own_enterprise
from ..services.declarations import confirm_declaration, declare_jobs, request_declaration

HOLDERS = (Role.PROJECT_HOLDER,)


class DeclarationSerializer(serializers.ModelSerializer):
    enterprise_reference = serializers.CharField(source="enterprise.reference", read_only=True)
    total_jobs = serializers.IntegerField(read_only=True)
    confirmed = serializers.SerializerMethodField()

    class Meta:
        model = JobsDeclaration
        fields = [
            "id",
            "enterprise",
            "enterprise_reference",
            "declared_on",
            "permanent_men",
            "permanent_women",
            "seasonal_men",
            "seasonal_women",
            "total_jobs",
            "turnover_band",
            "declared_by",
            "confirmed",
            "confirmed_at",
            "confirmed_by",
            "client_uuid",
            "created_at",
        ]
        read_only_fields = fields

    def get_confirmed(self, obj: JobsDeclaration) -> bool:
        return obj.confirmed_at is not None


class DeclarationInput(serializers.Serializer):
    """What a holder's app posts (the service checks the counts and the date)."""

    enterprise = serializers.IntegerField()
    declared_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today")
    permanent_men = serializers.IntegerField(required=False, default=0)
    permanent_women = serializers.IntegerField(required=False, default=0)
    seasonal_men = serializers.IntegerField(required=False, default=0)
    seasonal_women = serializers.IntegerField(required=False, default=0)
    turnover_band = serializers.ChoiceField(choices=TurnoverBand.choices, required=False, allow_blank=True)
    client_uuid = serializers.UUIDField(required=False, allow_null=True)


class AskInput(serializers.Serializer):
    enterprise = serializers.IntegerField()


class AskOutput(serializers.Serializer):
    enterprise = serializers.IntegerField()
    sent = serializers.IntegerField(help_text="How many owners were sent a message.")
    asked_on = serializers.DateField()


class DeclarationPermission(permissions.BasePermission):
    """Reading: staff who read enterprises and project holders (the queryset decides which
    declarations). Declaring: project holders. Confirming: officers and mentors (the
    service then checks that they manage or accompany this enterprise)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if view.action == "create":
            return bool(can_view_own_enterprise(user))
        if view.action in ("confirm", "ask"):
            return user.has_perm("enterprises.accompany")
        return bool(can_view_enterprises(user) or can_view_own_enterprise(user))


@extend_schema_view(
    list=extend_schema(
        summary="List declarations of jobs and turnover",
        description="The holders' declarations of the enterprises you reach, newest first (a "
        "holder: their own enterprises'). `?enterprise=<id>` narrows to one enterprise, "
        "`?pending=true` to those waiting for confirmation.",
        parameters=[
            OpenApiParameter("enterprise", int, required=False),
            OpenApiParameter("pending", bool, required=False),
        ],
    ),
    retrieve=extend_schema(summary="Read a declaration of jobs and turnover"),
)
class DeclarationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, DeclarationPermission]
    serializer_class = DeclarationSerializer

    def get_queryset(self):
        qs = queries.declarations_visible_to(self.request.user).order_by("-declared_on", "-id")
        if self.action != "list":
            return qs
        enterprise = self.request.query_params.get("enterprise", "")
        if enterprise:
            qs = qs.filter(enterprise_id=parse_id(enterprise, "enterprise", _("Enterprise")))
        if self.request.query_params.get("pending", "").lower() in ("1", "true", "yes"):
            qs = qs.filter(confirmed_at__isnull=True)
        return qs

    @extend_schema(
        summary="Declare the jobs and turnover of my enterprise",
        description="A holder declares the jobs (permanent and seasonal, men and women, the "
        "holders included) and the turnover band of an enterprise they own or whose dossier "
        "they hold, dated `declared_on` (default today; never in the future nor before the "
        "creation). It counts once confirmed. Idempotent by `client_uuid`: sent twice it is "
        "stored once (201 the first time, 200 with the stored declaration after). 400 "
        "`{code, field}` for a bad value, 404 for an enterprise that is not yours.",
        request=DeclarationInput,
        responses={201: DeclarationSerializer, 200: DeclarationSerializer},
    )
    def create(self, request):
        serializer = DeclarationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = get_object_or_404(
            queries.enterprises_visible_to(request.user, roles=HOLDERS), pk=data.pop("enterprise")
        )
        client_uuid = data.get("client_uuid")
        known = bool(client_uuid) and JobsDeclaration.objects.filter(client_uuid=client_uuid).exists()
        declaration = declare_jobs(enterprise, actor=request.user, **data)
        body = DeclarationSerializer(declaration, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_200_OK if known else status.HTTP_201_CREATED)

    @extend_schema(
        summary="Confirm a holder's declaration",
        description="An agency officer managing the enterprise, or its current mentor, "
        "confirms the declaration (once: 409 `already_confirmed` after); the enterprise's "
        "observed jobs and turnover are then recomputed. 403 `not_allowed` for staff who "
        "read the enterprise without following it.",
        request=None,
        responses={200: DeclarationSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        declaration = self.get_object()
        confirmed = confirm_declaration(declaration, actor=request.user)
        return Response(DeclarationSerializer(confirmed, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Ask the holders to declare",
        description="An agency officer managing the enterprise, or its current mentor, asks "
        "its owners to declare the jobs and turnover on the portal: one message per owner "
        "on the channels they consented to (asking twice on one day sends nothing more). "
        "Answers how many owners were sent a message. 404 for an enterprise you do not "
        "follow, 400 `closed` for a closed or transferred one.",
        request=AskInput,
        responses={200: AskOutput},
    )
    @action(detail=False, methods=["post"])
    def ask(self, request):
        serializer = AskInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        enterprise = get_object_or_404(
            queries.enterprises_accompanied_by(request.user), pk=serializer.validated_data["enterprise"]
        )
        sent = request_declaration(enterprise, actor=request.user)
        return Response(
            {"enterprise": enterprise.pk, "sent": sent, "asked_on": enterprise.declaration_requested_on}
        )
