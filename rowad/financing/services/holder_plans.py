"""The holder proposes their project's financing plan from the portal, before submitting:
for each part of the programme's formula the amount they ask (their own contribution, the
loans, the grant), balanced to the investment and within the formula, the difference from
the formula's proposal explained in their words. The plan stays a draft: the officer
studies it, edits it (`set_plan_lines`) and submits it to the funders (`submit_plan`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.dossiers import workflow
from rowad.dossiers.queries import dossiers_visible_to

from ..enums import ErrorCode
from ..formulas import proposed_amounts
from ..models import FinancingPlan
from ..money import to_cents
from .common import EDITABLE_PLAN_STATES, ZERO, _error, _lock_plan, _out_of_scope
from .plans import (
    _check_investment,
    _check_within_formula,
    _clean_lines,
    _mirror_to_dossier,
    _write_lines,
    formula_for,
)


def _check_holds(actor: Any, dossier: Any) -> None:
    person_id = scope_for(actor).person_id
    held = dossiers_visible_to(actor).filter(pk=dossier.pk, holder_links__person_id=person_id)
    if not person_id or not held.exists():
        raise _out_of_scope(_("Only a holder of this project file proposes its financing plan."))


def holder_plan_rows(dossier: Any) -> tuple[Any, list[dict[str, Any]]]:
    """(formula, rows) for the holder's form: per part of the formula, the formula's
    proposal for the dossier's investment and the amount already asked (a plan's line of
    that part). No formula or no investment yet: (formula or None, [])."""
    formula = formula_for(dossier)
    if formula is None or not dossier.investment:
        return formula, []
    parts = list(formula.parts.select_related("funder"))
    try:
        proposed = dict(proposed_amounts(parts, to_cents(Decimal(dossier.investment)), formula.currency))
    except Exception:
        proposed = {}
    plan = FinancingPlan.objects.filter(dossier=dossier).first()
    asked = {line.part_id: line.amount for line in plan.lines.all()} if plan else {}
    rows = [
        {"part": part, "proposed": proposed.get(part, ZERO), "asked": asked.get(part.pk, proposed.get(part))}
        for part in parts
    ]
    return formula, rows


def propose_holder_plan(
    dossier: Any, *, amounts: dict[int, Any], reason: str = "", actor: Any
) -> FinancingPlan:
    """Create or replace the dossier's draft plan with the holder's amounts, `amounts` by
    formula part id (an empty or zero amount leaves the part out); `reason` explains any
    amount that differs from the formula's proposal."""
    _check_holds(actor, dossier)
    with transaction.atomic():
        dossier = (
            type(dossier)
            .objects.select_for_update(of=("self",))
            .select_related("province")
            .get(pk=dossier.pk)
        )
        if dossier.state not in workflow.HOLDER_EDITABLE_STATES:
            raise _error(
                _("The financing plan is proposed before the project file is submitted."),
                ErrorCode.NOT_EDITABLE,
            )
        formula = formula_for(dossier)
        if formula is None:
            raise _error(
                _("The programme has no financing formula to propose a plan from."), ErrorCode.NO_FORMULA
            )
        investment = to_cents(Decimal(dossier.investment))
        _check_investment(formula, investment)
        plan = FinancingPlan.objects.filter(dossier=dossier).first()
        created = plan is None
        if created:
            plan = FinancingPlan(dossier=dossier)
        else:
            plan = _lock_plan(plan)
            if plan.state not in EDITABLE_PLAN_STATES:
                raise _error(_("The plan is with its funders or approved."), ErrorCode.NOT_EDITABLE)
            plan.version += 1
        plan.formula, plan.currency, plan.investment = formula, formula.currency, investment
        plan._history_user = acting_user(actor)
        plan.save()
        wanted = [
            {"part": part.pk, "amount": amounts.get(part.pk), "deviation": reason, "funder": part.funder_id}
            for part in formula.parts.all()
            if amounts.get(part.pk) not in (None, "", 0, "0")
        ]
        cleaned = _clean_lines(plan, wanted)
        for line in cleaned:
            if line["part"] is not None and line["_proposed"] == line["amount"]:
                line["deviation"] = ""  # only the amounts that differ carry the holder's reason
        _check_within_formula(plan, cleaned)
        _write_lines(plan, cleaned)
        _mirror_to_dossier(plan, actor)
        record_action(
            "financing.plan.proposed_by_holder",
            plan,
            actor=actor,
            dossier=dossier.pk,
            created=created,
            lines=[{"kind": line["kind"], "amount": str(line["amount"])} for line in cleaned],
        )
    return plan
