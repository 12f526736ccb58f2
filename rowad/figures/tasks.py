"""Background tasks of the figures app: take ids, call a service; safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def write_export(job_id: int) -> str:
    """Write an export's file; returns the job's state."""
    from .services import write_export_now

    job = write_export_now(job_id)
    return job.state if job else ""


@task()
def expire_figure_exports() -> int:
    """Delete export files older than a week (run daily: `manage.py expire_figure_exports`
    from cron, or enqueue this task); returns how many were deleted."""
    from .services import expire_exports

    return expire_exports()


@task()
def refresh_figures(full: bool = False) -> list[str]:
    """Recompute the figure cells of the indicators whose tables changed (enqueued when a
    dashboard finds stale cells; `manage.py refresh_figures` from cron); returns their codes."""
    from .cells import refresh

    return refresh(full=full)
