"""Alerts on the enterprises a mentor or an officer follows:

- NO_VISIT: an enterprise still alive has had no visit for `ROWAD_VISIT_ALERT_MONTHS`
  months (counted from its creation when it was never visited);
- DIFFICULTIES: its last visit reported difficulties, or found it not operating.

`enterprise_alerts` reads a whole page of enterprises in two queries (the enterprises
with the id of their last visit up to `on`, then those visits), never one per enterprise."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from .enums import ALIVE_STATUSES, AlertKind
from .models import Enterprise, Visit
from .queries import MENTORS, READERS, enterprises_visible_to


@dataclass(frozen=True)
class Alert:
    kind: str
    # When the alert started: the day the visit fell due, or the day of the worrying visit.
    since: datetime.date
    # NO_VISIT: the last visit's date (None: never visited); DIFFICULTIES: the difficulty
    # codes reported and whether the enterprise was operating.
    detail: Any = None
    difficulties: tuple[str, ...] = field(default=())
    operating: bool = True

    @property
    def is_no_visit(self) -> bool:
        return self.kind == AlertKind.NO_VISIT

    @property
    def is_difficulties(self) -> bool:
        return self.kind == AlertKind.DIFFICULTIES


def visit_months() -> int:
    return int(getattr(settings, "ROWAD_VISIT_ALERT_MONTHS", 6))


def enterprise_alerts(
    queryset: QuerySet[Enterprise], *, on: datetime.date | None = None
) -> dict[int, list[Alert]]:
    """{enterprise id: [alerts]} for the alive enterprises of `queryset` that have any, as
    they stood on `on` (today by default)."""
    on = on or timezone.localdate()
    due_after = relativedelta(months=visit_months())
    last = Visit.objects.filter(enterprise=OuterRef("pk"), visited_on__lte=on).order_by("-visited_on", "-id")
    rows = list(
        queryset.order_by()
        .filter(status__in=list(ALIVE_STATUSES), created_on__lte=on)
        .annotate(last_visit_id=Subquery(last.values("pk")[:1]))
        .values_list("pk", "created_on", "last_visit_id")
    )
    visits = {
        visit["pk"]: visit
        for visit in Visit.objects.filter(pk__in=[row[2] for row in rows if row[2]]).values(
            "pk", "visited_on", "operating", "difficulties"
        )
    }
    alerts: dict[int, list[Alert]] = {}
    for pk, created_on, visit_id in rows:
        visit = visits.get(visit_id)
        found: list[Alert] = []
        reference = visit["visited_on"] if visit else created_on
        if reference + due_after <= on:
            found.append(
                Alert(AlertKind.NO_VISIT, reference + due_after, visit["visited_on"] if visit else None)
            )
        if visit and (visit["difficulties"] or not visit["operating"]):
            codes = tuple(visit["difficulties"] or ())
            found.append(
                Alert(AlertKind.DIFFICULTIES, visit["visited_on"], codes, codes, bool(visit["operating"]))
            )
        if found:
            alerts[pk] = found
    return alerts


def alerts_count_for(user: Any, *, on: datetime.date | None = None) -> int:
    """How many enterprises the user follows carry an alert: a mentor's caseload, the
    enterprises an officer or a director reaches."""
    return len(enterprise_alerts(enterprises_visible_to(user, roles=(*READERS, *MENTORS)), on=on))
