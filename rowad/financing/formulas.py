"""What a formula proposes for an investment, and how each part's rule reads.

One definition of the arithmetic: the holder's own contribution (a floor) at its share,
every other part at its share of the investment or its cap, whichever is lower, and the
remainder part takes what the others leave, within its own share and cap. Amounts are
rounded half up to the cent (`money.to_cents`)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .enums import ErrorCode
from .errors import FinancingError
from .models import FormulaPart
from .money import format_money, to_cents

HUNDRED = Decimal("100")
ZERO = Decimal("0.00")


def share_of(part: Any, investment: Decimal) -> Decimal | None:
    """The part's share of the investment in money (None: the part has no share)."""
    if part.share is None:
        return None
    return to_cents(investment * Decimal(part.share) / HUNDRED)


def ceiling_of(part: Any, investment: Decimal) -> Decimal | None:
    """The most a funder's part may hold: its share and its cap, the lower (None: no
    limit). A floor part has no ceiling."""
    if part.is_floor:
        return None
    limits = [limit for limit in (share_of(part, investment), part.cap) if limit is not None]
    return min(limits) if limits else None


def floor_of(part: Any, investment: Decimal) -> Decimal | None:
    """The least a floor part (the holder's own contribution) must hold."""
    return share_of(part, investment) if part.is_floor else None


def part_label(part: Any) -> str:
    label = part.get_kind_display()
    return f"{label} · {part.funder.name}" if part.funder_id else label


def proposed_amounts(
    parts: Iterable[FormulaPart], investment: Decimal, currency: str
) -> list[tuple[Any, Decimal]]:
    """(part, amount) for each part of the formula, in its order; raises PLAN_UNBALANCED
    when the parts cannot add up to the investment."""
    parts = list(parts)
    amounts: dict[int, Decimal] = {}
    remainder = None
    for index, part in enumerate(parts):
        if part.is_remainder:
            remainder = index
            continue
        if part.is_floor:
            amounts[index] = share_of(part, investment) or ZERO
        else:
            ceiling = ceiling_of(part, investment)
            amounts[index] = ceiling if ceiling is not None else ZERO
    taken = sum(amounts.values(), ZERO)
    if remainder is None:
        if taken != investment:
            raise FinancingError(
                _(
                    "The formula's parts add up to %(total)s, not to the investment of %(investment)s: "
                    "give one part the remainder."
                )
                % {"total": format_money(taken, currency), "investment": format_money(investment, currency)},
                code=ErrorCode.PLAN_UNBALANCED,
            )
    else:
        part = parts[remainder]
        left = investment - taken
        ceiling = ceiling_of(part, investment)
        if left < ZERO or (ceiling is not None and left > ceiling):
            raise FinancingError(
                _(
                    "The formula cannot finance %(investment)s: the part “%(part)s” would have to "
                    "hold %(left)s, beyond its limit of %(ceiling)s."
                )
                % {
                    "investment": format_money(investment, currency),
                    "part": part_label(part),
                    "left": format_money(left, currency),
                    "ceiling": format_money(ceiling if ceiling is not None else ZERO, currency),
                },
                code=ErrorCode.PLAN_UNBALANCED,
            )
        amounts[remainder] = left
    return [(part, amounts[index]) for index, part in enumerate(parts)]


def rule_text(part: Any, currency: str) -> str:
    """How the part's amount is set, in the reader's language."""
    share = f"{Decimal(part.share).normalize():f}" if part.share is not None else None
    cap = format_money(part.cap, currency) if part.cap is not None else None
    if part.is_floor:
        return _("At least %(share)s %% of the investment.") % {"share": share or "0"}
    if part.is_remainder:
        if share and cap:
            return _("What the other parts leave, at most %(share)s %% of the investment and %(cap)s.") % {
                "share": share,
                "cap": cap,
            }
        if share:
            return _("What the other parts leave, at most %(share)s %% of the investment.") % {"share": share}
        if cap:
            return _("What the other parts leave, at most %(cap)s.") % {"cap": cap}
        return _("What the other parts leave.")
    if share and cap:
        return _("%(share)s %% of the investment, at most %(cap)s.") % {"share": share, "cap": cap}
    if share:
        return _("%(share)s %% of the investment.") % {"share": share}
    return _("At most %(cap)s.") % {"cap": cap or ""}
