"""What the financing services share: the error helpers, the parsing of amounts, shares,
funders and loan terms, the lock on a plan and its approval once every line is granted."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.partners.models import Organization

from ..enums import GRANTED, ErrorCode, Frequency, InterestBearer, PlanState
from ..errors import FinancingError
from ..models import FinancingPlan, PlanLine
from ..money import parse_amount, to_cents

TERM_FIELDS = ("repaid", "term_months", "grace_months", "interest_rate", "interest_borne_by", "frequency")
EDITABLE_PLAN_STATES = (PlanState.DRAFT, PlanState.REVISION)
HUNDRED = Decimal("100")
ZERO = Decimal("0.00")


def _error(
    message: str, code: str, field: str | None = None, status_code: int | None = None
) -> FinancingError:
    return FinancingError(message, code=code, field=field, status_code=status_code)


def _out_of_scope(message: str) -> FinancingError:
    return _error(message, ErrorCode.OUT_OF_SCOPE, status_code=403)


def _amount(value: Any, field: str, label: str) -> Decimal | None:
    """An optional amount of a form or an API body (None when empty)."""
    if value in (None, ""):
        return None
    amount = parse_amount(value)
    if amount is None:
        raise _error(_("%(label)s: enter an amount.") % {"label": label}, ErrorCode.INVALID_AMOUNT, field)
    return to_cents(amount)


def _percent(value: Any, field: str, label: str) -> Decimal | None:
    amount = _amount(value, field, label)
    if amount is not None and not (ZERO <= amount <= HUNDRED):
        raise _error(
            _("%(label)s: a share lies between 0 and 100 %%.") % {"label": label},
            ErrorCode.INVALID_FORMULA,
            field,
        )
    return amount


def _organization(value: Any) -> Organization | None:
    if value in (None, ""):
        return None
    if isinstance(value, Organization):
        return value
    return Organization.objects.filter(pk=value).first()


def _clean_terms(data: dict[str, Any], label: str, defaults: Any = None) -> dict[str, Any]:
    """The loan terms of a part or a line (`defaults`: the part a line comes from)."""

    def get(name: str, fallback: Any) -> Any:
        if name in data and data[name] not in (None, ""):
            return data[name]
        return getattr(defaults, name) if defaults is not None else fallback

    repaid = bool(get("repaid", False))
    term = get("term_months", None)
    grace = get("grace_months", 0) or 0
    try:
        term = int(term) if term is not None else None
        grace = int(grace)
    except (TypeError, ValueError) as exc:
        raise _error(
            _("%(label)s: the term and the grace period are numbers of months.") % {"label": label},
            ErrorCode.INVALID_FORMULA,
            "term_months",
        ) from exc
    if grace < 0 or (term is not None and term < 0):
        raise _error(
            _("%(label)s: the term and the grace period are numbers of months.") % {"label": label},
            ErrorCode.INVALID_FORMULA,
            "term_months",
        )
    if repaid and (term is None or term <= grace):
        raise _error(
            _("%(label)s: a repaid part needs a term longer than its grace period.") % {"label": label},
            ErrorCode.INVALID_FORMULA,
            "term_months",
        )
    rate = _percent(get("interest_rate", Decimal("0")), "interest_rate", label) or Decimal("0")
    bearer = get("interest_borne_by", InterestBearer.HOLDER)
    frequency = get("frequency", Frequency.MONTHLY)
    if bearer not in InterestBearer.values or frequency not in Frequency.values:
        raise _error(
            _("%(label)s: choose who pays the interest and how often instalments fall due.")
            % {"label": label},
            ErrorCode.INVALID_FORMULA,
        )
    return {
        "repaid": repaid,
        "term_months": term,
        "grace_months": grace,
        "interest_rate": rate,
        "interest_borne_by": bearer,
        "frequency": frequency,
    }


def _lock_plan(plan: FinancingPlan) -> FinancingPlan:
    return (
        FinancingPlan.objects.select_for_update(of=("self",))
        .select_related("dossier", "formula")
        .get(pk=plan.pk)
    )


def _settle(plan: FinancingPlan, lines: list[PlanLine], actor: Any) -> None:
    """Approve the plan when every line is granted and the approved amounts make the
    investment."""
    granted = all(line.decision in GRANTED for line in lines)
    approved = sum((line.approved_amount or ZERO for line in lines), ZERO)
    if lines and granted and approved == plan.investment and plan.state != PlanState.APPROVED:
        plan.state = PlanState.APPROVED
        plan.approved_on = max(line.decided_on for line in lines)
        plan.version += 1
        plan._history_user = acting_user(actor)
        plan.save()
        record_action("financing.plan.approved", plan, actor=actor, approved_on=plan.approved_on.isoformat())
