"""Jobs and turnover observed on an enterprise: a mentor's visit or a holder's declaration
an officer confirmed. The enterprise carries the first count (jobs created) and the last
one (jobs kept) so the figures read one row per enterprise; both are recomputed from the
observations here, whatever order they were recorded in."""

from __future__ import annotations

import datetime
from itertools import chain

from ..models import Enterprise, JobsCount, JobsDeclaration, Visit

COUNT_FIELDS = ("permanent_men", "permanent_women", "seasonal_men", "seasonal_women", "turnover_band")


def _observations(enterprise: Enterprise) -> list[tuple[datetime.date, int, JobsCount]]:
    visits = Visit.objects.filter(enterprise=enterprise).only("visited_on", *COUNT_FIELDS)
    declarations = JobsDeclaration.objects.filter(enterprise=enterprise, confirmed_at__isnull=False).only(
        "declared_on", "confirmed_at", *COUNT_FIELDS
    )
    rows = chain(
        ((visit.visited_on, 1, visit.pk, visit) for visit in visits),
        # On the same day a visit counts over a declaration (seen beats declared).
        ((declaration.declared_on, 0, declaration.pk, declaration) for declaration in declarations),
    )
    return [(day, rank, obj) for day, rank, _pk, obj in sorted(rows, key=lambda row: row[:3])]


def refresh_jobs(enterprise: Enterprise) -> None:
    """Recompute the enterprise's first and last observed jobs and its last visit (inside
    the caller's transaction, after a visit or a confirmed declaration was written)."""
    observations = _observations(enterprise)
    update: dict = {"last_visit_on": None, "initial_jobs": None, "jobs_observed_on": None}
    update.update({field: 0 for field in COUNT_FIELDS if field != "turnover_band"}, turnover_band="")
    if observations:
        first, last = observations[0][2], observations[-1][2]
        update["initial_jobs"] = first.total_jobs
        update["jobs_observed_on"] = observations[-1][0]
        update.update({field: getattr(last, field) for field in COUNT_FIELDS})
        visit_days = [day for day, rank, _obj in observations if rank == 1]
        update["last_visit_on"] = max(visit_days) if visit_days else None
    Enterprise.objects.filter(pk=enterprise.pk).update(**update)
    for field, value in update.items():
        setattr(enterprise, field, value)
