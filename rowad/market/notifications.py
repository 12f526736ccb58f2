"""Messages to an enterprise's owners about its offers, quotes and contracts: through
messaging.notify (the one path), on the channels each owner consented to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rowad.enterprises.models import Enterprise
from rowad.enterprises.reminders import consented_channels
from rowad.messaging.services import notify

Composer = Callable[[Any], tuple[str, str]]


def notify_owners(
    enterprise: Enterprise, *, kind: str, compose: Composer, idempotency_key: str, actor: Any = None
) -> int:
    """Write the message to every current owner (sent after commit); how many were written to."""
    sent = 0
    members = enterprise.members.filter(left_on__isnull=True).select_related("person")
    for member in members:
        person = member.person
        if person.merged_into_id is not None:
            continue
        channels = consented_channels(person)
        if not channels:
            continue
        notify(
            person,
            channels=channels,
            kind=kind,
            compose=compose,
            idempotency_key=f"{idempotency_key}:{person.pk}",
            actor=actor,
            topic="market",
        )
        sent += 1
    return sent
