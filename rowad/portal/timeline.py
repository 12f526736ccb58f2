"""What the portal tells of a person's story (rowad.core.timeline): when they opened their
account. The page already checked that the reader sees the person."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rowad.core.timeline import TimelineEvent

from .models import HolderAccount


def person_events(user: Any, person: Any) -> list[TimelineEvent]:
    if not person.user_id:
        return []
    account = HolderAccount.objects.filter(user_id=person.user_id).only("created_at").first()
    # A login the agency linked to the person has no portal sign-up: its creation counts.
    when = account.created_at if account else person.user.date_joined
    return [TimelineEvent(when=when, kind="portal.account", title=_("Opened a portal account"))]
