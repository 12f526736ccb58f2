"""Background work of the people registry (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def find_duplicates_task(incremental: bool = False) -> int:
    """Run duplicate detection over the registry (or only the people registered since the
    last run); safe to run twice: pairs are unique and decided pairs are never reopened.
    Returns the DuplicateRun id."""
    from .duplicates import find_duplicates

    return find_duplicates(incremental=incremental).pk


@task()
def find_new_duplicates_daily() -> int:
    """Each day's new people (field registrations, people added by hand, imports) against
    the registry, so they enter the review queue without anyone running the command. Run
    once a day (cron: `manage.py find_duplicates --incremental`, or enqueue this task)."""
    from .duplicates import find_duplicates

    return find_duplicates(incremental=True).pk
