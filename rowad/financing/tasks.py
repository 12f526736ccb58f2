"""Background tasks of the financing app: take ids or dates, call the logic; safe to run
twice."""

from __future__ import annotations

import datetime

from django_tasks import task


def send_instalment_reminders(as_of: datetime.date | None = None) -> int:
    """Remind the holders of the instalments due a reminder on `as_of` (today by default);
    returns how many reminders were sent. Run daily (`manage.py send_financing_reminders`
    from cron, or `send_instalment_reminders_task.enqueue()`); see rowad.financing.reminders."""
    from .reminders import send_instalment_reminders as send

    return send(as_of)


@task()
def send_instalment_reminders_task(as_of: str | None = None) -> int:
    """The same, enqueued on the task backend (`as_of` as an ISO date: task arguments are
    JSON)."""
    return send_instalment_reminders(datetime.date.fromisoformat(as_of) if as_of else None)
