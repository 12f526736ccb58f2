"""Decisions outside a session: a delegation configured on a programme (who, which
decisions, up to which investment, until when), and the decisions taken under it. Never
the default: without a valid delegation the committee decides in a session."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.dossiers.enums import DecisionBody, DossierState
from rowad.dossiers.services import set_dossier_state
from rowad.dossiers.workflow import BodyDecision

from ..enums import Decision, ErrorCode, SessionStatus
from ..models import AgendaItem, DecisionDelegation, DecisionLetter, DelegatedDecision
from .errors import CommitteeError

# Who may configure a programme's delegations: an agency officer of its operator.
MANAGERS = (Role.AGENCY_OFFICER,)
# Who may be a delegate: a committee member or an agency officer of the operator.
DELEGATES = (Role.COMMITTEE_MEMBER, Role.AGENCY_OFFICER)


_user = acting_user


def may_manage_delegations(user: Any, programme: Any) -> bool:
    return scope_for(user).reaches(*MANAGERS, organization_id=programme.operator_id)


def _check_manager(actor: Any, programme: Any) -> None:
    if not may_manage_delegations(actor, programme):
        raise CommitteeError(
            _("Only an agency officer of the programme's operator can manage its delegations."),
            code=ErrorCode.NOT_ALLOWED,
            status_code=403,
        )


def create_delegation(
    programme: Any,
    *,
    delegate: Any,
    decisions: Iterable[str],
    max_amount: Decimal | str | int,
    valid_from: date,
    valid_until: date,
    reason: str,
    actor: Any,
) -> DecisionDelegation:
    """Let `delegate` take `decisions` on the programme's dossiers whose investment is at
    most `max_amount`, from `valid_from` to `valid_until` (both included)."""
    _check_manager(actor, programme)
    decisions = [d for d in dict.fromkeys(decisions) if d]
    reason = (reason or "").strip()
    if not decisions or any(d not in Decision.values for d in decisions):
        raise CommitteeError(
            _("Choose the decisions the delegate may take."), code=ErrorCode.NO_DECISIONS, field="decisions"
        )
    try:
        amount = Decimal(str(max_amount))
    except (InvalidOperation, ValueError):
        amount = Decimal("-1")
    if amount < 0:
        raise CommitteeError(_("Enter a positive amount."), code=ErrorCode.BAD_AMOUNT, field="max_amount")
    if valid_until < valid_from:
        raise CommitteeError(
            _("The end of the delegation comes before its start."),
            code=ErrorCode.BAD_DATES,
            field="valid_until",
        )
    if not reason:
        raise CommitteeError(
            _("Give the reason for the delegation."), code=ErrorCode.REASON_REQUIRED, field="reason"
        )
    if not scope_for(delegate).reaches(*DELEGATES, organization_id=programme.operator_id):
        raise CommitteeError(
            _("The delegate must be a committee member or an agency officer of the programme's operator."),
            code=ErrorCode.BAD_DELEGATE,
            field="delegate",
        )
    with transaction.atomic():
        delegation = DecisionDelegation.objects.create(
            programme=programme,
            delegate=delegate,
            decisions=decisions,
            max_amount=amount,
            valid_from=valid_from,
            valid_until=valid_until,
            reason=reason,
            created_by=_user(actor),
        )
        record_action(
            "committees.delegation.created",
            delegation,
            actor=actor,
            delegate=delegate.pk,
            decisions=decisions,
            max_amount=str(amount),
            valid_from=valid_from.isoformat(),
            valid_until=valid_until.isoformat(),
        )
    return delegation


def revoke_delegation(delegation: DecisionDelegation, *, reason: str, actor: Any) -> DecisionDelegation:
    """End a delegation now (decisions already taken under it stay)."""
    _check_manager(actor, delegation.programme)
    reason = (reason or "").strip()
    if not reason:
        raise CommitteeError(
            _("Give the reason for the revocation."), code=ErrorCode.REASON_REQUIRED, field="reason"
        )
    with transaction.atomic():
        locked = DecisionDelegation.objects.select_for_update().get(pk=delegation.pk)
        if locked.revoked_at is not None:
            raise CommitteeError(_("This delegation was already revoked."), code=ErrorCode.REVOKED)
        locked.revoked_at = timezone.now()
        locked.revoked_by = _user(actor)
        locked.revocation_reason = reason
        locked.save()
        record_action("committees.delegation.revoked", locked, actor=actor, reason=reason)
    return locked


def delegation_problem(
    delegation: DecisionDelegation, dossier: Any, *, decision: str | None, actor: Any
) -> CommitteeError | None:
    """Why this delegation does not let `actor` take `decision` on `dossier` now (None:
    it does). `decision=None` checks everything but the decision."""
    today = timezone.localdate()
    if delegation.revoked_at is not None:
        return CommitteeError(_("This delegation was revoked."), code=ErrorCode.DELEGATION_REVOKED)
    if not (delegation.valid_from <= today <= delegation.valid_until):
        return CommitteeError(_("This delegation is not valid today."), code=ErrorCode.DELEGATION_EXPIRED)
    if getattr(actor, "pk", None) != delegation.delegate_id:
        return CommitteeError(
            _("Only the delegate can decide under this delegation."),
            code=ErrorCode.NOT_DELEGATE,
            status_code=403,
        )
    if not scope_for(actor).reaches(*DELEGATES, organization_id=delegation.programme.operator_id):
        return CommitteeError(
            _("The delegate no longer belongs to the programme's operator."),
            code=ErrorCode.NOT_DELEGATE,
            status_code=403,
        )
    if dossier.programme_id != delegation.programme_id:
        return CommitteeError(_("This delegation is for another programme."), code=ErrorCode.OTHER_PROGRAMME)
    if dossier.investment > delegation.max_amount:
        return CommitteeError(
            _("The investment (%(amount)s) is above the delegation's limit (%(limit)s).")
            % {"amount": dossier.investment, "limit": delegation.max_amount},
            code=ErrorCode.OVER_AMOUNT,
        )
    if decision is not None and decision not in delegation.decisions:
        return CommitteeError(
            _("This delegation does not allow this decision."), code=ErrorCode.DECISION_NOT_DELEGATED
        )
    return None


def delegations_for(dossier: Any, user: Any) -> list[DecisionDelegation]:
    """The delegations that let `user` decide on `dossier` today (empty: the committee
    decides in a session)."""
    if dossier.state != DossierState.READY_FOR_COMMITTEE or not getattr(user, "pk", None):
        return []
    today = timezone.localdate()
    candidates = DecisionDelegation.objects.select_related("programme").filter(
        programme_id=dossier.programme_id,
        delegate_id=user.pk,
        revoked_at__isnull=True,
        valid_from__lte=today,
        valid_until__gte=today,
    )
    return [d for d in candidates if delegation_problem(d, dossier, decision=None, actor=user) is None]


def body_decision(record: DelegatedDecision) -> BodyDecision:
    delegation = record.delegation
    delegate = delegation.delegate.get_full_name() or delegation.delegate.username
    return BodyDecision(
        kind=DecisionBody.DELEGATION,
        reference=f"committees.delegateddecision:{record.pk}",
        label=f"{delegate} · {delegation.programme} · D-{delegation.pk}",
        dossier_id=record.dossier_id,
        state=record.decision,
    )


def _letter_reference(record: DelegatedDecision, index: int) -> str:
    year = timezone.localtime(record.decided_at).year
    return f"DD-{year}-{record.delegation_id:04d}-{record.pk:05d}-{index}"


def decide_by_delegation(dossier: Any, *, decision: str, reasons: str, actor: Any) -> DelegatedDecision:
    """Take `decision` on a dossier ready for committee under a valid delegation of its
    programme held by `actor`: record it, move the dossier (set_dossier_state with the
    record) and issue one decision letter per holder that names the delegation."""
    reasons = (reasons or "").strip()
    if decision not in Decision.values:
        raise CommitteeError(_("Choose a decision."), code=ErrorCode.BAD_DECISION, field="decision")
    if decision != Decision.APPROVED and not reasons:
        raise CommitteeError(
            _("Give the reasons for a rejection, a deferral or a request to revise."),
            code=ErrorCode.REASONS_REQUIRED,
            field="reasons",
        )
    with transaction.atomic():
        if dossier.state != DossierState.READY_FOR_COMMITTEE:
            raise CommitteeError(
                _("The dossier is not waiting for a committee decision."), code=ErrorCode.NOT_READY
            )
        if AgendaItem.objects.filter(dossier=dossier, session__status=SessionStatus.PLANNED).exists():
            raise CommitteeError(
                _("This dossier is on the agenda of a session: the committee decides it there."),
                code=ErrorCode.ON_AGENDA,
            )
        delegations = DecisionDelegation.objects.select_for_update(of=("self",)).filter(
            programme_id=dossier.programme_id, delegate_id=getattr(actor, "pk", None)
        )
        problems = []
        chosen = None
        for delegation in delegations.select_related("programme", "delegate").order_by("-valid_until", "-id"):
            problem = delegation_problem(delegation, dossier, decision=decision, actor=actor)
            if problem is None:
                chosen = delegation
                break
            problems.append(problem)
        if chosen is None:
            raise (
                problems[0]
                if problems
                else CommitteeError(
                    _("You hold no delegation for this programme: the committee decides in a session."),
                    code=ErrorCode.NO_DELEGATION,
                    status_code=403,
                )
            )
        now = timezone.now()
        record = DelegatedDecision.objects.create(
            delegation=chosen,
            dossier=dossier,
            decision=decision,
            reasons=reasons,
            decided_by=actor,
            decided_at=now,
        )
        set_dossier_state(dossier, decision, actor=actor, note=reasons, decision=body_decision(record))
        for index, holder in enumerate(dossier.holders.order_by("pk"), start=1):
            DecisionLetter.objects.create(
                delegated=record, holder=holder, reference=_letter_reference(record, index), issued_at=now
            )
        record_action(
            "committees.delegation.decided",
            dossier,
            actor=actor,
            delegation=chosen.pk,
            decision=decision,
            record=record.pk,
        )
    return record
