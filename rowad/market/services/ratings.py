"""The rating of a completed contract and the enterprise's comment on it.

How a contract is rated (when its last milestone is accepted):
- on_time_rate: the share of milestones accepted on or before their due date;
- first_time_rate: the share of milestones accepted at their first review (never rejected);
- rejections: how many reviews rejected a milestone;
- score = round(50 × on_time_rate + 50 × first_time_rate), 0 to 100 (halves rounded up).
The score feeds the score grid of later allocations (past performance). The enterprise's
manager may contest it: the comment is kept beside the rating, which stands."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user

from ..enums import ErrorCode, ReviewDecision
from ..models import Contract, ContractRating
from .common import error, now, require_enterprise_manager

RATE = Decimal("0.0001")


def rating_of(contract: Contract) -> dict[str, Any]:
    """The figures of the rating (see the module docstring)."""
    milestones = list(contract.milestones.prefetch_related("reviews"))
    count = len(milestones) or 1
    on_time = sum(1 for m in milestones if m.accepted_on and m.accepted_on <= m.due_on)
    rejections = [
        sum(1 for r in m.reviews.all() if r.decision == ReviewDecision.REJECTED) for m in milestones
    ]
    first_time = sum(
        1 for m, rejected in zip(milestones, rejections, strict=True) if m.accepted_on and not rejected
    )
    on_time_rate = (Decimal(on_time) / count).quantize(RATE, ROUND_HALF_UP)
    first_time_rate = (Decimal(first_time) / count).quantize(RATE, ROUND_HALF_UP)
    score = (Decimal(50) * Decimal(on_time) / count + Decimal(50) * Decimal(first_time) / count).quantize(
        Decimal("1"), ROUND_HALF_UP
    )
    return {
        "on_time_rate": on_time_rate,
        "first_time_rate": first_time_rate,
        "rejections": sum(rejections),
        "score": int(score),
    }


def rate_contract(contract: Contract, *, rated_on: datetime.date) -> ContractRating:
    """Compute (or recompute) the contract's rating; a comment already made is kept."""
    rating, _created = ContractRating.objects.update_or_create(
        contract=contract, defaults={**rating_of(contract), "rated_on": rated_on}
    )
    return rating


def contest_rating(rating: ContractRating, *, comment: str, actor: Any) -> ContractRating:
    """The enterprise's manager comments on the rating (kept beside it; the rating stands)."""
    require_enterprise_manager(actor, rating.contract.enterprise_id)
    comment = (comment or "").strip()
    if len(comment) < 10:
        raise error(
            _("Write what you contest in the rating (at least a sentence)."),
            ErrorCode.REASON_REQUIRED,
            "comment",
        )
    if len(comment) > 2000:
        raise error(_("The comment may be at most 2000 characters."), ErrorCode.INVALID, "comment")
    with transaction.atomic():
        locked = ContractRating.objects.select_for_update().get(pk=rating.pk)
        locked.contest_comment = comment
        locked.contested_at = now()
        locked.contested_by = acting_user(actor)
        locked._history_user = acting_user(actor)
        locked.save(update_fields=["contest_comment", "contested_at", "contested_by"])
        record_action(
            "market.rating.contested", locked, actor=actor, contract=locked.contract_id, comment=comment
        )
    return locked
