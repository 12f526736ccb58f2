"""The director's home: the figures that moved this week (Monday to today) beside the
same days of last week. Each is the figures engine's indicator (the one definition the
dashboards, exports and API read), for the reader's figure memberships, and links to the
list of exactly the records it counts this week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.core.queues import QueueContext, WorkQueue
from rowad.figures import engine
from rowad.figures.indicators import REGISTRY
from rowad.figures.queries import figures_scope

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


# (key on the home, indicator of the figures engine)
WEEK_INDICATORS = (
    ("registrations", "registered"),
    ("submitted", "submitted"),
    ("approved", "approved"),
    ("enterprises", "enterprises_created"),
)


def figures_of_the_week(user, today: dt.date) -> list[MovedFigure]:
    week = Week.of(today)
    scope = figures_scope(user)
    filters = engine.Filters(country=engine.default_country(scope))
    this_week = replace(filters, start=week.start, end=today)
    before = week.before()
    last_week = replace(filters, start=before.start, end=before.end - dt.timedelta(days=1))
    moved = []
    for key, code in WEEK_INDICATORS:
        indicator = REGISTRY[code]
        now = engine.total(indicator, scope, this_week)
        then = engine.total(indicator, scope, last_week)
        moved.append(MovedFigure(key, indicator.label, now.value or 0, then.value or 0, now.url))
    return moved


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
