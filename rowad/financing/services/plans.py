"""A dossier's financing plan: proposed from its programme's formula (`propose_plan`),
explained line by line (`explain_plan`), edited by the officer within the formula with every
deviation explained (`set_plan_lines`) and submitted to the funders (`submit_plan`); their
decisions are in `decisions`, the formulas in `formulas`. Each write locks, checks, saves and
audits in one transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.dossiers import workflow
from rowad.dossiers.enums import FinancingKind
from rowad.dossiers.queries import dossiers_visible_to
from rowad.dossiers.services import set_financing

from ..enums import GRANTED, ErrorCode, LineDecision, PlanState
from ..errors import FinancingConflict, FinancingError
from ..formulas import ceiling_of, floor_of, part_label, proposed_amounts, rule_text
from ..models import FinancingFormula, FinancingPlan, PlanLine
from ..money import currency_for_country, format_money, to_cents
from ..queries import MANAGERS, plans_managed_by
from .common import (
    EDITABLE_PLAN_STATES,
    TERM_FIELDS,
    ZERO,
    _amount,
    _clean_terms,
    _error,
    _lock_plan,
    _organization,
    _out_of_scope,
    _settle,
)

__all__ = [
    "EDITABLE_PLAN_STATES",
    "TERM_FIELDS",
    "explain_plan",
    "formula_for",
    "propose_plan",
    "set_plan_lines",
    "submit_plan",
]


def _check_manages_dossier(actor: Any, dossier: Any) -> None:
    if not dossiers_visible_to(actor, roles=MANAGERS).filter(pk=dossier.pk).exists():
        raise _out_of_scope(_("Only an agency officer reaching this dossier prepares its financing plan."))


def _check_manages_plan(actor: Any, plan: FinancingPlan) -> None:
    if not plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise _out_of_scope(_("Only an agency officer reaching this dossier prepares its financing plan."))


def formula_for(dossier: Any) -> FinancingFormula | None:
    """The programme's active formula in the currency of the dossier's country."""
    currency = currency_for_country(dossier.province.country_id)
    return (
        FinancingFormula.objects.filter(programme_id=dossier.programme_id, currency=currency, is_active=True)
        .order_by("code")
        .first()
    )


def _check_investment(formula: FinancingFormula, investment: Decimal) -> None:
    if investment <= ZERO:
        raise _error(
            _("Enter the dossier's investment before proposing its financing plan."), ErrorCode.INVALID_AMOUNT
        )
    if formula.min_investment is not None and investment < formula.min_investment:
        raise _error(
            _("The investment of %(investment)s is below the formula's minimum of %(limit)s.")
            % {
                "investment": format_money(investment, formula.currency),
                "limit": format_money(formula.min_investment, formula.currency),
            },
            ErrorCode.BELOW_FORMULA,
        )
    if formula.max_investment is not None and investment > formula.max_investment:
        raise _error(
            _("The investment of %(investment)s is above the formula's maximum of %(limit)s.")
            % {
                "investment": format_money(investment, formula.currency),
                "limit": format_money(formula.max_investment, formula.currency),
            },
            ErrorCode.ABOVE_FORMULA,
        )


def _mirror_to_dossier(plan: FinancingPlan, actor: Any) -> None:
    """While the dossier is still editable, its own financing lines show the same plan
    (the committee reads those)."""
    dossier = plan.dossier
    dossier.refresh_from_db(fields=["state", "version"])
    if dossier.state not in workflow.EDITABLE_STATES:
        return
    set_financing(
        dossier,
        lines=[
            {"kind": line.kind, "amount": line.amount, "funder": line.funder}
            for line in plan.lines.select_related("funder").order_by("position", "id")
        ],
        actor=actor,
    )


def _line_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in ("part", "kind", "funder", "amount", "deviation", *TERM_FIELDS)}


def _same_terms(line: PlanLine, data: dict[str, Any]) -> bool:
    return all(getattr(line, name) == data[name] for name in TERM_FIELDS)


def _write_lines(plan: FinancingPlan, wanted: list[dict[str, Any]]) -> None:
    """Replace the plan's lines by `wanted`, each matched to the plan's line of the same
    part and kind (its row and decisions kept). A line already with its funder or granted
    keeps its decision when its funder, terms and amount (the approved one, once granted)
    are unchanged; otherwise it goes back to "not yet submitted" (its decisions stay in
    its history). Lines no longer wanted are removed."""
    existing = list(plan.lines.all().order_by("position", "id"))
    used: set[int] = set()
    for position, data in enumerate(wanted):
        match = next(
            (
                line
                for line in existing
                if line.pk not in used
                and line.part_id == (data["part"].pk if data["part"] else None)
                and line.kind == data["kind"]
            ),
            None,
        )
        line = match or PlanLine(plan=plan)
        keep = (
            match is not None
            and match.funder_id == (data["funder"].pk if data["funder"] else None)
            and _same_terms(match, data)
            and (
                (match.decision in GRANTED and match.approved_amount == data["amount"])
                or (match.decision == LineDecision.SUBMITTED and match.amount == data["amount"])
            )
        )
        for name, value in _line_values(data).items():
            setattr(line, name, value)
        line.position = position
        if not keep:
            line.decision = LineDecision.PENDING
            line.submitted_on = line.decided_on = line.approved_amount = None
            line.conditions = line.refusal_reason = ""
        if line.pk:
            line.version += 1
            used.add(line.pk)
        line.save()
        used.add(line.pk)
    removed = [line for line in existing if line.pk not in used]
    if any(line.disbursed_amount > ZERO for line in removed):
        raise _error(
            _("A line on which money was already paid out cannot be removed."), ErrorCode.NOT_EDITABLE
        )
    PlanLine.objects.filter(pk__in=[line.pk for line in removed]).delete()


def propose_plan(dossier: Any, *, actor: Any, formula: FinancingFormula | None = None) -> FinancingPlan:
    """The dossier's plan as its programme's formula sets it for the dossier's investment:
    created, or its lines replaced while it is a draft or under revision."""
    _check_manages_dossier(actor, dossier)
    with transaction.atomic():
        dossier = (
            type(dossier)
            .objects.select_for_update(of=("self",))
            .select_related("province")
            .get(pk=dossier.pk)
        )
        currency = currency_for_country(dossier.province.country_id)
        if formula is None:
            formula = formula_for(dossier)
            if formula is None:
                raise _error(
                    _("The programme has no active financing formula in %(currency)s.")
                    % {"currency": currency},
                    ErrorCode.NO_FORMULA,
                )
        elif formula.programme_id != dossier.programme_id:
            raise _error(_("This formula belongs to another programme."), ErrorCode.NO_FORMULA, "formula")
        elif formula.currency != currency:
            raise _error(
                _("This formula is in %(formula)s; the dossier is financed in %(currency)s.")
                % {"formula": formula.currency, "currency": currency},
                ErrorCode.CURRENCY_MISMATCH,
                "formula",
            )
        investment = to_cents(Decimal(dossier.investment))
        _check_investment(formula, investment)
        amounts = proposed_amounts(formula.parts.select_related("funder"), investment, formula.currency)
        plan = FinancingPlan.objects.filter(dossier=dossier).first()
        if plan is None:
            plan = FinancingPlan(dossier=dossier, officer=acting_user(actor))
            created = True
        else:
            plan = _lock_plan(plan)
            created = False
            if plan.state not in EDITABLE_PLAN_STATES:
                raise _error(
                    _("The plan is with its funders or approved: it is no longer proposed again."),
                    ErrorCode.NOT_EDITABLE,
                )
            plan.version += 1
        plan.formula, plan.currency, plan.investment = formula, formula.currency, investment
        plan._history_user = acting_user(actor)
        plan.save()
        _write_lines(
            plan,
            [
                {
                    "part": part,
                    "kind": part.kind,
                    "funder": part.funder,
                    "amount": amount,
                    "deviation": "",
                    **{name: getattr(part, name) for name in TERM_FIELDS},
                }
                for part, amount in amounts
                if amount > ZERO
            ],
        )
        _mirror_to_dossier(plan, actor)
        record_action(
            "financing.plan.proposed",
            plan,
            actor=actor,
            dossier=dossier.pk,
            formula=formula.pk,
            investment=str(investment),
            created=created,
        )
    return plan


def explain_plan(plan: FinancingPlan) -> list[dict[str, Any]]:
    """One explanation per line: the formula's rule, what the formula proposes, the amount
    asked and, where they differ, why."""
    parts = list(plan.formula.parts.select_related("funder"))
    try:
        proposed = {
            part.pk: amount for part, amount in proposed_amounts(parts, plan.investment, plan.currency)
        }
    except FinancingError:
        proposed = {}
    rows = []
    for line in plan.lines.select_related("part", "funder").order_by("position", "id"):
        part = line.part
        rows.append(
            {
                "line": line,
                "part": part,
                "rule": rule_text(part, plan.currency) if part else _("Outside the formula."),
                "proposed": proposed.get(part.pk) if part else None,
                "amount": line.amount,
                "differs": part is None or proposed.get(part.pk) != line.amount,
                "deviation": line.deviation,
            }
        )
    return rows


def _clean_lines(plan: FinancingPlan, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not lines:
        raise _error(_("A plan has at least one line."), ErrorCode.PLAN_UNBALANCED)
    parts = {part.pk: part for part in plan.formula.parts.select_related("funder")}
    try:
        proposed = {
            part.pk: amount
            for part, amount in proposed_amounts(parts.values(), plan.investment, plan.currency)
        }
    except FinancingError:
        proposed = {}
    cleaned = []
    for index, raw in enumerate(lines, start=1):
        label = _("Line %(n)s") % {"n": index}
        part_value = raw.get("part")
        part_id = getattr(part_value, "pk", part_value)
        part = None
        if part_id not in (None, ""):
            try:
                part = parts.get(int(part_id))
            except (TypeError, ValueError):
                part = None
            if part is None:
                raise _error(
                    _("%(label)s: this part is not one of the plan's formula.") % {"label": label},
                    ErrorCode.ABOVE_FORMULA,
                )
        kind = raw.get("kind") or (part.kind if part else None)
        if kind not in FinancingKind.values:
            raise _error(
                _("%(label)s: choose the kind of financing.") % {"label": label}, ErrorCode.INVALID_AMOUNT
            )
        amount = _amount(raw.get("amount"), "amount", label)
        if amount is None or amount <= ZERO:
            raise _error(
                _("%(label)s: enter a positive amount.") % {"label": label},
                ErrorCode.INVALID_AMOUNT,
                "amount",
            )
        funder = _organization(raw.get("funder")) if raw.get("funder") not in (None, "") else None
        if funder is None and part is not None and "funder" not in raw:
            funder = part.funder
        deviation = (raw.get("deviation") or "").strip()
        cleaned.append(
            {
                "part": part,
                "kind": kind,
                "funder": funder,
                "amount": amount,
                "deviation": deviation,
                **_clean_terms(raw, label, defaults=part),
                "_label": label,
                "_proposed": proposed.get(part.pk) if part else None,
            }
        )
    return cleaned


def _check_within_formula(plan: FinancingPlan, cleaned: list[dict[str, Any]]) -> None:
    currency = plan.currency
    total = sum((line["amount"] for line in cleaned), ZERO)
    if total != plan.investment:
        raise _error(
            _(
                "The lines add up to %(total)s; the investment is %(investment)s. The plan must balance to the cent."
            )
            % {"total": format_money(total, currency), "investment": format_money(plan.investment, currency)},
            ErrorCode.PLAN_UNBALANCED,
        )
    for line in cleaned:
        part, label = line["part"], line["_label"]
        if part is not None:
            ceiling = ceiling_of(part, plan.investment)
            floor = floor_of(part, plan.investment)
            same_part = sum((other["amount"] for other in cleaned if other["part"] == part), ZERO)
            if ceiling is not None and same_part > ceiling:
                raise _error(
                    _("%(label)s: %(amount)s is above what the formula allows for “%(part)s” (%(limit)s).")
                    % {
                        "label": label,
                        "amount": format_money(same_part, currency),
                        "part": part_label(part),
                        "limit": format_money(ceiling, currency),
                    },
                    ErrorCode.ABOVE_FORMULA,
                    "amount",
                )
            if floor is not None and same_part < floor:
                raise _error(
                    _(
                        "%(label)s: %(amount)s is below the minimum the formula asks for “%(part)s” (%(limit)s)."
                    )
                    % {
                        "label": label,
                        "amount": format_money(same_part, currency),
                        "part": part_label(part),
                        "limit": format_money(floor, currency),
                    },
                    ErrorCode.BELOW_FORMULA,
                    "amount",
                )
        if (part is None or line["_proposed"] != line["amount"]) and not line["deviation"]:
            raise _error(
                _("%(label)s differs from the formula's proposal: explain why.") % {"label": label},
                ErrorCode.REASON_REQUIRED,
                "deviation",
            )
    for part in plan.formula.parts.all():
        floor = floor_of(part, plan.investment)
        if floor and not any(line["part"] == part for line in cleaned):
            raise _error(
                _("The plan must keep the part “%(part)s” of at least %(limit)s.")
                % {"part": part_label(part), "limit": format_money(floor, currency)},
                ErrorCode.BELOW_FORMULA,
            )


def set_plan_lines(
    plan: FinancingPlan,
    *,
    lines: list[dict[str, Any]],
    actor: Any,
    expected_version: int | str | None = None,
) -> FinancingPlan:
    """Replace the plan's lines as the officer edited them: the sum is the investment to
    the cent, every part within its share and cap (the holder's contribution at least its
    share), every amount that differs from the formula's proposal explained."""
    _check_manages_plan(actor, plan)
    with transaction.atomic():
        locked = _lock_plan(plan)
        check_version(
            locked.version,
            expected_version,
            _(
                "Someone else changed this plan while you were editing it. Review their changes and try again."
            ),
            error=FinancingConflict,
        )
        if locked.state not in EDITABLE_PLAN_STATES:
            raise _error(_("Only a draft plan or a plan to revise can be edited."), ErrorCode.NOT_EDITABLE)
        cleaned = _clean_lines(locked, lines)
        _check_within_formula(locked, cleaned)
        _write_lines(locked, cleaned)
        locked.version += 1
        locked._history_user = acting_user(actor)
        locked.save()
        _mirror_to_dossier(locked, actor)
        record_action(
            "financing.plan.lines_changed",
            locked,
            actor=actor,
            lines=[
                {"kind": line["kind"], "amount": str(line["amount"]), "deviation": line["deviation"]}
                for line in cleaned
            ],
        )
    return locked


def submit_plan(plan: FinancingPlan, *, submitted_on: date, actor: Any) -> FinancingPlan:
    """Send every line not yet decided (or refused and revised) to its funder on
    `submitted_on`; the holder's own contribution is then approved by the officer who
    checks it was paid in, like any other line."""
    _check_manages_plan(actor, plan)
    with transaction.atomic():
        locked = _lock_plan(plan)
        if locked.state not in EDITABLE_PLAN_STATES:
            raise _error(_("The plan is already with its funders or approved."), ErrorCode.WRONG_STATE)
        lines = list(locked.lines.select_for_update(of=("self",)).order_by("position", "id"))
        total = sum((line.amount for line in lines), ZERO)
        if not lines or total != locked.investment:
            raise _error(
                _(
                    "The lines add up to %(total)s; the investment is %(investment)s. The plan must balance to the cent."
                )
                % {
                    "total": format_money(total, locked.currency),
                    "investment": format_money(locked.investment, locked.currency),
                },
                ErrorCode.PLAN_UNBALANCED,
            )
        sent = 0
        for line in lines:
            if line.decision in (LineDecision.PENDING, LineDecision.REFUSED):
                line.decision = LineDecision.SUBMITTED
                line.submitted_on = submitted_on
                line.decided_on = line.approved_amount = None
                line.refusal_reason = line.conditions = ""
                line.version += 1
                line.save()
                sent += 1
        locked.state = PlanState.SUBMITTED
        locked.version += 1
        locked._history_user = acting_user(actor)
        locked.save()
        record_action(
            "financing.plan.submitted", locked, actor=actor, submitted_on=submitted_on.isoformat(), lines=sent
        )
        _settle(locked, lines, actor)
    return locked
