"""Dossiers' work queues on the agency officer's home (rowad.core.queues): what waits for
the eligibility check, for the study to start, and the studies under way. Read through
queries.dossiers_visible_to with the officer's memberships only — the list's own rule —
and linked to the dossier list filtered to the same state."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first

from .enums import DossierState
from .models import Dossier, StateChange
from .queries import dossiers_visible_to


def waiting_since(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Annotate `waiting_since`: when each dossier entered its current state (its last
    change to that state; its submission or creation when no change is recorded)."""
    entered = (
        StateChange.objects.filter(dossier=OuterRef("pk"), to_state=OuterRef("state"))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return dossiers.annotate(
        waiting_since=Coalesce(Subquery(entered), "submitted_at", "created_at", output_field=DateTimeField())
    )


def dossier_list_url(state: str) -> str:
    return f"{reverse('dossiers:dossier_list')}?{urlencode({'state': state})}"


def _state_queue(
    context: QueueContext,
    *,
    key: str,
    state: str,
    title: str | Promise,
    action: str | Promise,
    empty: str | Promise,
    order: int,
) -> WorkQueue:
    """The officer's dossiers in `state`, the longest waiting first (two queries)."""
    dossiers = waiting_since(dossiers_visible_to(context.user, roles=(Role.AGENCY_OFFICER,), state=state))
    items = [
        QueueItem(
            label=str(dossier),
            url=reverse("dossiers:dossier_detail", args=[dossier.pk]),
            since=dossier.waiting_since,
            detail=f"{dossier.province.name} · {dossier.programme}",
        )
        for dossier in dossiers.order_by("waiting_since", "pk")[:HOME_ITEMS]
    ]
    return WorkQueue(
        key=key,
        title=title,
        count=dossiers.count(),
        items=oldest_first(items),
        more_url=dossier_list_url(state),
        action=action,
        empty=empty,
        order=order,
    )


def awaiting_eligibility(context: QueueContext) -> WorkQueue:
    return _state_queue(
        context,
        key="dossiers.awaiting_eligibility",
        state=DossierState.SUBMITTED,
        title=_("Submitted, waiting for the eligibility check"),
        action=_("Confirm eligibility"),
        empty=_("No submitted dossier waits for its eligibility check."),
        order=10,
    )


def awaiting_study(context: QueueContext) -> WorkQueue:
    return _state_queue(
        context,
        key="dossiers.awaiting_study",
        state=DossierState.ELIGIBILITY_CHECKED,
        title=_("Eligible, waiting for the study"),
        action=_("Start the study"),
        empty=_("No eligible dossier waits for its study."),
        order=20,
    )


def studies_in_progress(context: QueueContext) -> WorkQueue:
    return _state_queue(
        context,
        key="dossiers.studies_in_progress",
        state=DossierState.UNDER_STUDY,
        title=_("Studies under way"),
        action=_("Finish the study"),
        empty=_("No study is under way."),
        order=30,
    )
