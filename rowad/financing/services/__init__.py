"""Every write of the financing app, one module per concept. Import from the module that
holds it, or from here."""

from .schedules import generate_schedule, generate_schedules, record_payment, reschedule

__all__ = ["generate_schedule", "generate_schedules", "record_payment", "reschedule"]
