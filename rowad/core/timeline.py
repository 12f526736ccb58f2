"""A person's story: dated events that each app hands over about an object it does not own.

The person page (people) tells everything that happened to a person, but registrations,
dossiers, letters and imports live in higher apps it may not import. Each app hands a
provider over in its `AppConfig.ready` with `provide_events("people.person", provider)`;
the page asks `events_for` when it renders. A provider takes the reader and the object and
returns the events the reader may see, read through the app's own scoped query for that
reader (the same rule as its lists, never a second one).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEvent:
    """One dated thing that happened. `when` is a datetime or a date (a date sorts at the
    start of its day); `kind` names it for styling and tests (e.g. "outreach.registration");
    `url` opens the object it is about, when the reader may open it."""

    when: datetime.datetime | datetime.date
    kind: str
    title: str
    url: str = ""
    detail: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime.datetime)

    @property
    def moment(self) -> datetime.datetime:
        """`when` as an aware datetime, to sort dates and datetimes together."""
        if isinstance(self.when, datetime.datetime):
            return self.when if timezone.is_aware(self.when) else timezone.make_aware(self.when)
        return timezone.make_aware(datetime.datetime.combine(self.when, datetime.time.min))


Provider = Callable[[Any, Any], Iterable[TimelineEvent]]

# Subject (e.g. "people.person") → providers, in the order they were handed.
_providers: dict[str, list[Provider]] = {}


def provide_events(subject: str, provider: Provider) -> None:
    """Register `provider` for `subject` (once: AppConfig.ready may run twice in tests)."""
    providers = _providers.setdefault(subject, [])
    if provider not in providers:
        providers.append(provider)


def events_for(subject: str, user: Any, obj: Any) -> list[TimelineEvent]:
    """Every event about `obj` that `user` may see, newest first: the reader opens a
    story to know where it stands now, and the latest step is what they act on."""
    events: list[TimelineEvent] = []
    for provider in _providers.get(subject, ()):
        events.extend(provider(user, obj) or ())
    return sorted(events, key=lambda event: (event.moment, event.kind), reverse=True)
