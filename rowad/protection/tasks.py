"""Background tasks of data protection: safe to run twice (a second run finds nobody due)."""

from __future__ import annotations

from django_tasks import task


@task()
def apply_retention_daily() -> int:
    """Anonymise whoever is past their retention period (run daily: `manage.py
    apply_retention` from cron, or enqueue this task); returns how many were anonymised."""
    from .services import apply_retention

    return apply_retention().anonymised
