"""Every write of the financing app, one module per concept: formulas, plans (proposing,
editing and submitting a dossier's plan), decisions (the funders' decisions on its lines),
disbursements, schedules (schedules, payments, rescheduling); `common` holds what they share.
Import from the module that holds it, or from here."""

from .decisions import record_decision
from .disbursements import record_disbursement
from .formulas import save_formula
from .holder_plans import holder_plan_rows, propose_holder_plan
from .plans import explain_plan, propose_plan, set_plan_lines, submit_plan
from .schedules import generate_schedule, generate_schedules, record_payment, reschedule

__all__ = [
    "explain_plan",
    "generate_schedule",
    "generate_schedules",
    "holder_plan_rows",
    "propose_holder_plan",
    "propose_plan",
    "record_decision",
    "record_disbursement",
    "record_payment",
    "reschedule",
    "save_formula",
    "set_plan_lines",
    "submit_plan",
]
