"""People's work queue on the agency officer's home (rowad.core.queues): the possible
duplicates waiting for a reviewer, read through duplicates.candidates_visible_to (both
people reached by the officer's memberships, as on the review page)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first

from .duplicates import candidates_visible_to


def duplicates_to_review(context: QueueContext) -> WorkQueue:
    pairs = candidates_visible_to(context.user)
    items = [
        QueueItem(
            label=f"{pair.person_a.display_name} / {pair.person_b.display_name}",
            url=reverse("people:duplicate_detail", args=[pair.pk]),
            since=pair.found_at,
        )
        for pair in pairs.order_by("found_at", "pk")[:HOME_ITEMS]
    ]
    return WorkQueue(
        key="people.duplicates_to_review",
        title=_("Possible duplicates to review"),
        count=pairs.count(),
        items=oldest_first(items),
        more_url=reverse("people:duplicate_list"),
        action=_("Compare"),
        empty=_("No possible duplicate waits for review."),
        order=55,
    )
