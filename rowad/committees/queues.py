"""Committees' work queues on the homes (rowad.core.queues): the decisions an agency
officer still has to announce (the announcement alone applies them to the dossiers), the
evaluations a committee member has to score and the next sessions they sit on."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first

from . import queries
from .forms import SessionFilterForm


def _session_list_url(show: str) -> str:
    return f"{reverse('committees:session_list')}?{urlencode({'show': show})}"


def decisions_to_announce(context: QueueContext) -> WorkQueue:
    """Sessions of the officer's organizations with decisions recorded, not yet announced."""
    sessions = queries.with_decisions_to_announce(
        queries.sessions_managed_by(context.user, roles=(Role.AGENCY_OFFICER,))
    )
    items = [
        QueueItem(
            label=session.title,
            url=reverse("committees:session_detail", args=[session.pk]),
            since=session.held_at,
            detail=str(session.organization),
        )
        for session in sessions.order_by("held_at", "pk")[:HOME_ITEMS]
    ]
    return WorkQueue(
        key="committees.decisions_to_announce",
        title=_("Committee decisions to announce"),
        count=sessions.count(),
        items=oldest_first(items),
        more_url=_session_list_url(SessionFilterForm.TO_ANNOUNCE),
        action=_("Announce the decisions"),
        empty=_("No committee decision waits for its announcement."),
        order=40,
    )


def evaluations_to_score(context: QueueContext) -> WorkQueue:
    evaluations = queries.evaluations_to_score(context.user)
    items = [
        QueueItem(
            label=str(evaluation.dossier),
            url=reverse("committees:evaluation", args=[evaluation.pk]),
            since=evaluation.created_at,
            detail=str(evaluation.dossier.programme),
        )
        for evaluation in evaluations.order_by("created_at", "pk")[:HOME_ITEMS]
    ]
    return WorkQueue(
        key="committees.evaluations_to_score",
        title=_("Evaluations to score"),
        count=evaluations.count(),
        items=oldest_first(items),
        action=_("Score"),
        empty=_("No dossier waits for your scores."),
        order=10,
    )


def next_sessions(context: QueueContext) -> WorkQueue:
    """The planned sessions the member sits on, from today on, the nearest first."""
    start_of_today = timezone.make_aware(dt.datetime.combine(context.today, dt.time.min))
    seated = queries.sessions_managed_by(context.user, roles=(Role.COMMITTEE_MEMBER,))
    sessions = queries.upcoming_sessions(seated, start_of_today)
    items = [
        QueueItem(
            label=session.title,
            url=reverse("committees:session_detail", args=[session.pk]),
            detail=" · ".join(
                part
                for part in (
                    date_format(timezone.localtime(session.held_at), "SHORT_DATETIME_FORMAT"),
                    session.place,
                )
                if part
            ),
        )
        for session in sessions[:HOME_ITEMS]
    ]
    return WorkQueue(
        key="committees.next_sessions",
        title=_("Your next committee sessions"),
        count=sessions.count(),
        items=items,
        more_url=_session_list_url(SessionFilterForm.UPCOMING),
        empty=_("No session is planned for you."),
        order=20,
    )
