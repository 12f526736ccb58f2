"""The one mapping of a dossier's state to the colour of its badge, read by every page that
shows a state (the staff lists and pages, the holder's portal) through the `state_badge`
template filter. Each state has its own colour: the colours are defined once, in
rowad.css (`.badge-colour-<name>`), and a test checks that no two states share one."""

from __future__ import annotations

from .enums import DossierState as S

STATE_COLOURS: dict[str, str] = {
    S.IDEA: "slate",
    S.SUBMITTED: "blue",
    S.ELIGIBILITY_CHECKED: "indigo",
    S.UNDER_STUDY: "purple",
    S.TO_REVISE: "orange",
    S.READY_FOR_COMMITTEE: "cyan",
    S.APPROVED: "green",
    S.REJECTED: "red",
    S.DEFERRED: "yellow",
    S.TO_FINANCING: "teal",
    S.FINANCED: "olive",
    S.COMPANY_CREATED: "forest",
    S.CLOSED: "charcoal",
    S.WITHDRAWN: "brown",
}


def state_badge_class(state: str) -> str:
    """The CSS classes of a badge showing `state` (an unknown state reads as closed)."""
    return f"state-badge badge-colour-{STATE_COLOURS.get(state, STATE_COLOURS[S.CLOSED])}"
