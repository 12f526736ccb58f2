"""Scoped reads of the committees app: sessions, evaluations, letters, score summaries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.models import Membership, User
from rowad.accounts.scope import scope_for
from rowad.dossiers.enums import DossierState
from rowad.dossiers.queries import dossiers_visible_to
from rowad.partners.models import Organization

from . import scoring
from .enums import SessionStatus
from .models import (
    AgendaItem,
    CommitteeSession,
    DecisionDelegation,
    DecisionLetter,
    DelegatedDecision,
    Evaluation,
    ScoringGrid,
)

# A letter is out once its session is announced, or at once for a delegated decision.
ISSUED = Q(item__session__status=SessionStatus.ANNOUNCED) | Q(delegated__isnull=False)
LETTER_RELATED = (
    "holder",
    "item__dossier__programme",
    "item__session__organization",
    "delegated__dossier__programme__operator",
    "delegated__delegation__delegate",
)

# Staff who organize sessions and read them for their organizations.
ORGANIZERS = (Role.AGENCY_OFFICER,)
SESSION_READERS = (Role.AGENCY_OFFICER, Role.DIRECTOR)
# Who runs a session (attendance, agenda, decisions) and who reads the scores.
SESSION_RUNNERS = (Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER)
SCORE_READERS = (Role.AGENCY_OFFICER, Role.DIRECTOR, Role.COMMITTEE_MEMBER)
# Who gives a dossier to an evaluator.
EVALUATOR_ASSIGNERS = (Role.AGENCY_OFFICER,)


def _with_branches(org_ids: frozenset[int]) -> set[int]:
    if not org_ids:
        return set()
    branches = Organization.objects.filter(parent_id__in=org_ids).values_list("pk", flat=True)
    return set(org_ids) | set(branches)


def sessions_visible_to(user: Any) -> QuerySet[CommitteeSession]:
    """Sessions of the organizations (and their branches) where the user is an agency
    officer or director, and the sessions where the user sits."""
    scope = scope_for(user)
    base = CommitteeSession.objects.select_related("organization", "programme")
    if scope.is_platform_admin:
        return base
    condition = Q(pk__in=[])
    orgs = _with_branches(scope.organization_ids_for(*SESSION_READERS) or frozenset())
    if orgs:
        condition |= Q(organization_id__in=orgs)
    if scope.user_id and scope.has_role(Role.COMMITTEE_MEMBER):
        condition |= Q(seats__user_id=scope.user_id)
    return base.filter(pk__in=CommitteeSession.objects.filter(condition).values("pk"))


def sessions_managed_by(user: Any, *, roles: tuple[str, ...] = SESSION_RUNNERS) -> QuerySet[CommitteeSession]:
    """Sessions the user may run (attendance, agenda, decisions, announcement): agency
    officers of the organization, and the session's own members. With `roles`, only
    through the memberships holding one of them."""
    scope = scope_for(user)
    base = CommitteeSession.objects.select_related("organization", "programme")
    if scope.is_platform_admin:
        return base
    condition = Q(pk__in=[])
    organizers = tuple(r for r in ORGANIZERS if r in roles)
    orgs = _with_branches((scope.organization_ids_for(*organizers) if organizers else None) or frozenset())
    if orgs:
        condition |= Q(organization_id__in=orgs)
    if Role.COMMITTEE_MEMBER in roles and scope.user_id and scope.has_role(Role.COMMITTEE_MEMBER):
        condition |= Q(seats__user_id=scope.user_id)
    return base.filter(pk__in=CommitteeSession.objects.filter(condition).values("pk"))


def with_decisions_to_announce(sessions: QuerySet[CommitteeSession]) -> QuerySet[CommitteeSession]:
    """Sessions whose recorded decisions wait for the announcement, which alone applies
    them to the dossiers and issues the letters (services.announce_session)."""
    decided = AgendaItem.objects.filter(session=OuterRef("pk")).exclude(decision="")
    return sessions.filter(Exists(decided), status=SessionStatus.PLANNED)


def upcoming_sessions(sessions: QuerySet[CommitteeSession], since: Any) -> QuerySet[CommitteeSession]:
    """Sessions still planned, held from `since` (a moment) on, the nearest first."""
    return sessions.filter(status=SessionStatus.PLANNED, held_at__gte=since).order_by("held_at", "pk")


def evaluations_to_score(user: Any) -> QuerySet[Evaluation]:
    """The evaluations given to `user` that they have not submitted yet."""
    return evaluations_visible_to(user).filter(
        evaluator_id=getattr(user, "pk", None), submitted_at__isnull=True
    )


def organizing_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations in whose name the user may call a session."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return Organization.objects.filter(is_active=True)
    return Organization.objects.filter(pk__in=scope.organization_ids_for(*ORGANIZERS) or [])


def eligible_members(organization: Organization) -> QuerySet[User]:
    """Users holding the committee-member role in the organization, its parent or its
    branches."""
    related = {organization.pk}
    if organization.parent_id:
        related.add(organization.parent_id)
    related |= set(Organization.objects.filter(parent=organization).values_list("pk", flat=True))
    user_ids = Membership.objects.filter(
        organization_id__in=related, role=Role.COMMITTEE_MEMBER, is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def eligible_members_of(organizations: QuerySet[Organization]) -> QuerySet[User]:
    """Committee members of any of these organizations, their parents and branches."""
    ids = set(organizations.values_list("pk", flat=True))
    ids |= {p for p in organizations.values_list("parent_id", flat=True) if p}
    ids |= set(Organization.objects.filter(parent_id__in=ids).values_list("pk", flat=True))
    user_ids = Membership.objects.filter(
        organization_id__in=ids, role=Role.COMMITTEE_MEMBER, is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def evaluator_choices(dossier: Any) -> QuerySet[User]:
    """Who can be given the dossier to score: agency officers and committee members of
    the dossier's organization (its parent and branches)."""
    organization = dossier.organization
    related = {organization.pk} if organization else set()
    if organization and organization.parent_id:
        related.add(organization.parent_id)
    if organization:
        related |= set(Organization.objects.filter(parent=organization).values_list("pk", flat=True))
    user_ids = Membership.objects.filter(
        organization_id__in=related, role__in=[Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER], is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def grid_of(dossier: Any) -> ScoringGrid | None:
    return ScoringGrid.objects.filter(programme_id=dossier.programme_id).first()


def agenda_candidates(session: CommitteeSession, user: Any):
    """Dossiers ready for committee and on no pending agenda that a membership of the
    user allowed to run sessions (officer, committee member) reaches."""
    dossiers = dossiers_visible_to(user, roles=SESSION_RUNNERS, state=DossierState.READY_FOR_COMMITTEE)
    if session.programme_id:
        dossiers = dossiers.filter(programme_id=session.programme_id)
    pending = AgendaItem.objects.filter(session__status=SessionStatus.PLANNED).values("dossier_id")
    return dossiers.exclude(pk__in=pending).order_by("pk")


def committee_dossiers(user: Any, *, roles: tuple[str, ...] = SCORE_READERS):
    """Dossiers the user may read (or, with `roles`, act on) for scoring: those a
    membership holding one of `roles` reaches, plus the dossiers on the agenda of the
    sessions where the user sits as a committee member."""
    from rowad.dossiers.models import Dossier

    visible = dossiers_visible_to(user, roles=roles).values("pk")
    if Role.COMMITTEE_MEMBER not in roles or not scope_for(user).has_role(Role.COMMITTEE_MEMBER):
        return Dossier.objects.filter(pk__in=visible).select_related("programme")
    seated = AgendaItem.objects.filter(session__seats__user_id=getattr(user, "pk", None)).values("dossier_id")
    return Dossier.objects.filter(Q(pk__in=visible) | Q(pk__in=seated)).select_related("programme")


def evaluations_visible_to(user: Any) -> QuerySet[Evaluation]:
    """The user's own evaluations; agency officers and directors also read the
    evaluations of the dossiers they see."""
    scope = scope_for(user)
    base = Evaluation.objects.select_related("dossier", "evaluator", "dossier__programme")
    if scope.is_platform_admin:
        return base
    condition = Q(evaluator_id=scope.user_id) if scope.user_id else Q(pk__in=[])
    if scope.has_role(*SESSION_READERS):
        condition |= Q(dossier__in=dossiers_visible_to(user, roles=SESSION_READERS).values("pk"))
    return base.filter(condition)


def letters_visible_to(user: Any) -> QuerySet[DecisionLetter]:
    """Decision letters: the holder's own; staff: the letters of the sessions they see."""
    scope = scope_for(user)
    base = DecisionLetter.objects.select_related(*LETTER_RELATED).filter(ISSUED)
    if scope.is_platform_admin:
        return base
    condition = Q(pk__in=[])
    if scope.has_role(*SESSION_READERS, Role.COMMITTEE_MEMBER):
        condition |= Q(item__session__in=sessions_visible_to(user).values("pk"))
        condition |= Q(delegated__dossier__in=dossiers_visible_to(user).values("pk"))
        condition |= Q(delegated__decided_by_id=scope.user_id)
    if scope.person_id:
        condition |= Q(holder_id=scope.person_id)
    return base.filter(condition)


def letters_of_holder(person: Any, *, dossier: Any = None) -> QuerySet[DecisionLetter]:
    """A holder's issued decision letters (of one dossier, if given), newest first
    (callers scope the person)."""
    letters = DecisionLetter.objects.filter(ISSUED, holder=person)
    if dossier is not None:
        letters = letters.filter(Q(item__dossier=dossier) | Q(delegated__dossier=dossier))
    return letters.select_related("item__dossier", "item__session", "delegated__dossier").order_by(
        "-issued_at", "-id"
    )


def letter_by_token(token: str) -> DecisionLetter | None:
    """Public verification: the announced letter with this token, or None."""
    if not token or len(token) > 64:
        return None
    return DecisionLetter.objects.select_related(*LETTER_RELATED).filter(ISSUED, token=token).first()


def delegations_managed_by(user: Any) -> QuerySet[DecisionDelegation]:
    """Delegations of the programmes whose operator the user is an agency officer of."""
    scope = scope_for(user)
    base = DecisionDelegation.objects.select_related("programme", "delegate", "created_by", "revoked_by")
    if scope.is_platform_admin:
        return base
    return base.filter(scope.reach_q(*ORGANIZERS, organization="programme__operator_id"))


def decision_status(dossier: Any) -> dict[str, Any]:
    """Where the committee's decision on a dossier stands: the pending agenda item (on
    the agenda of a session), the last announced item or delegated decision with its
    letters (decided), or nothing (waiting for a session)."""
    pending = (
        AgendaItem.objects.filter(dossier=dossier, session__status=SessionStatus.PLANNED)
        .select_related("session")
        .first()
    )
    decided = (
        AgendaItem.objects.filter(dossier=dossier, session__status=SessionStatus.ANNOUNCED)
        .select_related("session")
        .prefetch_related("letters__holder")
        .order_by("-session__announced_at", "-id")
        .first()
    )
    delegated = (
        DelegatedDecision.objects.filter(dossier=dossier)
        .select_related("delegation__delegate", "decided_by")
        .prefetch_related("letters__holder")
        .order_by("-decided_at", "-id")
        .first()
    )
    if decided and delegated:
        if delegated.decided_at >= (decided.session.announced_at or decided.session.held_at):
            decided = None
        else:
            delegated = None
    return {"pending": pending, "decided": decided, "delegated": delegated}


# --- Score summary --------------------------------------------------------------------


@dataclass
class EvaluatorRow:
    label: str
    evaluation: Evaluation
    values: list[Decimal | None]
    comments: list[str]
    total: Decimal | None


@dataclass
class CriterionRow:
    criterion: Any
    spread: scoring.Spread


@dataclass
class ScoreSummary:
    grid: ScoringGrid | None
    rows: list[EvaluatorRow]
    criteria: list[CriterionRow]
    overall: scoring.Spread
    anonymised: bool
    pending: int
    locked: bool


def score_summary(dossier: Any, *, user: Any) -> ScoreSummary:
    """Weighted mean per evaluator, then mean and spread over evaluators, overall and
    per criterion. Committee members see names only if the programme's grid says so;
    agency officers and directors always see them."""
    from .services import scores_locked

    grid = ScoringGrid.objects.filter(programme_id=dossier.programme_id).first()
    criteria = list(grid.criteria.all()) if grid else []
    weights = {c.pk: c.weight for c in criteria}
    scope = scope_for(user)
    anonymised = bool(grid) and not grid.show_evaluator_names and not scope.has_role(*SESSION_READERS)
    evaluations = list(
        Evaluation.objects.filter(dossier=dossier).select_related("evaluator").prefetch_related("scores")
    )
    rows = []
    submitted = [e for e in evaluations if e.submitted_at]
    for index, evaluation in enumerate(submitted, start=1):
        by_criterion = {s.criterion_id: s for s in evaluation.scores.all()}
        values = {cid: s.value for cid, s in by_criterion.items()}
        own = getattr(user, "pk", None) == evaluation.evaluator_id
        label = (
            _("Evaluator %(number)s") % {"number": index}
            if anonymised and not own
            else (evaluation.evaluator.get_full_name() or evaluation.evaluator.username)
        )
        rows.append(
            EvaluatorRow(
                label=label,
                evaluation=evaluation,
                values=[values.get(c.pk) for c in criteria],
                comments=[by_criterion[c.pk].comment if c.pk in by_criterion else "" for c in criteria],
                total=scoring.weighted_mean(values, weights),
            )
        )
    per_criterion = [
        CriterionRow(criterion=c, spread=scoring.spread(row.values[i] for row in rows))
        for i, c in enumerate(criteria)
    ]
    return ScoreSummary(
        grid=grid,
        rows=rows,
        criteria=per_criterion,
        overall=scoring.spread(row.total for row in rows),
        anonymised=anonymised,
        pending=len(evaluations) - len(submitted),
        locked=scores_locked(dossier),
    )


def on_members_desk(user: Any) -> Q:
    """Dossiers on the agenda of a session `user` sits on, or given to them to score
    (handed to dossiers.queries by CommitteesConfig.ready)."""
    return Exists(AgendaItem.objects.filter(dossier=OuterRef("pk"), session__seats__user=user)) | Exists(
        Evaluation.objects.filter(dossier=OuterRef("pk"), evaluator=user)
    )
