"""Read one queue of one role's home, as the home page builds it (rowad.shell.homes)."""

from __future__ import annotations

from rowad.core.queues import WorkQueue
from rowad.shell.homes import homes_for


def home_queue(user, role: str, key: str) -> WorkQueue | None:
    user.__dict__.pop("_rowad_scope", None)  # memberships may have changed since last read
    for home in homes_for(user):
        if home.role == role:
            return next((queue for queue in home.queues if queue.key == key), None)
    return None


def labels(queue: WorkQueue) -> list[str]:
    return [item.label for item in queue.items]
