"""People registry API: the same scope, rules and validation as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from rowad.core.errors import ConflictError
from rowad.core.inputs import is_ascii_integer
from rowad.core.models import Province, TargetCategory
from rowad.core.validators import MAX_NAME_LENGTH

from . import queries, rules, sensitive, services
from .models import DuplicateCandidate, Person


class PersonSerializer(serializers.ModelSerializer):
    province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(), allow_null=True, required=False
    )
    target_categories = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=TargetCategory.objects.all(),
        required=False,
        help_text=(
            "Sensitive: returned only by retrieve, to agency officers and committee members reaching "
            "the person; each such answer is logged (people.person.sensitive_read)."
        ),
    )
    version = serializers.CharField(write_only=True, required=False, help_text="updated_at the client loaded")

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name_ar",
            "family_name_ar",
            "given_name_latin",
            "family_name_latin",
            "country",
            "national_id",
            "birth_date",
            "sex",
            "phone",
            "phone_alt",
            "email",
            "province",
            "education_level",
            "diploma",
            "employment_status",
            "target_categories",
            "preferred_language",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness of the national ID is checked in validate() with a field message.
        validators: list = []
        extra_kwargs = {
            name: {"max_length": MAX_NAME_LENGTH}
            for name in ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin")
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_sensitive"):  # people.sensitive: set by retrieve only
            data.pop("target_categories", None)
        return data

    def validate(self, attrs):
        data = {k: v for k, v in attrs.items() if k not in ("target_categories", "version")}
        if self.instance is not None:
            merged = {f: getattr(self.instance, f) for f in services.PERSON_FIELDS if f not in data}
            merged.update(data)
            data = merged
        try:
            cleaned = services.clean_person_data(data, instance=self.instance)
            services.ensure_national_id_free(
                cleaned.get("country", ""),
                cleaned.get("national_id", ""),
                exclude_pk=self.instance.pk if self.instance else None,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        attrs.update({k: v for k, v in cleaned.items() if k in attrs})
        province = attrs.get("province")
        current = self.instance.province_id if self.instance is not None else None
        allowed = queries.provinces_for_registry(self.context["request"].user, roles=rules.EDITORS)
        if province is not None and province.pk != current and not allowed.filter(pk=province.pk).exists():
            raise ValidationError({"province": [_("You cannot register people in this province.")]})
        return attrs

    def create(self, validated_data):
        categories = validated_data.pop("target_categories", [])
        validated_data.pop("version", None)
        user = self.context["request"].user
        validated_data.setdefault("organization", _default_organization(user, validated_data.get("province")))
        try:
            return services.create_person(data=validated_data, actor=user, target_categories=categories)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc

    def update(self, instance, validated_data):
        categories = validated_data.pop("target_categories", None)
        version = validated_data.pop("version", None)
        try:
            return services.update_person(
                instance,
                data=validated_data,
                actor=self.context["request"].user,
                version=version,
                target_categories=categories,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        except ConflictError:
            raise


def _default_organization(user, province):
    """The organization of the membership under which `user` registers someone in
    `province`."""
    from rowad.accounts.scope import scope_for
    from rowad.partners.models import Organization

    grant = scope_for(user).placing_grant(*rules.EDITORS, province_id=getattr(province, "pk", None))
    if grant is None:
        return None
    return Organization.objects.filter(pk=grant.organization_id).first()


class PersonPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return request.user.has_perm("people.view_person")
        if request.method == "POST":
            return request.user.has_perm("people.add_person")
        return request.user.has_perm("people.change_person")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.has_perm("people.change_person", obj)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Name in any script, phone or national ID"),
            OpenApiParameter("province", OpenApiTypes.INT),
            OpenApiParameter("sex", OpenApiTypes.STR),
        ]
    )
)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PersonSerializer
    permission_classes = [permissions.IsAuthenticated, PersonPermission]
    filter_backends: list = []

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        show = sensitive.shown_to(request.user, person, via="api")
        serializer = self.get_serializer(
            person, context={**self.get_serializer_context(), "show_sensitive": show}
        )
        return Response(serializer.data)

    def get_queryset(self):
        people = queries.people_visible_to(self.request.user).prefetch_related("target_categories")
        if self.action != "list":
            return people
        params = self.request.query_params
        province = params.get("province")
        if province and not is_ascii_integer(province):
            raise ValidationError({"province": ["Expected a province id."]})
        return queries.filter_people(
            people, q=params.get("q", ""), province=province or None, sex=params.get("sex", "")
        ).order_by("-id")


class DuplicateCandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuplicateCandidate
        fields = ["id", "person_a", "person_b", "score", "probability", "explanation", "status", "found_at"]
        read_only_fields = fields


class ReviewDuplicatesPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("people.review_duplicates")


class DuplicateCandidateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pairs awaiting review in the caller's scope, best score first (read-only: decisions
    are taken on the comparison page, where both records are shown)."""

    serializer_class = DuplicateCandidateSerializer
    permission_classes = [permissions.IsAuthenticated, ReviewDuplicatesPermission]
    filter_backends: list = []

    def get_queryset(self):
        from .duplicates import candidates_visible_to

        return candidates_visible_to(self.request.user)


def register(router: BaseRouter) -> None:
    router.register("people", PersonViewSet, basename="person")
    router.register("duplicates", DuplicateCandidateViewSet, basename="duplicate")
