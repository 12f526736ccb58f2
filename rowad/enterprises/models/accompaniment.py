"""Accompaniment: the mentor of a dossier (and of its enterprise), sessions before and
after creation, follow-up visits and the holders' own declarations of jobs and turnover."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.models import MultilingualNameModel

from ..enums import SessionPhase
from .enterprise import Enterprise, JobsCount


class MentorAssignment(models.Model):
    """Who accompanies a dossier, from when to when. One open assignment per dossier; a
    reassignment closes the open one (the history is the list of these rows). The
    enterprise of the dossier has the same mentor."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="mentor_assignments"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_assignments"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        ordering = ["dossier", "-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_mentor_assignment",
            )
        ]
        indexes = [models.Index(fields=["mentor", "ended_on"], name="mentor_caseload")]


class SessionTopic(MultilingualNameModel):
    """The topics of accompaniment sessions a programme offers (none: every programme)."""

    code = models.SlugField(_("code"), max_length=60)
    programme = models.ForeignKey(
        "partners.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_topics",
        verbose_name=_("programme"),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=SessionPhase.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("session topic")
        verbose_name_plural = _("session topics")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="session_topic_code"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(programme__isnull=True), name="session_topic_code_common"
            ),
        ]


class AccompanimentSession(models.Model):
    """A session with the holders of a dossier, before or after the enterprise exists."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="accompaniment_sessions"
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=SessionPhase.choices)
    held_on = models.DateField(_("date"))
    topic = models.ForeignKey(
        SessionTopic, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("topic")
    )
    notes = models.TextField(_("notes"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    next_session_on = models.DateField(_("next session"), null=True, blank=True)
    attendees = models.ManyToManyField(
        "people.Person", related_name="+", blank=True, verbose_name=_("present")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("accompaniment session")
        verbose_name_plural = _("accompaniment sessions")
        ordering = ["-held_on", "-id"]


class Visit(JobsCount):
    """A follow-up visit to the enterprise, often recorded on a phone on the spot."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    operating = models.BooleanField(_("operating"), default=True)
    # Codes of enums.Difficulty and enums.Need (lists a phone form ticks).
    difficulties = models.JSONField(_("difficulties"), default=list, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "visited_on"], name="visit_enterprise_date")]


class JobsDeclaration(JobsCount):
    """Jobs and turnover declared by a holder from the portal when asked, on a date; an
    officer (or the mentor) confirms it, and only then does it count."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="declarations")
    declared_on = models.DateField(_("declared on"))
    declared_by = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jobs declaration")
        verbose_name_plural = _("jobs declarations")
        ordering = ["-declared_on", "-id"]
