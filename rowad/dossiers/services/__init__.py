"""Every write to dossiers: validate, lock, stale check, save, history, audit, and
notifications after commit. `set_dossier_state` (states.py) is the only code that
changes a state. Split by concept: common (errors, lock, save), states (the funnel and
its guards), editing (create and edit), documents; the study and the sponsor's sign-off
are in rowad/dossiers/study.py, specifications in rowad/dossiers/specifications.py."""

from ..workflow import TRANSITIONS, BodyDecision, Transition
from .coholders import add_co_holder, remove_co_holder
from .common import DOSSIER_FIELDS, DossierConflict, DossierError
from .documents import document_checklist, upload_document
from .editing import (
    check_placement,
    clean_dossier_data,
    create_dossier,
    set_financing,
    set_holders,
    submit_dossier,
    update_dossier,
)
from .notes import add_internal_note
from .states import (
    actor_may,
    available_transitions,
    committee_only_error,
    financing_balanced,
    financing_total,
    missing_documents,
    provide_enterprise_check,
    provide_funding_check,
    refresh_eligibility,
    refresh_eligibility_for_people,
    set_dossier_state,
    transition_problems,
)

__all__ = [
    "DOSSIER_FIELDS",
    "TRANSITIONS",
    "BodyDecision",
    "DossierConflict",
    "DossierError",
    "Transition",
    "actor_may",
    "add_co_holder",
    "add_internal_note",
    "available_transitions",
    "check_placement",
    "clean_dossier_data",
    "committee_only_error",
    "create_dossier",
    "document_checklist",
    "financing_balanced",
    "financing_total",
    "missing_documents",
    "provide_enterprise_check",
    "provide_funding_check",
    "refresh_eligibility",
    "refresh_eligibility_for_people",
    "remove_co_holder",
    "set_dossier_state",
    "set_financing",
    "set_holders",
    "submit_dossier",
    "transition_problems",
    "update_dossier",
    "upload_document",
]
