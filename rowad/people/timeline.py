"""What the registry tells of a person's story (rowad.core.timeline): when they entered it,
their consents, and the duplicate records merged into them (for the readers who review
duplicates, the same rule as the person page's merges). The page already checked that the
reader sees the person."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from rowad.core.timeline import TimelineEvent


def _consent_title(consent: Any) -> str:
    if consent.given:
        return _("Consent given: %(purpose)s") % {"purpose": consent.get_purpose_display()}
    return _("Consent withdrawn: %(purpose)s") % {"purpose": consent.get_purpose_display()}


def person_events(user: Any, person: Any) -> list[TimelineEvent]:
    page = reverse("people:detail", args=[person.pk])
    events = [
        TimelineEvent(when=person.created_at, kind="people.registered", title=_("Entered the registry"))
    ]
    events += [
        TimelineEvent(
            when=consent.recorded_on,
            kind="people.consent",
            title=_consent_title(consent),
            url=f"{page}#consents-title",
            detail=consent.method,
        )
        for consent in person.consents.all()
    ]
    if user.has_perm("people.review_duplicates"):
        for merge in person.merges_received.select_related("merged"):
            events.append(
                TimelineEvent(
                    when=merge.merged_at,
                    kind="people.merge",
                    title=_("Duplicate record no. %(number)s merged into this person")
                    % {"number": merge.merged_id},
                    url=reverse("people:duplicate_detail", args=[merge.candidate_id])
                    if merge.candidate_id
                    else "",
                    detail=_("undone") if merge.undone_at else "",
                )
            )
    return events
