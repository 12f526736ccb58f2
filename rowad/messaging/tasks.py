"""Background tasks of the messaging app (take ids, safe to run twice)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_message(message_id: int) -> str:
    from .services import deliver

    return deliver(message_id)
