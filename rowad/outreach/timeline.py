"""What outreach tells of a person's story (rowad.core.timeline): where they registered and
the ideas they pitched, through the reader's scoped registrations."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from rowad.core.timeline import TimelineEvent

from .enums import IdeaOutcome
from .models import Registration
from .queries import ideas_visible_to, registrations_visible_to


def _place_url(registration: Registration) -> str:
    if registration.stop_id:
        return reverse("outreach:stop_detail", args=[registration.stop_id])
    return reverse("outreach:event_detail", args=[registration.event_id])


def person_events(user: Any, person: Any) -> list[TimelineEvent]:
    events = [
        TimelineEvent(
            when=registration.captured_at,
            kind="outreach.registration",
            title=_("Registered at %(place)s") % {"place": registration.stop or registration.event},
            url=_place_url(registration),
            detail=registration.get_channel_display(),
        )
        for registration in registrations_visible_to(user).filter(person=person)
    ]
    for idea in (
        ideas_visible_to(user)
        .filter(registration__person=person)
        .select_related("registration__stop__province", "registration__event")
    ):
        outcome = idea.get_outcome_display()
        events.append(
            TimelineEvent(
                when=idea.decided_at
                if idea.outcome != IdeaOutcome.PENDING and idea.decided_at
                else idea.created_at,
                kind="outreach.idea",
                title=_("Idea “%(idea)s”: %(outcome)s") % {"idea": idea.summary[:80], "outcome": outcome},
                url=_place_url(idea.registration),
                detail=idea.feedback,
            )
        )
    return events
