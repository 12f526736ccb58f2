"""Background tasks of the dossiers app (take ids, safe to run twice)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification(notification_id: int) -> str:
    from .notifications import deliver

    return deliver(notification_id)
