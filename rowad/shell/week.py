"""The director's home: the figures that moved this week (Monday to today) beside the
same days of last week, each read through its app's scoped query for the director's
memberships and linked to that app's list. One query per figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.core.queues import QueueContext, WorkQueue
from rowad.dossiers.queries import dossiers_visible_to
from rowad.enterprises.queries import enterprises_visible_to
from rowad.outreach.queries import registrations_visible_to

ROLES = (Role.DIRECTOR,)


@dataclass(frozen=True)
class Week:
    """This week so far and the same days of the week before, as [start, end) bounds."""

    start: dt.date  # Monday
    end: dt.date  # tomorrow

    @classmethod
    def of(cls, today: dt.date) -> Week:
        return cls(start=today - dt.timedelta(days=today.weekday()), end=today + dt.timedelta(days=1))

    def before(self) -> Week:
        return Week(start=self.start - dt.timedelta(days=7), end=self.end - dt.timedelta(days=7))

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        def midnight(day):
            return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

        return midnight(self.start), midnight(self.end)


@dataclass(frozen=True)
class MovedFigure:
    key: str
    label: str | Promise
    this_week: int
    last_week: int
    url: str

    @property
    def change(self) -> int:
        return self.this_week - self.last_week


def _within(field: str, week: Week, *, dates: bool) -> Q:
    start, end = (week.start, week.end) if dates else week.moments()
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _compare(queryset: QuerySet, field: str, week: Week, *, dates: bool = False) -> tuple[int, int]:
    """(this week, the same days of last week) in one query."""
    counts = queryset.order_by().aggregate(
        this_week=Count("pk", filter=_within(field, week, dates=dates)),
        last_week=Count("pk", filter=_within(field, week.before(), dates=dates)),
    )
    return counts["this_week"], counts["last_week"]


def figures_of_the_week(user, today: dt.date) -> list[MovedFigure]:
    week = Week.of(today)
    dossiers = dossiers_visible_to(user, roles=ROLES)
    rows = [
        (
            "registrations",
            _("New registrations"),
            _compare(registrations_visible_to(user, roles=ROLES), "captured_at", week),
            reverse("outreach:campaign_list"),
        ),
        (
            "submitted",
            _("Dossiers submitted"),
            _compare(dossiers, "submitted_at", week),
            reverse("dossiers:dossier_list"),
        ),
        ("decided", _("Decisions"), _compare(dossiers, "decided_at", week), reverse("dossiers:dossier_list")),
        (
            "enterprises",
            _("Enterprises created"),
            _compare(enterprises_visible_to(user, roles=ROLES), "created_on", week, dates=True),
            reverse("enterprises:list"),
        ),
    ]
    return [MovedFigure(key, label, now, before, url) for key, label, (now, before), url in rows]


def week_figures(context: QueueContext) -> WorkQueue:
    figures = figures_of_the_week(context.user, context.today)
    return WorkQueue(
        key="shell.week_figures",
        title=_("The figures that moved this week"),
        count=sum(f.this_week for f in figures),
        order=10,
        template="shell/_week_figures.html",
        extra={"figures": figures, "since": Week.of(context.today).start},
    )
