"""Background tasks: take ids, fetch, call a service; safe to run twice."""

from django_tasks import task

from . import processing


@task()
def check_batch(batch_id: int) -> None:
    processing.check_batch_now(batch_id)


@task()
def run_batch(batch_id: int) -> None:
    processing.run_batch_now(batch_id)
