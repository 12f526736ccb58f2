"""Every write of the committees app: scoring (scoring.py) and sessions (sessions.py)."""

from .delegations import (
    create_delegation,
    decide_by_delegation,
    delegation_problem,
    delegations_for,
    may_manage_delegations,
    revoke_delegation,
)
from .errors import CommitteeConflict, CommitteeError
from .grids import may_manage_grid, programmes_with_grids_managed_by
from .scoring import assign_evaluator, grid_in_use, save_grid, scores_locked, submit_evaluation
from .sessions import (
    add_agenda_item,
    announce_session,
    create_session,
    record_attendance,
    record_decision,
    remove_agenda_item,
)

__all__ = [
    "CommitteeConflict",
    "CommitteeError",
    "add_agenda_item",
    "announce_session",
    "assign_evaluator",
    "create_delegation",
    "create_session",
    "decide_by_delegation",
    "delegation_problem",
    "delegations_for",
    "grid_in_use",
    "may_manage_delegations",
    "may_manage_grid",
    "programmes_with_grids_managed_by",
    "record_attendance",
    "record_decision",
    "remove_agenda_item",
    "revoke_delegation",
    "save_grid",
    "scores_locked",
    "submit_evaluation",
]
