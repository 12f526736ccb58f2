"""Background tasks of the training app: take ids, call a service; safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def run_certificates(run_id: int) -> int:
    """Issue a certificate run's certificates; returns how many were issued."""
    from .services.certificates import run_certificate_run

    run = run_certificate_run(run_id)
    return run.done if run else 0
