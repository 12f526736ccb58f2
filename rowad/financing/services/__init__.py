"""Every write of the financing app, one module per concept: plans (formulas, plans and
funder decisions), disbursements, schedules (schedules, payments, rescheduling). Import
from the module that holds it, or from here."""

from .disbursements import record_disbursement
from .plans import explain_plan, propose_plan, record_decision, save_formula, set_plan_lines, submit_plan
from .schedules import generate_schedule, generate_schedules, record_payment, reschedule

__all__ = [
    "explain_plan",
    "generate_schedule",
    "generate_schedules",
    "propose_plan",
    "record_decision",
    "record_disbursement",
    "record_payment",
    "reschedule",
    "save_formula",
    "set_plan_lines",
    "submit_plan",
]
