"""The one funnel of dossier states (`set_dossier_state`), its guards and who may take
each transition; eligibility refreshed on the way."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action

from .. import eligibility, workflow
from ..enums import DossierState, ErrorCode, RuleOutcome, StudyResult
from ..models import (
    Dossier,
    DossierDocument,
    DossierHolder,
    StateChange,
    Study,
)
from ..workflow import BodyDecision, Transition
from .common import DossierError, _check_version, _lock, _save, _user

# --- Eligibility ------------------------------------------------------------------------


def refresh_eligibility(dossier: Dossier) -> Dossier:
    """Re-evaluate and store the eligibility lines (inside the caller's transaction)."""
    lines = [line.as_dict() for line in eligibility.evaluate(dossier)]
    outcome = eligibility.overall(lines)
    now = timezone.now()
    Dossier.objects.filter(pk=dossier.pk).update(
        eligibility=lines, eligibility_outcome=outcome, eligibility_checked_at=now
    )
    dossier.eligibility, dossier.eligibility_outcome, dossier.eligibility_checked_at = lines, outcome, now
    return dossier


def refresh_eligibility_for_people(person_ids: Iterable[int]) -> int:
    """Re-evaluate the open dossiers of these people: call after their registry data
    (birth date, education, employment, categories) or their aid changed."""
    dossiers = (
        Dossier.objects.filter(holder_links__person_id__in=list(person_ids))
        .exclude(state__in=workflow.FINAL_STATES)
        .distinct()
    )
    count = 0
    for dossier in dossiers.select_related("programme", "province"):
        refresh_eligibility(dossier)
        count += 1
    return count


# --- Guards ------------------------------------------------------------------------------


def missing_documents(dossier: Dossier) -> list:
    required = list(dossier.programme.required_documents.all())
    present = set(
        DossierDocument.objects.filter(dossier=dossier, versions__isnull=False).values_list(
            "document_type_id", flat=True
        )
    )
    return [doc for doc in required if doc.pk not in present]


def financing_total(dossier: Dossier) -> Decimal:
    return dossier.financing_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def financing_balanced(dossier: Dossier) -> bool:
    return dossier.financing_lines.exists() and financing_total(dossier) == dossier.investment


# Why a dossier may not pass "financed" yet: handed by the financing app (above this one)
# in its AppConfig.ready; (code, message) or None when every line of the plan is approved.
_funding_check: Callable[[Dossier], tuple[str, Any] | None] | None = None


def provide_funding_check(check: Callable[[Dossier], tuple[str, Any] | None]) -> None:
    global _funding_check
    _funding_check = check


def _funding_error(dossier: Dossier) -> DossierError | None:
    if _funding_check is None:  # no financing app installed: nobody can attest the funding
        return DossierError(
            _("Every line of the financing plan must be approved by its funder."),
            code=ErrorCode.FUNDING_INCOMPLETE,
        )
    problem = _funding_check(dossier)
    if problem is None:
        return None
    code, message = problem
    return DossierError(str(message), code=code)


# Why a dossier may not pass "company created" yet: handed by the enterprises app (above
# this one); (code, message) or None once the dossier's enterprise is recorded.
_enterprise_check: Callable[[Dossier], tuple[str, Any] | None] | None = None


def provide_enterprise_check(check: Callable[[Dossier], tuple[str, Any] | None]) -> None:
    global _enterprise_check
    _enterprise_check = check


def _enterprise_error(dossier: Dossier) -> DossierError | None:
    if _enterprise_check is None:  # no enterprises app installed: nothing records the company
        return DossierError(
            _("Record the enterprise to mark the company created."), code=ErrorCode.ENTERPRISE_MISSING
        )
    problem = _enterprise_check(dossier)
    if problem is None:
        return None
    code, message = problem
    return DossierError(str(message), code=code)


def _guard_error(guard: str, dossier: Dossier, note: str) -> DossierError | None:
    if guard == workflow.DETAILS:
        if not dossier.title.strip() or not dossier.idea.strip():
            return DossierError(
                _("Describe the project (title and idea) before submitting."), code=ErrorCode.MISSING_DETAILS
            )
    elif guard == workflow.MEMBERS:
        line = next((x for x in dossier.eligibility if x.get("rule") == "members"), None)
        if line and line.get("outcome") == RuleOutcome.FAILED:
            return DossierError(eligibility.describe(line)["reason"], code=ErrorCode.HOLDERS_COUNT)
    elif guard == workflow.ELIGIBLE:
        if dossier.eligibility_outcome == RuleOutcome.FAILED:
            failed = [
                eligibility.describe(x) for x in dossier.eligibility if x.get("outcome") == RuleOutcome.FAILED
            ]
            return DossierError(
                _("The dossier does not meet the programme's rules: %(reasons)s")
                % {"reasons": " ".join(f"{x['label']}: {x['reason']}" for x in failed)},
                code=ErrorCode.NOT_ELIGIBLE,
            )
    elif guard == workflow.DOCUMENTS:
        missing = missing_documents(dossier)
        if missing:
            return DossierError(
                _("Required documents are missing: %(documents)s.")
                % {"documents": ", ".join(str(d) for d in missing)},
                code=ErrorCode.INCOMPLETE_DOCUMENTS,
            )
    elif guard == workflow.FINANCING:
        if not financing_balanced(dossier):
            return DossierError(
                _("The financing plan (%(total)s) does not add up to the investment (%(investment)s).")
                % {"total": financing_total(dossier), "investment": dossier.investment},
                code=ErrorCode.FINANCING_UNBALANCED,
            )
    elif guard == workflow.FUNDED:
        return _funding_error(dossier)
    elif guard == workflow.ENTERPRISE:
        return _enterprise_error(dossier)
    elif guard == workflow.STUDY:
        study = Study.objects.filter(dossier=dossier).first()
        if study is None or study.result == StudyResult.PENDING:
            return DossierError(
                _("Record the study's result and opinion first."), code=ErrorCode.STUDY_INCOMPLETE
            )
        if study.result == StudyResult.UNFAVOURABLE:
            return DossierError(
                _("The study is unfavourable: send the dossier back to revise instead."),
                code=ErrorCode.STUDY_UNFAVOURABLE,
            )
    elif guard == workflow.SIGNOFF:
        from ..study import signoff_error

        return signoff_error(dossier)
    elif guard == workflow.NOTE and not note.strip():
        return DossierError(_("Give the reason in the note."), code=ErrorCode.NOTE_REQUIRED)
    return None


def transition_problems(dossier: Dossier, transition: Transition, *, note: str = "") -> list[DossierError]:
    """Guards that would refuse this transition now (empty: allowed)."""
    return [e for g in transition.guards if (e := _guard_error(g, dossier, note)) is not None]


def actor_may(actor: Any, dossier: Dossier, transition: Transition) -> bool:
    """One membership of `actor` holding one of the transition's roles reaches the dossier
    (a committee member: a dossier of their committee membership's provinces, on their
    desk); a role held elsewhere never lends its right to another membership's dossiers."""
    scope = scope_for(actor)
    if scope.is_platform_admin:
        return True
    staff_roles = transition.roles - {Role.PROJECT_HOLDER}
    if staff_roles and scope.has_role(*staff_roles):
        from ..queries import may_act_on

        if may_act_on(actor, dossier, staff_roles):
            return True
    if Role.PROJECT_HOLDER in transition.roles and scope.person_id:
        return DossierHolder.objects.filter(dossier=dossier, person_id=scope.person_id).exists()
    return False


def available_transitions(dossier: Dossier, actor: Any) -> list[Transition]:
    """What the actor may do from the dossier page or the API: never a body's decision."""
    return [
        t for t in workflow.transitions_from(dossier.state) if not t.by_body and actor_may(actor, dossier, t)
    ]


def committee_only_error() -> DossierError:
    return DossierError(
        _(
            "This decision is taken by the committee in a session (or under a delegation "
            "configured on the programme), not from the dossier."
        ),
        code=ErrorCode.COMMITTEE_ONLY,
        status_code=403,
    )


def _check_decision(locked: Dossier, transition: Transition, decision: BodyDecision | None) -> None:
    if decision is None:
        if transition.by_body:
            raise committee_only_error()
        return
    if not transition.by_body:
        raise DossierError(_("This change is not a committee decision."), code=ErrorCode.NOT_A_DECISION)
    if decision.dossier_id != locked.pk or decision.state != transition.target:
        raise DossierError(
            _("The decision record does not match this dossier."), code=ErrorCode.DECISION_MISMATCH
        )


# --- The funnel --------------------------------------------------------------------------


def set_dossier_state(
    dossier: Dossier,
    new_state: str,
    *,
    actor: Any,
    note: str = "",
    expected_version: int | None = None,
    decision: BodyDecision | None = None,
) -> Dossier:
    """Move `dossier` to `new_state` if TRANSITIONS allows it for `actor`, under a row
    lock; write the history row and the audit entry; notify the holders after commit.

    A `by_body` transition (the committee's decisions) is refused (code "committee_only")
    unless `decision` is the body's record: the committees app passes it when a session
    is announced or a delegate decides, after checking who records it; the record is
    kept on the StateChange and in the audit entry."""
    note = (note or "").strip()
    if new_state not in DossierState.values:
        raise DossierError(_("Unknown state."), code=ErrorCode.UNKNOWN_STATE)
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        transition = workflow.find(locked.state, new_state)
        if transition is None:
            raise DossierError(
                _("A dossier cannot go from “%(source)s” to “%(target)s”.")
                % {"source": DossierState(locked.state).label, "target": DossierState(new_state).label},
                code=ErrorCode.INVALID_TRANSITION,
            )
        _check_decision(locked, transition, decision)
        if decision is None and not actor_may(actor, locked, transition):
            raise DossierError(
                _("You are not allowed to move this dossier to “%(target)s”.")
                % {"target": DossierState(new_state).label},
                code=ErrorCode.NOT_ALLOWED,
                status_code=403,
            )
        if new_state == DossierState.SUBMITTED:
            locked.submitted_at = timezone.now()
        refresh_eligibility(locked)
        problems = transition_problems(locked, transition, note=note)
        if problems:
            raise problems[0]
        previous = locked.state
        locked.state = new_state
        if new_state == DossierState.TO_REVISE:
            locked.revision_request = note
        if new_state in workflow.DECISION_STATES:
            locked.decided_at = timezone.now()
        _save(locked, actor, reason=note or str(transition.label))
        change = StateChange.objects.create(
            dossier=locked,
            from_state=previous,
            to_state=new_state,
            actor=_user(actor),
            note=note,
            decided_by_body=decision.kind if decision else "",
            decision_reference=decision.reference if decision else "",
            decision_label=(decision.label if decision else "")[:300],
        )
        body = {"body": decision.kind, "decision": decision.reference} if decision else {}
        record_action(
            f"dossiers.dossier.{new_state}", locked, actor=actor, from_state=previous, note=note, **body
        )
        if new_state in eligibility.AID_STATES or previous in eligibility.AID_STATES:
            # Other dossiers of the same holders read "earlier aid".
            others = DossierHolder.objects.filter(dossier=locked).values_list("person_id", flat=True)
            for other in (
                Dossier.objects.filter(holder_links__person_id__in=list(others))
                .exclude(pk=locked.pk)
                .exclude(state__in=workflow.FINAL_STATES)
                .distinct()
            ):
                refresh_eligibility(other)
        if transition.notify:
            from .. import notifications

            change_id = change.pk
            transaction.on_commit(lambda: notifications.notify_state_change(change_id))
    return locked
