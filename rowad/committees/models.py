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


class DecisionDelegation(TimeStampedModel):
    """A programme's delegation of the committee's decisions to one person (an emergency,
    small amounts): which decisions, up to which investment, from when until when. Never
    the default: without a valid delegation a decision is taken only in a session."""

    programme = models.ForeignKey(
        "partners.Programme",
        on_delete=models.PROTECT,
        related_name="decision_delegations",
        verbose_name=_("programme"),
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decision_delegations",
        verbose_name=_("delegate"),
    )
    # Decision values (enums.Decision) the delegate may take.
    decisions = models.JSONField(_("decisions allowed"), default=list)
    max_amount = models.DecimalField(
        _("highest investment"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    reason = models.TextField(_("reason for the delegation"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for the revocation"), blank=True)

    class Meta:
        verbose_name = _("decision delegation")
        verbose_name_plural = _("decision delegations")
        ordering = ["-valid_until", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="delegation_dates_ordered"
            ),
            models.CheckConstraint(condition=models.Q(max_amount__gte=0), name="delegation_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.delegate}"

    def decision_labels(self) -> list[str]:
        return [str(Decision(d).label) for d in self.decisions if d in Decision.values]


class DelegatedDecision(models.Model):
    """A decision taken outside a session under a delegation: which delegation, who,
    when, why."""

    delegation = models.ForeignKey(
        DecisionDelegation,
        on_delete=models.PROTECT,
        related_name="decisions_taken",
        verbose_name=_("delegation"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="delegated_decisions",
        verbose_name=_("dossier"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        verbose_name = _("delegated decision")
        verbose_name_plural = _("delegated decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.get_decision_display()}"


class DecisionLetter(models.Model):
    """The letter telling one holder the decision: a committee's (`item`) or one taken
    under a delegation (`delegated`), exactly one of them. Its token, printed as a QR
    code, lets anyone check on the public verification page that the letter is genuine."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    delegated = models.ForeignKey(
        DelegatedDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
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
        constraints = [
            models.UniqueConstraint(fields=["item", "holder"], name="letter_one_per_holder"),
            models.UniqueConstraint(fields=["delegated", "holder"], name="delegated_letter_one_per_holder"),
            models.CheckConstraint(
                condition=(models.Q(item__isnull=False) & models.Q(delegated__isnull=True))
                | (models.Q(item__isnull=True) & models.Q(delegated__isnull=False)),
                name="letter_item_or_delegated",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def decision(self) -> str:
        return self.item.decision if self.item_id else self.delegated.decision

    @property
    def dossier(self):
        return self.item.dossier if self.item_id else self.delegated.dossier
