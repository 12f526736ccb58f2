"""The funders' decisions, line by line: a refusal or a reduction sends the plan back for
revision, the last approval approves the plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version

from ..enums import ErrorCode, LineDecision, PlanState
from ..errors import FinancingConflict
from ..models import FunderDecision, PlanLine
from ..money import format_money
from ..queries import lines_decided_by
from .common import ZERO, _amount, _error, _lock_plan, _settle


def may_decide(actor: Any, line: PlanLine) -> bool:
    return lines_decided_by(actor).filter(pk=line.pk).exists()


def record_decision(
    line: PlanLine,
    *,
    decision: str,
    decided_on: date,
    actor: Any,
    amount: Any = None,
    conditions: str = "",
    reason: str = "",
    reference: str = "",
    expected_version: int | str | None = None,
) -> FunderDecision:
    """A funder's decision on one line, recorded by the line's funder's officer or by an
    agency officer from the funder's letter. A refusal or a reduction sends the plan back
    for revision; the last approval approves the plan."""
    if not may_decide(actor, line):
        raise _error(
            _("Only the line's funder, or an agency officer reaching the dossier, records its decision."),
            ErrorCode.NOT_FUNDER,
            status_code=403,
        )
    if decision not in (LineDecision.APPROVED, LineDecision.REDUCED, LineDecision.REFUSED):
        raise _error(_("Choose approved, reduced or refused."), ErrorCode.WRONG_STATE, "decision")
    with transaction.atomic():
        plan = _lock_plan(line.plan)
        locked = PlanLine.objects.select_for_update(of=("self",)).get(pk=line.pk)
        check_version(
            locked.version,
            expected_version,
            _("Someone else recorded a decision on this line in the meantime. Review it and try again."),
            error=FinancingConflict,
        )
        if locked.decision != LineDecision.SUBMITTED or plan.state not in (
            PlanState.SUBMITTED,
            PlanState.REVISION,
        ):
            raise _error(_("This line is not waiting for its funder's decision."), ErrorCode.WRONG_STATE)
        if locked.submitted_on and decided_on < locked.submitted_on:
            raise _error(
                _("The decision cannot be dated before the line was submitted (%(date)s).")
                % {"date": locked.submitted_on.isoformat()},
                ErrorCode.DECIDED_BEFORE_SUBMISSION,
                "decided_on",
            )
        value = _amount(amount, "amount", _("Amount approved"))
        currency = plan.currency
        if decision == LineDecision.APPROVED:
            if value is not None and value != locked.amount:
                raise _error(
                    _(
                        "An approval is for the amount requested (%(amount)s); record a smaller amount as reduced."
                    )
                    % {"amount": format_money(locked.amount, currency)},
                    ErrorCode.INVALID_AMOUNT,
                    "amount",
                )
            value = locked.amount
        elif decision == LineDecision.REDUCED:
            if value is None or not (ZERO < value < locked.amount):
                raise _error(
                    _("A reduced approval is more than zero and less than the %(amount)s requested.")
                    % {"amount": format_money(locked.amount, currency)},
                    ErrorCode.INVALID_AMOUNT,
                    "amount",
                )
        else:
            if not reason.strip():
                raise _error(_("Give the funder's reason for refusing."), ErrorCode.REASON_REQUIRED, "reason")
            value = None
        record = FunderDecision.objects.create(
            line=locked,
            decision=decision,
            decided_on=decided_on,
            amount=value,
            conditions=conditions.strip(),
            reason=reason.strip(),
            reference=reference.strip(),
            recorded_by=acting_user(actor),
        )
        locked.decision = decision
        locked.decided_on = decided_on
        locked.approved_amount = value
        locked.conditions = conditions.strip()
        locked.refusal_reason = reason.strip() if decision == LineDecision.REFUSED else ""
        locked.version += 1
        locked._history_user = acting_user(actor)
        locked.save()
        record_action(
            f"financing.line.{decision}",
            locked,
            actor=actor,
            plan=plan.pk,
            decided_on=decided_on.isoformat(),
            amount=str(value) if value is not None else None,
            reference=reference,
        )
        lines = list(plan.lines.order_by("position", "id"))
        if decision in (LineDecision.REFUSED, LineDecision.REDUCED) and plan.state != PlanState.REVISION:
            plan.state = PlanState.REVISION
            plan.version += 1
            plan._history_user = acting_user(actor)
            plan.save()
            record_action("financing.plan.revision", plan, actor=actor, line=locked.pk)
        elif decision == LineDecision.APPROVED:
            _settle(plan, lines, actor)
    return record
