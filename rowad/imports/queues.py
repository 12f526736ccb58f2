"""Imports' work queue on the agency officer's home (rowad.core.queues): the files
uploaded or checked that wait for the officer before they are imported."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first

from . import queries


def imports_to_review(context: QueueContext) -> WorkQueue:
    batches = queries.batches_to_review(
        queries.batches_visible_to(context.user, roles=(Role.AGENCY_OFFICER,))
    )
    items = [
        QueueItem(
            label=batch.file_name,
            url=reverse("imports:batch_detail", args=[batch.pk]),
            since=batch.created_at,
            detail=f"{batch.source} · {batch.get_status_display()}",
        )
        for batch in batches.order_by("created_at", "pk")[:HOME_ITEMS]
    ]
    return WorkQueue(
        key="imports.to_review",
        title=_("Imports to review"),
        count=batches.count(),
        items=oldest_first(items),
        more_url=f"{reverse('imports:batch_list')}?status={queries.TO_REVIEW_FILTER}",
        action=_("Review"),
        empty=_("No import waits for you."),
        order=50,
    )
