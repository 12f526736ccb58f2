"""Formulas, plans and the funders' decisions.

A programme's formula is data (`save_formula`); a dossier's plan is proposed from it
(`propose_plan`), explained line by line (`explain_plan`), edited by the officer within the
formula with every deviation explained (`set_plan_lines`), submitted to the funders
(`submit_plan`) and decided line by line (`record_decision`): a refused or reduced line
sends the plan back for revision, and the plan is approved when every line is and the
approved amounts make the investment. Each write locks, checks, saves and audits in one
transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.dossiers import workflow
from rowad.dossiers.enums import FinancingKind
from rowad.dossiers.queries import dossiers_visible_to
from rowad.dossiers.services import set_financing
from rowad.partners.models import Organization, Programme

from ..enums import GRANTED, Currency, ErrorCode, Frequency, InterestBearer, LineDecision, PlanState
from ..errors import FinancingConflict, FinancingError
from ..formulas import ceiling_of, floor_of, part_label, proposed_amounts, rule_text
from ..models import FinancingFormula, FinancingPlan, FormulaPart, FunderDecision, PlanLine
from ..money import currency_for_country, format_money, parse_amount, to_cents
from ..queries import MANAGERS, lines_decided_by, plans_managed_by

FORMULA_FIELDS = (
    "code",
    "name_ar",
    "name_fr",
    "name_en",
    "currency",
    "description",
    "min_investment",
    "max_investment",
    "is_active",
)
TERM_FIELDS = ("repaid", "term_months", "grace_months", "interest_rate", "interest_borne_by", "frequency")
PART_FIELDS = ("kind", "funder", "share", "cap", "is_remainder", *TERM_FIELDS)
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


# --- Formulas ------------------------------------------------------------------------------


def may_manage_programme(actor: Any, programme: Programme) -> bool:
    """An agency officer of the programme's operator (or of a wilaya office of it)."""
    scope = scope_for(actor)
    if scope.is_platform_admin:
        return True
    orgs = sorted({g.organization_id for g in scope.grants_for(*MANAGERS)})
    return (
        bool(orgs)
        and Programme.objects.filter(pk=programme.pk)
        .filter(Q(operator_id__in=orgs) | Q(operator__branches__in=orgs))
        .exists()
    )


def _clean_parts(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not parts:
        raise _error(_("A formula has at least one part."), ErrorCode.INVALID_FORMULA)
    cleaned = []
    for index, raw in enumerate(parts, start=1):
        label = _("Part %(n)s") % {"n": index}
        kind = raw.get("kind")
        if kind not in FinancingKind.values:
            raise _error(
                _("%(label)s: choose the kind of financing.") % {"label": label}, ErrorCode.INVALID_FORMULA
            )
        share = _percent(raw.get("share"), "share", label)
        cap = _amount(raw.get("cap"), "cap", label)
        if cap is not None and cap <= ZERO:
            raise _error(
                _("%(label)s: a cap is a positive amount.") % {"label": label}, ErrorCode.INVALID_FORMULA
            )
        is_remainder = bool(raw.get("is_remainder"))
        if kind == FinancingKind.PERSONAL_CONTRIBUTION:
            if share is None:
                raise _error(
                    _("%(label)s: the holder's own contribution is a share of the investment.")
                    % {"label": label},
                    ErrorCode.INVALID_FORMULA,
                )
            if is_remainder:
                raise _error(
                    _("%(label)s: the holder's own contribution is a minimum; it cannot take the remainder.")
                    % {"label": label},
                    ErrorCode.INVALID_FORMULA,
                )
        elif share is None and cap is None and not is_remainder:
            raise _error(
                _("%(label)s: give a share, a cap, or let the part take the remainder.") % {"label": label},
                ErrorCode.INVALID_FORMULA,
            )
        part = {
            "id": raw.get("id"),
            "kind": kind,
            "funder": _organization(raw.get("funder")),
            "share": share,
            "cap": cap,
            "is_remainder": is_remainder,
            **_clean_terms(raw, label),
        }
        cleaned.append(part)
    if sum(1 for p in cleaned if p["is_remainder"]) > 1:
        raise _error(_("Only one part may take the remainder."), ErrorCode.INVALID_FORMULA)
    floors = sum((p["share"] for p in cleaned if p["kind"] == FinancingKind.PERSONAL_CONTRIBUTION), ZERO)
    if floors > HUNDRED:
        raise _error(
            _("The minimum shares add up to %(total)s %%, more than the whole investment.")
            % {"total": floors},
            ErrorCode.INVALID_FORMULA,
        )
    others = [p for p in cleaned if p["kind"] != FinancingKind.PERSONAL_CONTRIBUTION]
    if all(p["share"] is not None for p in others):
        total = floors + sum((p["share"] for p in others), ZERO)
        if total < HUNDRED:
            raise _error(
                _(
                    "The parts' shares add up to %(total)s %%: they can never finance the whole "
                    "investment. Raise a share or let a part take the remainder without a share."
                )
                % {"total": total},
                ErrorCode.INVALID_FORMULA,
            )
    return cleaned


def save_formula(
    formula: FinancingFormula | None,
    *,
    programme: Programme,
    data: dict[str, Any],
    parts: list[dict[str, Any]],
    actor: Any,
    expected_version: int | str | None = None,
) -> FinancingFormula:
    """Create (`formula` None) or replace a programme's formula and its parts. A part
    already used by a plan is kept (updated by its `id`), never deleted."""
    if not may_manage_programme(actor, programme):
        raise _out_of_scope(_("Only an agency officer of the programme's operator maintains its formulas."))
    code = (data.get("code") or "").strip()
    if not code:
        raise _error(_("Give the formula a code."), ErrorCode.INVALID_FORMULA, "code")
    if not (data.get("name_ar") or data.get("name_fr")):
        raise _error(
            _("Give the formula a name in Arabic or in French."), ErrorCode.INVALID_FORMULA, "name_fr"
        )
    if data.get("currency") not in Currency.values:
        raise _error(_("Choose the currency: DZD or MAD."), ErrorCode.INVALID_FORMULA, "currency")
    low = _amount(data.get("min_investment"), "min_investment", _("Minimum investment"))
    high = _amount(data.get("max_investment"), "max_investment", _("Maximum investment"))
    if low is not None and high is not None and high < low:
        raise _error(
            _("The maximum investment is below the minimum."), ErrorCode.INVALID_FORMULA, "max_investment"
        )
    cleaned = _clean_parts(parts)
    with transaction.atomic():
        if formula is None:
            locked = FinancingFormula(programme=programme)
        else:
            locked = FinancingFormula.objects.select_for_update(of=("self",)).get(pk=formula.pk)
            check_version(
                locked.version,
                expected_version,
                _(
                    "Someone else changed this formula while you were editing it. Review their changes and try again."
                ),
                error=FinancingConflict,
            )
            if locked.programme_id != programme.pk:
                raise _error(_("A formula stays with its programme."), ErrorCode.INVALID_FORMULA, "programme")
        if FinancingFormula.objects.filter(code=code).exclude(pk=locked.pk).exists():
            raise _error(_("Another formula already has this code."), ErrorCode.CODE_TAKEN, "code")
        for name in FORMULA_FIELDS:
            value = data.get(name, getattr(locked, name))
            setattr(locked, name, value if value is not None or name.endswith("investment") else "")
        locked.code = code
        locked.min_investment, locked.max_investment = low, high
        locked.is_active = bool(data.get("is_active", locked.is_active if locked.pk else True))
        created = locked.pk is None
        if not created:
            locked.version += 1
        locked._history_user = acting_user(actor)
        locked.save()
        _replace_parts(locked, cleaned)
        record_action(
            "financing.formula.created" if created else "financing.formula.updated",
            locked,
            actor=actor,
            programme=programme.pk,
            parts=len(cleaned),
        )
    return locked


def _replace_parts(formula: FinancingFormula, cleaned: list[dict[str, Any]]) -> None:
    existing = {part.pk: part for part in formula.parts.all()}
    kept = set()
    for position, data in enumerate(cleaned):
        part_id = data.pop("id", None)
        try:
            part = existing.get(int(part_id)) if part_id not in (None, "") else None
        except (TypeError, ValueError):
            part = None
        part = part or FormulaPart(formula=formula)
        for name, value in data.items():
            setattr(part, name, value)
        part.position = position
        part.save()
        kept.add(part.pk)
    removed = [pk for pk in existing if pk not in kept]
    if PlanLine.objects.filter(part_id__in=removed).exists():
        raise _error(
            _("A part already used by a dossier's plan cannot be removed; change it instead."),
            ErrorCode.PART_IN_USE,
        )
    FormulaPart.objects.filter(pk__in=removed).delete()


# --- Plans ---------------------------------------------------------------------------------


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


def _lock_plan(plan: FinancingPlan) -> FinancingPlan:
    return (
        FinancingPlan.objects.select_for_update(of=("self",))
        .select_related("dossier", "formula")
        .get(pk=plan.pk)
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
