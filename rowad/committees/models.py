"""Scoring grids and evaluations (part 6); committee sessions, decisions, votes and
decision letters (part 7)."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rowad.core.models import MultilingualNameModel, TimeStampedModel

from .enums import Decision, SessionStatus, VoteChoice


class ScoringGrid(TimeStampedModel):
    """A programme's scoring grid: criteria with weights, scored from 0 to `scale_max`."""

    programme = models.OneToOneField(
        "partners.Programme",
        on_delete=models.CASCADE,
        related_name="scoring_grid",
        verbose_name=_("programme"),
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=20, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    show_evaluator_names = models.BooleanField(
        _("the committee sees the evaluators' names"),
        default=False,
        help_text=_("Otherwise the committee sees the scores anonymised (Evaluator 1, 2…)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring grid")
        verbose_name_plural = _("scoring grids")

    def __str__(self) -> str:
        return str(self.programme)


class Criterion(MultilingualNameModel):
    grid = models.ForeignKey(ScoringGrid, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=60)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["grid", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "code"], name="criterion_unique_code"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
        ]


class Evaluation(TimeStampedModel):
    """One evaluator's scoring of one dossier: exactly one per (dossier, evaluator)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("dossier")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("evaluator"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["dossier", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "evaluator"], name="evaluation_one_per_evaluator")
        ]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.evaluator}"


class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_not_negative"),
        ]


class CommitteeSession(TimeStampedModel):
    organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        related_name="committee_sessions",
        verbose_name=_("organization"),
    )
    programme = models.ForeignKey(
        "partners.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_sessions",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    quorum = models.PositiveSmallIntegerField(_("quorum"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="SessionMember", related_name="committee_sessions"
    )
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    # Idempotency key of the creation form: the same form sent twice creates one session.
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")
        ordering = ["-held_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(video_link=""), name="session_place_or_video"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_announced(self) -> bool:
        return self.status == SessionStatus.ANNOUNCED


class SessionMember(models.Model):
    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("member"),
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    # None: attendance not recorded yet.
    present = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["-is_chair", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="session_member_unique")]

    def __str__(self) -> str:
        return str(self.user)


class AgendaItem(models.Model):
    """A dossier on a session's agenda and, once recorded, the committee's decision."""

    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="items")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("dossier")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "dossier"], name="agenda_item_unique")]

    def __str__(self) -> str:
        return f"{self.session} · {self.dossier}"

    def tally(self) -> dict[str, int]:
        counts = {choice: 0 for choice in VoteChoice.values}
        for vote in self.votes.all():
            counts[vote.choice] += 1
        return counts


class Vote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="vote_one_per_member")]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class DecisionLetter(models.Model):
    """The letter telling one holder the committee's decision. Its token, printed as a QR
    code, lets anyone check on the public verification page that the letter is genuine."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="letters")
    holder = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="decision_letters", verbose_name=_("holder")
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    issued_at = models.DateTimeField(_("issued"))

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")
        ordering = ["-issued_at", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "holder"], name="letter_one_per_holder")]

    def __str__(self) -> str:
        return self.reference
