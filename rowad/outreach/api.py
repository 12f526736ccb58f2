"""Outreach API: read the itinerary, and the field devices' endpoints (registrations one
by one or in batches, visitor tallies), all idempotent by the client's UUID."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from rowad.core.inputs import is_ascii_integer, parse_id
from rowad.core.validators import MAX_NAME_LENGTH
from rowad.partners.models import Specialty
from rowad.people import queries as people_queries

from . import queries, services
from .enums import Channel
from .models import Campaign, Event, Registration, Stop
from .rules import CAPTURERS

SEX_CHOICES = [("", ""), ("F", "F"), ("M", "M")]


class RegistrationItemSerializer(serializers.Serializer):
    """One registration sent by a device."""

    client_uuid = serializers.UUIDField()
    stop = serializers.IntegerField(required=False, allow_null=True)
    event = serializers.IntegerField(required=False, allow_null=True)
    captured_at = serializers.DateTimeField(required=False, allow_null=True)
    person_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="An existing person the agent picked"
    )
    given_name_ar = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NAME_LENGTH)
    family_name_ar = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NAME_LENGTH)
    given_name_latin = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NAME_LENGTH)
    family_name_latin = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NAME_LENGTH)
    national_id = serializers.CharField(required=False, allow_blank=True, max_length=20)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    birth_date = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=SEX_CHOICES, required=False, allow_blank=True)
    province = serializers.IntegerField(required=False, allow_null=True, help_text="Province of residence")
    specialty = serializers.CharField(required=False, allow_blank=True, help_text="Specialty code (or id)")
    idea = serializers.CharField(required=False, allow_blank=True, max_length=300)
    consent = serializers.BooleanField(default=False)
    # The field form's queue says "field": an agent typed it at the stop. Devices and
    # other API clients leave it out and are counted as "device".
    channel = serializers.ChoiceField(
        choices=[Channel.FIELD.value, Channel.DEVICE.value], default=Channel.DEVICE.value
    )

    PERSON_KEYS = (
        "given_name_ar",
        "family_name_ar",
        "given_name_latin",
        "family_name_latin",
        "national_id",
        "phone",
        "birth_date",
        "sex",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("stop")) == bool(attrs.get("event")):
            raise ValidationError({"stop": [_("Give either a stop or an event.")]})
        code = attrs.get("specialty")
        if code:
            specialties = self.context["specialties"]
            specialty = specialties.get(code) or (
                specialties.get(int(code)) if is_ascii_integer(code) else None
            )
            if specialty is None:
                raise ValidationError({"specialty": [_("Unknown specialty.")]})
            attrs["specialty"] = specialty
        else:
            attrs["specialty"] = None
        return attrs


class RegistrationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "client_uuid",
            "stop",
            "event",
            "person",
            "person_name",
            "channel",
            "linked_existing",
            "captured_at",
            "created_at",
            "sex",
            "age_band",
            "residence_province",
            "specialty",
            "idea",
        ]
        read_only_fields = fields


class ItemContext:
    """Per-request caches for a batch: places, people and specialties looked up once."""

    def __init__(self, user):
        self.user = user
        # Places (and people) reached by a membership that may capture there.
        self.stops = queries.stops_visible_to(user, roles=CAPTURERS).select_related("province__country")
        self.events = queries.events_visible_to(user, roles=CAPTURERS)
        specialties = list(Specialty.objects.all())
        # Devices send the specialty's code; the page's select sends its id.
        self.specialties: dict[Any, Specialty] = {s.code: s for s in specialties} | {
            s.pk: s for s in specialties
        }
        self._places: dict[tuple[str, int], Any] = {}

    def place(self, attrs) -> Stop | Event | None:
        key = ("stop", attrs["stop"]) if attrs.get("stop") else ("event", attrs["event"])
        if key not in self._places:
            qs = self.stops if key[0] == "stop" else self.events
            self._places[key] = qs.filter(pk=key[1]).first()
        return self._places[key]


def process_item(raw: Any, context: ItemContext) -> tuple[dict[str, Any], int]:
    """Validate and register one item; the answer says what happened to it."""
    uuid_value = raw.get("client_uuid") if isinstance(raw, dict) else None
    serializer = RegistrationItemSerializer(data=raw, context={"specialties": context.specialties})
    if not serializer.is_valid():
        return {"client_uuid": uuid_value, "status": "invalid", "errors": serializer.errors}, 400
    attrs = serializer.validated_data
    answer: dict[str, Any] = {"client_uuid": str(attrs["client_uuid"])}
    place = context.place(attrs)
    if place is None:
        detail = _("This stop or event does not exist (it may have been deleted) or is not yours.")
        return {**answer, "status": "refused", "code": "unknown_place", "detail": detail}, 404
    person = None
    if attrs.get("person_id"):
        person = (
            people_queries.people_visible_to(context.user, roles=CAPTURERS)
            .filter(pk=attrs["person_id"])
            .first()
        )
        if person is None:
            return {**answer, "status": "invalid", "errors": {"person_id": [_("Unknown person.")]}}, 400
    person_data = {
        k: attrs[k] for k in RegistrationItemSerializer.PERSON_KEYS if attrs.get(k) not in (None, "")
    }
    if attrs.get("province"):
        from rowad.core.models import Province

        person_data["province"] = Province.objects.filter(pk=attrs["province"]).first()
        if person_data["province"] is None:
            return {**answer, "status": "invalid", "errors": {"province": [_("Unknown province.")]}}, 400
    try:
        result = services.register_visitor(
            place,
            person_data=person_data,
            person=person,
            client_uuid=attrs["client_uuid"],
            actor=context.user,
            channel=attrs.get("channel", Channel.DEVICE),
            captured_at=attrs.get("captured_at"),
            specialty=attrs.get("specialty"),
            idea=attrs.get("idea", ""),
            consent=attrs.get("consent", False),
        )
    except DjangoValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return {**answer, "status": "invalid", "errors": errors}, 400
    except services.OutreachError as exc:
        return {**answer, "status": "refused", "code": exc.code, "detail": exc.message}, exc.status_code
    registration = result.registration
    answer.update(status=result.status, registration_id=registration.pk, person_id=registration.person_id)
    return answer, 201 if result.created else 200


class CapturePermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return request.user.has_perm("outreach.view_registration")
        return request.user.has_perm("outreach.capture")


BATCH_RESULT = inline_serializer(
    "RegistrationBatchResult",
    fields={
        "results": serializers.ListField(child=serializers.DictField()),
        "created": serializers.IntegerField(),
        "duplicates": serializers.IntegerField(),
        "rejected": serializers.IntegerField(),
    },
)


class RegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Registrations at stops and events. POST one item (201 created, 200 when the same
    client_uuid was already received) or a batch to `batch/` (per-item results)."""

    serializer_class = RegistrationSerializer
    permission_classes = [permissions.IsAuthenticated, CapturePermission]
    filter_backends: list = []

    def get_queryset(self):
        qs = queries.registrations_visible_to(self.request.user).order_by("-id")
        params = self.request.query_params
        for key in ("stop", "event"):
            value = params.get(key)
            if value:
                qs = qs.filter(**{f"{key}_id": parse_id(value, key, key)})
        return qs

    @extend_schema(request=RegistrationItemSerializer, responses={201: RegistrationSerializer})
    def create(self, request, *args, **kwargs):
        answer, code = process_item(request.data, ItemContext(request.user))
        return Response(answer, status=code)

    @extend_schema(
        request=inline_serializer(
            "RegistrationBatch", fields={"items": serializers.ListField(child=RegistrationItemSerializer())}
        ),
        responses={200: BATCH_RESULT},
    )
    @action(detail=False, methods=["post"])
    def batch(self, request):
        items = request.data.get("items") if isinstance(request.data, dict) else None
        if not isinstance(items, list):
            raise ValidationError({"items": [_("Send a list of registrations in 'items'.")]})
        if len(items) > services.MAX_BATCH:
            raise ValidationError(
                {"items": [_("At most %(max)d registrations per batch.") % {"max": services.MAX_BATCH}]}
            )
        context = ItemContext(request.user)
        # One transaction per batch, a savepoint per item: an invalid item rolls back
        # alone, and the batch costs one commit (one disk flush) instead of one per item.
        with transaction.atomic():
            results = [process_item(item, context)[0] for item in items]
        summary = {
            "created": sum(r["status"] == "created" for r in results),
            "duplicates": sum(r["status"] in ("duplicate", "already_registered") for r in results),
            "rejected": sum(r["status"] in ("invalid", "refused") for r in results),
        }
        return Response({"results": results, **summary}, status=status.HTTP_200_OK)


class TallySerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField()
    stop = serializers.IntegerField(required=False, allow_null=True)
    event = serializers.IntegerField(required=False, allow_null=True)
    day = serializers.DateField(required=False, allow_null=True)
    count = serializers.IntegerField(min_value=-100_000, max_value=100_000)
    confirmed = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs):
        if bool(attrs.get("stop")) == bool(attrs.get("event")):
            raise ValidationError({"stop": [_("Give either a stop or an event.")]})
        return attrs


class TallyViewSet(viewsets.GenericViewSet):
    """Visitor counter entries (idempotent by client_uuid)."""

    serializer_class = TallySerializer
    permission_classes = [permissions.IsAuthenticated, CapturePermission]

    def get_queryset(self):
        return Stop.objects.none()

    @extend_schema(responses={201: TallySerializer})
    def create(self, request):
        serializer = TallySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attrs = serializer.validated_data
        place = ItemContext(request.user).place(attrs)
        if place is None:
            return Response(
                {"code": "unknown_place", "detail": _("This stop or event does not exist or is not yours.")},
                status=404,
            )
        tally, created = services.record_tally(
            place,
            count=attrs["count"],
            day=attrs.get("day"),
            client_uuid=attrs["client_uuid"],
            actor=request.user,
            confirmed=attrs["confirmed"],
            note=attrs.get("note", ""),
        )
        body = {"id": tally.pk, "client_uuid": str(tally.client_uuid), "count": tally.count, "day": tally.day}
        return Response(body, status=201 if created else 200)


class StopSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = Stop
        fields = [
            "id",
            "campaign",
            "phase",
            "province",
            "province_name",
            "venue",
            "starts_on",
            "ends_on",
            "status",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["status"] = instance.status()
        return data


class CampaignSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "code", "name", "country", "starts_on", "ends_on", "lead_organization"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "province",
            "venue",
            "host_organization",
            "campaign",
        ]
        read_only_fields = fields


class ViewOutreach(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("outreach.view_campaign")


class StopViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StopSerializer
    permission_classes = [permissions.IsAuthenticated, ViewOutreach]
    filter_backends: list = []

    def get_queryset(self):
        return queries.stops_visible_to(self.request.user).order_by("starts_on", "id")


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer
    permission_classes = [permissions.IsAuthenticated, ViewOutreach]
    filter_backends: list = []

    def get_queryset(self):
        return queries.campaigns_visible_to(self.request.user).order_by("-starts_on", "id")


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    permission_classes = [permissions.IsAuthenticated, ViewOutreach]
    filter_backends: list = []

    def get_queryset(self):
        return queries.events_visible_to(self.request.user).order_by("-starts_on", "id")


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the project's API router."""
    router.register("outreach/campaigns", CampaignViewSet, basename="outreach-campaign")
    router.register("outreach/stops", StopViewSet, basename="outreach-stop")
    router.register("outreach/events", EventViewSet, basename="outreach-event")
    router.register("outreach/registrations", RegistrationViewSet, basename="outreach-registration")
    router.register("outreach/tallies", TallyViewSet, basename="outreach-tally")
