"""Background tasks: take ids, fetch, call a service; safe to run twice."""

from django_tasks import task

from . import processing


@task()
def read_batch(batch_id: int) -> None:
    processing.read_batch_now(batch_id)


@task()
def check_batch(batch_id: int) -> None:
    processing.check_batch_now(batch_id)


@task()
def run_batch(batch_id: int) -> None:
    processing.run_batch_now(batch_id)


@task()
def find_duplicates_of_batch(batch_id: int) -> int:
    """The people a finished import wrote, searched against the registry: their likely
    duplicates enter the review queue by themselves. Returns the DuplicateRun id."""
    return processing.find_duplicates_of_batch_now(batch_id)
