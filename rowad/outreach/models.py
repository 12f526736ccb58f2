"""Outreach: campaigns (caravans) with phases and stops, events with agendas, visitor
tallies, registrations captured in the field, and the ideas people pitch."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.enums import CountryCode
from rowad.core.models import MultilingualNameModel, TimeStampedModel

from .enums import AgendaKind, Channel, EventKind, IdeaOutcome, LegalForm, StopStatus


def new_public_code() -> str:
    """The unguessable part of a public self-registration link."""
    return secrets.token_urlsafe(9)


class Campaign(MultilingualNameModel, TimeStampedModel):
    """A caravan or a tour, run by partner organizations under an agreement."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=CountryCode.choices)
    agreement = models.ForeignKey(
        "partners.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("agreement"),
    )
    lead_organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        related_name="led_campaigns",
        verbose_name=_("lead organization"),
    )
    organizations = models.ManyToManyField(
        "partners.Organization", blank=True, related_name="campaigns", verbose_name=_("partner organizations")
    )
    programme = models.ForeignKey(
        "partners.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("programme"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[organizations])

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_dates_ordered",
            )
        ]


class Phase(MultilingualNameModel, TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("number"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    provinces = models.ManyToManyField(
        "core.Province", blank=True, related_name="+", verbose_name=_("provinces planned")
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[provinces])

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="phase_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_dates_ordered"
            ),
        ]


class Stop(TimeStampedModel):
    """A stop of the caravan: a province, a venue, a few days."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="stops")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="stops", verbose_name=_("phase"))
    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    venue = models.CharField(_("venue"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    host_organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_stops",
        verbose_name=_("host organization"),
    )
    field_agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="outreach_stops", verbose_name=_("field agents")
    )
    public_code = models.CharField(max_length=20, unique=True, default=new_public_code, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    closed_at = models.DateTimeField(_("registration closed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[field_agents])

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="stop_dates_ordered"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "starts_on"], name="stop_campaign_start_idx")]

    def __str__(self) -> str:
        return f"{self.province.name} — {self.venue}"

    def status(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.cancelled_at:
            return StopStatus.CANCELLED
        if today < self.starts_on:
            return StopStatus.PLANNED
        if today > self.ends_on:
            return StopStatus.VISITED
        return StopStatus.CURRENT

    def get_status_display(self) -> str:
        return str(StopStatus(self.status()).label)


class Event(TimeStampedModel):
    """An awareness meeting, open day or information session."""

    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=300)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("campaign"),
    )
    stop = models.ForeignKey(
        Stop, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("stop")
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    venue = models.CharField(_("place"), max_length=200)
    host_organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        related_name="hosted_events",
        verbose_name=_("host organization"),
    )
    partners = models.ManyToManyField(
        "partners.Organization",
        blank=True,
        related_name="outreach_events",
        verbose_name=_("partner organizations"),
    )
    target_categories = models.ManyToManyField(
        "core.TargetCategory", blank=True, related_name="outreach_events", verbose_name=_("target audience")
    )
    field_agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="outreach_events", verbose_name=_("field agents")
    )
    description = models.TextField(_("description"), blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    public_code = models.CharField(max_length=20, unique=True, default=new_public_code, editable=False)
    closed_at = models.DateTimeField(_("registration closed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[partners, target_categories])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="event_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self):
        return self.ends_on or self.starts_on


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    topic = models.CharField(_("topic"), max_length=300)
    presenter_organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter organization"),
    )
    presenter_name = models.CharField(_("presenter"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.topic


class VisitorTally(models.Model):
    """Visitors counted at a stop or event on one day: each row is one entry of the
    counter (an increment, or a negative correction); the day's figure is their sum.
    Entries are idempotent by the client's UUID."""

    client_uuid = models.UUIDField(unique=True)
    stop = models.ForeignKey(Stop, on_delete=models.PROTECT, null=True, blank=True, related_name="tallies")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, blank=True, related_name="tallies")
    day = models.DateField(_("day"))
    count = models.IntegerField(_("visitors"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visitor tally")
        verbose_name_plural = _("visitor tallies")
        ordering = ["-day", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stop__isnull=False, event__isnull=True)
                | Q(stop__isnull=True, event__isnull=False),
                name="tally_stop_xor_event",
            )
        ]
        indexes = [
            models.Index(fields=["stop", "day"], name="tally_stop_day_idx"),
            models.Index(fields=["event", "day"], name="tally_event_day_idx"),
        ]


class Registration(TimeStampedModel):
    """A person registered at a stop or an event. The figures read the snapshot taken at
    registration (sex, age, province of residence), so they do not move when the person's
    record is edited later."""

    client_uuid = models.UUIDField(unique=True)
    stop = models.ForeignKey(
        Stop, on_delete=models.PROTECT, null=True, blank=True, related_name="registrations"
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="registrations"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="outreach_registrations",
        verbose_name=_("person"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    linked_existing = models.BooleanField(_("linked to an existing person"), default=False)
    captured_at = models.DateTimeField(_("captured at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    specialty = models.ForeignKey(
        "partners.Specialty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialty of interest"),
    )
    idea = models.CharField(_("project idea"), max_length=300, blank=True)
    consent = models.BooleanField(_("consent given"), default=False)
    # Snapshot for the figures.
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    residence_province = models.ForeignKey(
        "core.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province of residence"),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stop__isnull=False, event__isnull=True)
                | Q(stop__isnull=True, event__isnull=False),
                name="registration_stop_xor_event",
            ),
            models.UniqueConstraint(
                fields=["stop", "person"], condition=Q(stop__isnull=False), name="registration_once_per_stop"
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(event__isnull=False),
                name="registration_once_per_event",
            ),
        ]
        # The figures' list of registrations, newest first (docs/benchmarks.md).
        indexes = [models.Index(fields=["captured_at", "id"], name="registration_captured_idx")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.stop or self.event}"

    @property
    def place(self) -> Stop | Event:
        return self.stop or self.event


class Idea(TimeStampedModel):
    """A project idea pitched by a registered person, with the feedback it received."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="ideas")
    summary = models.TextField(_("idea"), max_length=1000)
    specialty = models.ForeignKey(
        "partners.Specialty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialty or sector"),
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    legal_form = models.CharField(
        _("intended legal form"), max_length=30, choices=LegalForm.choices, default=LegalForm.UNDECIDED
    )
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=IdeaOutcome.choices, default=IdeaOutcome.PENDING
    )
    feedback = models.TextField(_("feedback"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("holder notified"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.summary[:60]
