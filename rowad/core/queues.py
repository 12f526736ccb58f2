"""Work queues: what waits for a role, shown on that role's home page.

Each app knows what waits in its own area (dossiers waiting for a study, cohorts with a
roll call today, invoices a funder has not paid…). It hands a provider over in its
`AppConfig.ready` with `provide_queue(role, provider)`; the home page (shell) asks
`queues_for(user)` and shows, for each role the user holds, that role's queues.

A provider takes a `QueueContext` — the reader, the role and the `Grant`s of *that role
only* (a permission is a role and the scope of that same membership, never "has the role
somewhere"), and today's date in the reader's time zone — and returns a
`WorkQueue`, or None when the role has nothing of that kind to do at all (a queue that
is merely empty today is returned with `count=0`: "nothing waits" is an answer). It must
read through its app's scoped queries — never a second set of rules — and run a fixed
number of queries whatever the size of the queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

# How many lines of a queue the home page lists; the rest is behind `more_url`.
HOME_ITEMS = 5


@dataclass(frozen=True)
class QueueItem:
    """One line of a queue: the object, one click from the action it waits for."""

    label: str
    url: str
    # Since when it waits (oldest first); a date or a moment, shown relative to today.
    since: dt.date | dt.datetime | None = None
    detail: str = ""  # a short second line: province, state, amount…
    late: bool = False  # past its due date: shown in red


@dataclass(frozen=True)
class WorkQueue:
    key: str  # "dossiers.awaiting_study": stable, used by tests and anchors
    title: str | Promise
    count: int
    items: Sequence[QueueItem] = ()
    more_url: str = ""  # the scoped list behind the count (filtered to this queue)
    action: str | Promise = ""  # the verb on each line, e.g. "Study"
    empty: str | Promise = ""  # what "nothing waits" means here
    order: int = 50  # lower first within a role's home
    # A queue whose lines are not a plain list (a stop's counter, a week's figures) names
    # its own template, rendered inside the card with `queue` in its context.
    template: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleHome:
    role: str
    role_label: str
    organizations: list[str]
    queues: list[WorkQueue]


@dataclass(frozen=True)
class QueueContext:
    user: Any
    role: str
    grants: tuple  # the user's Grants of `role` only
    today: dt.date

    @property
    def province_ids(self) -> frozenset[int]:
        return frozenset().union(*(g.province_ids for g in self.grants))

    @property
    def organization_ids(self) -> frozenset[int]:
        return frozenset(g.organization_id for g in self.grants)


Provider = Callable[[QueueContext], "WorkQueue | None"]

_providers: dict[str, list[Provider]] = {}


def provide_queue(role: str, provider: Provider) -> None:
    """Register `provider` for `role` (once: AppConfig.ready may run twice in tests)."""
    providers = _providers.setdefault(str(role), [])
    if provider not in providers:
        providers.append(provider)


def providers_for(role: str) -> list[Provider]:
    return list(_providers.get(str(role), ()))


def oldest_first(items: Sequence[QueueItem]) -> list[QueueItem]:
    """Items with a date first, oldest first; undated ones after, in their given order."""

    def key(item: QueueItem) -> tuple[int, dt.datetime]:
        since = item.since
        if since is None:
            return (1, dt.datetime.max)
        if not isinstance(since, dt.datetime):
            since = dt.datetime.combine(since, dt.time.min)
        return (0, since.replace(tzinfo=None))

    return sorted(items, key=key)
