"""Background tasks of the enterprises app: take ids or dates, call the logic; safe to run
twice."""

from __future__ import annotations

import datetime

from django_tasks import task


def send_obligation_reminders(on: datetime.date | None = None) -> int:
    """Roll the living enterprises' yearly calendars on, then remind the holders of the
    obligations falling due soon (see rowad.enterprises.reminders); returns how many holders were sent a reminder. Run daily
    (`manage.py send_obligation_reminders` from cron, or
    `send_obligation_reminders_task.enqueue()`)."""
    from .reminders import send_obligation_reminders as send
    from .services.calendar import extend_calendars

    extend_calendars(on)
    return send(on)


@task()
def send_obligation_reminders_task(on: str | None = None) -> int:
    """The same, enqueued on the task backend (`on` as an ISO date: task arguments are
    JSON)."""
    return send_obligation_reminders(datetime.date.fromisoformat(on) if on else None)
