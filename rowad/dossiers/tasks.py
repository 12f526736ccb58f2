"""Background tasks of the dossiers app (take ids, safe to run twice)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification(notification_id: int) -> str:
    from .notifications import deliver

    return deliver(notification_id)


@task()
def refresh_person_eligibility(person_id: int) -> int:
    """Re-evaluate the open dossiers of one person (enqueue after their registry data
    changed). Safe to run twice."""
    from .services import refresh_eligibility_for_people

    return refresh_eligibility_for_people([person_id])
