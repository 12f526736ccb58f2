"""Reading one role's queue as its provider hands it to the home page (issue 16, partners)."""

from __future__ import annotations

from django.utils import timezone

from rowad.accounts.scope import scope_for
from rowad.core.queues import QueueContext, WorkQueue


def context_for(user, role, today=None) -> QueueContext:
    grants = scope_for(user).grants_for(role)
    return QueueContext(user=user, role=role, grants=grants, today=today or timezone.localdate())


def run(provider, user, role, today=None) -> WorkQueue:
    return provider(context_for(user, role, today))


def labels(queue: WorkQueue) -> list[str]:
    return [item.label for item in queue.items]
