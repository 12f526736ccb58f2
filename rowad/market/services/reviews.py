"""The sponsor's review of a reported milestone: acceptance issues the milestone's invoice
(payments.issue_invoice); the last acceptance completes the contract and the order and rates
the contract (ratings.rate_contract); a rejection needs remarks, and the enterprise reports
the rework (contracts.report_execution)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version

from ..enums import ContractStatus, ErrorCode, MilestoneStatus, OrderStatus, ReviewDecision
from ..errors import MarketConflict
from ..models import Contract, Milestone, MilestoneReview
from ..notifications import notify_owners
from .common import error, lock_order, parse_date, require_sponsor, save_order
from .contracts import bump, lock_milestone
from .payments import issue_invoice
from .ratings import rate_contract


def review_milestone(
    milestone: Milestone,
    *,
    accept: bool,
    remarks: str = "",
    decided_on: datetime.date,
    actor: Any,
    expected_version: int | str | None = None,
) -> MilestoneReview:
    """The sponsor accepts a reported milestone (its invoice is issued; the last acceptance
    completes the contract and the order and rates the contract) or rejects it with
    remarks (the enterprise reports the rework)."""
    contract = milestone.contract
    require_sponsor(actor, contract.order)
    decided_on = parse_date(decided_on, "decided_on", _("Date"), past_only=True)
    remarks = (remarks or "").strip()
    if not accept and not remarks:
        raise error(
            _("Say what is wrong: remarks are required to reject."), ErrorCode.REASON_REQUIRED, "remarks"
        )
    with transaction.atomic():
        locked = lock_milestone(milestone)
        check_version(
            locked.version,
            expected_version,
            _("The milestone changed while you were looking at it. Review it again."),
            error=MarketConflict,
        )
        if locked.status != MilestoneStatus.REPORTED:
            raise MarketConflict(_("Only a reported milestone is reviewed."), code=ErrorCode.WRONG_STATE)
        last_done = locked.reports.order_by("-done_on").values_list("done_on", flat=True).first()
        if decided_on < (last_done or locked.contract.signed_on):
            raise error(
                _("The review cannot be dated before the work reported (%(date)s).")
                % {"date": (last_done or locked.contract.signed_on).isoformat()},
                ErrorCode.INVALID,
                "decided_on",
            )
        review = MilestoneReview.objects.create(
            milestone=locked,
            decision=ReviewDecision.ACCEPTED if accept else ReviewDecision.REJECTED,
            remarks=remarks,
            decided_on=decided_on,
            decided_by=acting_user(actor),
        )
        invoice = None
        if accept:
            locked.status, locked.accepted_on = MilestoneStatus.ACCEPTED, decided_on
            invoice = issue_invoice(locked, decided_on=decided_on, actor=actor)
        else:
            locked.status = MilestoneStatus.REJECTED
        bump(locked, actor, ["status", "accepted_on"])
        record_action(
            f"market.milestone.{review.decision}",
            locked,
            actor=actor,
            remarks=remarks,
            decided_on=decided_on.isoformat(),
            invoice=invoice.number if invoice else None,
        )
        if accept and not locked.contract.milestones.exclude(status=MilestoneStatus.ACCEPTED).exists():
            _complete(locked.contract, decided_on, actor)
    _notify_review(review, actor)
    return review


def _complete(contract: Contract, on: datetime.date, actor: Any) -> None:
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    locked.status, locked.completed_on = ContractStatus.COMPLETED, on
    locked.version += 1
    locked._history_user = acting_user(actor)
    locked.save(update_fields=["status", "completed_on", "version"])
    order = lock_order(locked.order)
    order.status = OrderStatus.COMPLETED
    save_order(order, actor, ["status"])
    rating = rate_contract(locked, rated_on=on)
    record_action(
        "market.contract.completed", locked, actor=actor, score=rating.score, completed_on=on.isoformat()
    )


def _notify_review(review: MilestoneReview, actor: Any) -> None:
    milestone = review.milestone
    contract = milestone.contract

    def compose(person: Any) -> tuple[str, str]:
        params = {"label": milestone.label, "reference": contract.reference, "remarks": review.remarks}
        if review.decision == ReviewDecision.ACCEPTED:
            return (
                _("Milestone accepted: %(label)s") % params,
                _(
                    "The sponsor accepted the milestone %(label)s of the contract %(reference)s; its invoice is issued."
                )
                % params,
            )
        return (
            _("Milestone rejected: %(label)s") % params,
            _(
                "The sponsor rejected the milestone %(label)s of the contract %(reference)s: %(remarks)s. "
                "Report the rework on your portal."
            )
            % params,
        )

    notify_owners(
        contract.enterprise,
        kind="market.review",
        compose=compose,
        idempotency_key=f"market-review-{review.pk}",
        actor=actor,
    )
