"""Every write of the enterprises app (views, the API, the portal and the demo call these)."""

from .accompaniment import assign_mentor, check_mentor, record_session, record_visit
from .calendar import add_obligation, complete_obligation, reopen_obligation
from .declarations import confirm_declaration, declare_jobs, request_declaration
from .editing import complete_step, reopen_step, set_members, step_state, update_enterprise
from .enterprises import clean_members, create_enterprise, snapshot_manager
from .life import record_life_event
from .observations import refresh_jobs

__all__ = [
    "add_obligation",
    "assign_mentor",
    "check_mentor",
    "clean_members",
    "complete_obligation",
    "complete_step",
    "confirm_declaration",
    "create_enterprise",
    "declare_jobs",
    "record_life_event",
    "record_session",
    "record_visit",
    "refresh_jobs",
    "reopen_obligation",
    "reopen_step",
    "request_declaration",
    "set_members",
    "snapshot_manager",
    "step_state",
    "update_enterprise",
]
