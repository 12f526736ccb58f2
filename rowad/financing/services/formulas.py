"""A programme's financing formula, kept as data: its parts (share, cap, remainder, the
holder's minimum contribution) and their loan terms, maintained by an agency officer of the
programme's operator."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.dossiers.enums import FinancingKind
from rowad.partners.models import Programme

from ..enums import Currency, ErrorCode
from ..errors import FinancingConflict
from ..models import FinancingFormula, FormulaPart, PlanLine
from ..queries import MANAGERS
from .common import (
    HUNDRED,
    TERM_FIELDS,
    ZERO,
    _amount,
    _clean_terms,
    _error,
    _organization,
    _out_of_scope,
    _percent,
)

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
PART_FIELDS = ("kind", "funder", "share", "cap", "is_remainder", *TERM_FIELDS)


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
