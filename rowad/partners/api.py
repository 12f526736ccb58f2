"""Partners API: organizations, agreements (with parties) and programmes (with their
eligibility rules). The same scope, rules and services as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from rowad.core.enums import CountryCode, EducationLevel
from rowad.core.inputs import is_ascii_integer
from rowad.core.models import Province, TargetCategory

from . import queries, services
from .enums import Benefit, OrganizationKind, PartyRole
from .models import Agreement, DocumentType, Organization, Programme, Specialty


def _drf_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class VersionedSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="On update: the version the client loaded (stale edits get 409).",
    )

    def _version(self, validated_data: dict):
        return validated_data.pop("version", None)


class OrganizationSerializer(VersionedSerializer):
    provinces = serializers.PrimaryKeyRelatedField(many=True, queryset=Province.objects.all(), required=False)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Organization
        fields = ["id", *services.ORGANIZATION_FIELDS, "provinces", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        data = {k: v for k, v in attrs.items() if k in services.ORGANIZATION_FIELDS}
        try:
            cleaned = services.clean_organization_data(
                data, provinces=attrs.get("provinces"), instance=self.instance
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc
        attrs.update(cleaned)
        return attrs

    def create(self, validated_data):
        self._version(validated_data)
        provinces = validated_data.pop("provinces", [])
        try:
            return services.create_organization(
                data=validated_data, provinces=provinces, actor=self.context["request"].user
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc

    def update(self, instance, validated_data):
        version = self._version(validated_data)
        provinces = validated_data.pop("provinces", None)
        try:
            return services.update_organization(
                instance,
                data=validated_data,
                provinces=provinces,
                version=version,
                actor=self.context["request"].user,
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc


class PartySerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    role = serializers.ChoiceField(choices=PartyRole.choices)
    commitments = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AgreementSerializer(VersionedSerializer):
    parties = PartySerializer(many=True, required=False)
    programmes = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Programme.objects.all(), required=False
    )
    document_url = serializers.SerializerMethodField(help_text="Download link (permission-checked), if any.")

    class Meta:
        model = Agreement
        fields = [
            "id",
            *services.AGREEMENT_FIELDS,
            "parties",
            "programmes",
            "document_url",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_document_url(self, agreement: Agreement) -> str | None:
        if not agreement.document:
            return None
        return reverse("partners:agreement_document", args=[agreement.pk])

    def to_representation(self, instance):
        data = super().to_representation(instance)
        visible = queries.programmes_visible_to(self.context["request"].user)
        data["programmes"] = list(visible.filter(agreements=instance).values_list("pk", flat=True))
        return data

    def _parties(self, attrs) -> list[services.PartyData] | None:
        if "parties" not in attrs:
            return None
        return [
            services.PartyData(
                organization=p["organization"], role=p["role"], commitments=p.get("commitments", "")
            )
            for p in attrs["parties"]
        ]

    def validate(self, attrs):
        if self.instance is None and "parties" not in attrs:
            raise ValidationError(
                {"parties": ["An agreement needs at least two different organizations as parties."]}
            )
        data = {k: v for k, v in attrs.items() if k in services.AGREEMENT_FIELDS}
        try:
            cleaned = services.clean_agreement_data(
                data, parties=self._parties(attrs), instance=self.instance
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc
        attrs.update(cleaned)
        return attrs

    def create(self, validated_data):
        self._version(validated_data)
        parties = self._parties(validated_data)
        validated_data.pop("parties", None)
        programmes = validated_data.pop("programmes", [])
        try:
            return services.create_agreement(
                data=validated_data,
                parties=parties,
                programmes=programmes,
                actor=self.context["request"].user,
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc

    def update(self, instance, validated_data):
        version = self._version(validated_data)
        parties = self._parties(validated_data)
        validated_data.pop("parties", None)
        programmes = validated_data.pop("programmes", None)
        try:
            return services.update_agreement(
                instance,
                data=validated_data,
                parties=parties,
                programmes=programmes,
                version=version,
                actor=self.context["request"].user,
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc


@extend_schema_field({"type": "string", "enum": ["", *EducationLevel.values]})
class MinEducationField(serializers.ChoiceField):
    """EducationLevel plus blank. A field class of its own keeps drf-spectacular from
    seeing the people app's EducationLevel choice set under a second name."""


class ProgrammeSerializer(VersionedSerializer):
    min_education = MinEducationField(choices=EducationLevel.choices, allow_blank=True, required=False)
    operator = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    benefits = serializers.ListField(child=serializers.ChoiceField(choices=Benefit.choices), required=False)
    agreements = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Agreement.objects.all(), required=False
    )
    sponsors = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organization.objects.all(), required=False
    )
    provinces = serializers.PrimaryKeyRelatedField(many=True, queryset=Province.objects.all(), required=False)
    target_categories = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=TargetCategory.objects.all(), required=False
    )
    specialties = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Specialty.objects.all(), required=False
    )
    required_documents = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=DocumentType.objects.all(), required=False
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            *services.PROGRAMME_FIELDS,
            *services.PROGRAMME_RELATIONS,
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        # The code's uniqueness is checked by the service with a field message.
        extra_kwargs = {"code": {"validators": []}}

    def validate(self, attrs):
        data = {k: v for k, v in attrs.items() if k in services.PROGRAMME_FIELDS}
        relations = {k: v for k, v in attrs.items() if k in services.PROGRAMME_RELATIONS}
        try:
            cleaned = services.clean_programme_data(data, relations=relations, instance=self.instance)
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc
        attrs.update(cleaned)
        return attrs

    def _split(self, validated_data):
        relations = {k: validated_data.pop(k) for k in services.PROGRAMME_RELATIONS if k in validated_data}
        return validated_data, relations

    def create(self, validated_data):
        self._version(validated_data)
        data, relations = self._split(validated_data)
        try:
            return services.create_programme(
                data=data, relations=relations, actor=self.context["request"].user
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc

    def update(self, instance, validated_data):
        version = self._version(validated_data)
        data, relations = self._split(validated_data)
        try:
            return services.update_programme(
                instance, data=data, relations=relations, version=version, actor=self.context["request"].user
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc


class AgreementDocumentSerializer(serializers.Serializer):
    document = serializers.FileField(help_text="The signed agreement: PDF, JPEG or PNG, at most 10 MB.")
    version = serializers.IntegerField(required=False, min_value=1)


class PartnersPermission(permissions.BasePermission):
    """Read for staff (partners.view_*), write for agency officers (partners.add/change_*)."""

    def has_permission(self, request, view) -> bool:
        model = view.model_name
        if request.method in permissions.SAFE_METHODS:
            return request.user.has_perm(f"partners.view_{model}")
        if request.method == "POST":
            return request.user.has_perm(f"partners.add_{model}")
        return request.user.has_perm(f"partners.change_{model}")


FILTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search in names, acronym, code, title or reference"),
    OpenApiParameter(
        "kind", OpenApiTypes.STR, enum=OrganizationKind.values, description="Kind of organization"
    ),
    OpenApiParameter("country", OpenApiTypes.STR, enum=CountryCode.values),
    OpenApiParameter("province", OpenApiTypes.INT, description="Province id"),
]


class PartnersViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, PartnersPermission]
    filter_backends: list = []
    model_name = ""
    visible = staticmethod(queries.organizations_visible_to)
    editable = staticmethod(queries.organizations_editable_by)
    filter_function = staticmethod(queries.filter_organizations)

    def get_queryset(self):
        user = self.request.user
        if self.action in ("update", "partial_update", "document"):
            return self.editable(user)
        queryset = self.visible(user)
        if self.action != "list":
            return queryset
        return self.filter_function(queryset, **self._filters()).order_by("-id")

    def _filters(self) -> dict:
        params = self.request.query_params
        filters = {"q": params.get("q", "")[:100]}
        kind, country, province = (
            params.get("kind", ""),
            params.get("country", ""),
            params.get("province", ""),
        )
        if kind and kind not in OrganizationKind.values:
            raise ValidationError({"kind": [f"Expected one of {', '.join(OrganizationKind.values)}."]})
        if country and country not in CountryCode.values:
            raise ValidationError({"country": [f"Expected one of {', '.join(CountryCode.values)}."]})
        filters.update(kind=kind, country=country)
        if province:
            found = Province.objects.filter(pk=int(province)).first() if is_ascii_integer(province) else None
            if found is None:
                raise ValidationError({"province": ["Expected a province id."]})
            filters["province"] = found
        return filters


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class OrganizationViewSet(PartnersViewSet):
    serializer_class = OrganizationSerializer
    model_name = "organization"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("provinces")


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class AgreementViewSet(PartnersViewSet):
    serializer_class = AgreementSerializer
    model_name = "agreement"
    visible = staticmethod(queries.agreements_visible_to)
    editable = staticmethod(queries.agreements_editable_by)
    filter_function = staticmethod(queries.filter_agreements)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("parties")

    @extend_schema(request=AgreementDocumentSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["put"], parser_classes=[MultiPartParser], url_path="document")
    def document(self, request, pk=None):
        """Store (or replace) the signed document; it is read back through `document_url`."""
        agreement = self.get_object()
        upload = AgreementDocumentSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            agreement = services.update_agreement(
                agreement,
                data={},
                document=upload.validated_data["document"],
                version=upload.validated_data.get("version"),
                actor=request.user,
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc
        return Response(AgreementSerializer(agreement, context=self.get_serializer_context()).data)


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMETERS))
class ProgrammeViewSet(PartnersViewSet):
    serializer_class = ProgrammeSerializer
    model_name = "programme"
    visible = staticmethod(queries.programmes_visible_to)
    editable = staticmethod(queries.programmes_editable_by)
    filter_function = staticmethod(queries.filter_programmes)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "agreements",
                "sponsors",
                "provinces",
                "target_categories",
                "specialties",
                "required_documents",
            )
        )


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the project's API router."""
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("programmes", ProgrammeViewSet, basename="programme")
