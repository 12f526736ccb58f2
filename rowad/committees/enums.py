"""States and kinds of the committees app (no bare status strings in code)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Decisions announced")


class Decision(models.TextChoices):
    """The committee's decisions; the values are the dossier states they lead to."""

    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    TO_REVISE = "to_revise", _("Sent back to revise")


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them."""

    ALREADY_DECIDED = "already_decided"
    ALREADY_ON_AGENDA = "already_on_agenda"
    ANNOUNCED = "announced"
    BAD_AMOUNT = "bad_amount"
    BAD_DATES = "bad_dates"
    BAD_DECISION = "bad_decision"
    BAD_DELEGATE = "bad_delegate"
    BAD_QUORUM = "bad_quorum"
    BAD_SCORE = "bad_score"
    BAD_VOTE = "bad_vote"
    BAD_WEIGHT = "bad_weight"
    DECISION_NOT_DELEGATED = "decision_not_delegated"
    DELEGATION_EXPIRED = "delegation_expired"
    DELEGATION_REVOKED = "delegation_revoked"
    DUPLICATE_CRITERION = "duplicate_criterion"
    EMPTY_AGENDA = "empty_agenda"
    GRID_LOCKED = "grid_locked"
    MISSING_SCORE = "missing_score"
    NO_CRITERIA = "no_criteria"
    NO_DECISIONS = "no_decisions"
    NO_DELEGATION = "no_delegation"
    NO_GRID = "no_grid"
    NO_MEMBERS = "no_members"
    NO_PLACE = "no_place"
    NO_QUORUM = "no_quorum"
    NO_TITLE = "no_title"
    NOT_ALLOWED = "not_allowed"
    NOT_DELEGATE = "not_delegate"
    NOT_EVALUATOR = "not_evaluator"
    NOT_MEMBER = "not_member"
    NOT_READY = "not_ready"
    ON_AGENDA = "on_agenda"
    OTHER_PROGRAMME = "other_programme"
    OVER_AMOUNT = "over_amount"
    REASON_REQUIRED = "reason_required"
    REASONS_REQUIRED = "reasons_required"
    REVOKED = "revoked"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    SCORES_LOCKED = "scores_locked"
    STALE_EDIT = "stale_edit"
    TOO_FEW_VOTES = "too_few_votes"
    UNDECIDED = "undecided"
    VOTE_NOT_PRESENT = "vote_not_present"
    VOTES_DISAGREE = "votes_disagree"
