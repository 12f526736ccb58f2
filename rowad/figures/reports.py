"""Writes of the saved reports: save (checked through the engine with the author's
scope), update (refused when made on an outdated page), delete, subscribe.

A report keeps filters and indicator codes, never numbers: it is computed when read,
with the reader's scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.core.errors import ConflictError

from . import engine
from .dimensions import DIMENSIONS
from .enums import ReportSchedule
from .errors import FigureError, FigureErrorCode
from .indicators import REGISTRY
from .models import SavedReport
from .queries import figures_scope
from .report_queries import reads_for


class ReportConflict(FigureError, ConflictError):
    status_code = 409


def _check(
    user: Any,
    *,
    organization: Any,
    name: str,
    indicators: Iterable[str],
    query: str,
    breakdown: str,
    schedule: str,
) -> tuple[str, list[str], str]:
    """The report's name, indicator codes and filters (as the engine writes them), or a
    FigureError naming what is wrong."""
    scope = figures_scope(user)
    if not reads_for(scope, organization.pk):
        raise FigureError(
            _("You do not read figures for this organization."),
            code=FigureErrorCode.OUTSIDE_SCOPE,
            status_code=403,
            field="organization",
        )
    name = (name or "").strip()
    if not name:
        raise FigureError(_("Give the report a name."), code=FigureErrorCode.BAD_VALUE, field="name")
    codes = list(dict.fromkeys(str(code) for code in indicators))
    if not codes:
        raise FigureError(
            _("Choose at least one indicator."), code=FigureErrorCode.BAD_VALUE, field="indicators"
        )
    unknown = [code for code in codes if code not in REGISTRY]
    if unknown:
        raise FigureError(
            _("No indicator is called “%(code)s”."),
            code=FigureErrorCode.UNKNOWN_INDICATOR,
            field="indicators",
            params={"code": unknown[0][:60]},
        )
    if breakdown and breakdown not in DIMENSIONS:
        raise FigureError(
            _("“%(value)s” is not a breakdown."),
            code=FigureErrorCode.BAD_VALUE,
            field="breakdown",
            params={"value": breakdown[:30]},
        )
    if schedule not in ReportSchedule.values:
        raise FigureError(_("Unknown schedule."), code=FigureErrorCode.BAD_VALUE, field="schedule")
    filters = engine.parse_filters(QueryDict(query or ""), scope)
    return name, codes, filters.query()


def _unique_name_error() -> FigureError:
    return FigureError(
        _("This organization already has a report with this name."),
        code=FigureErrorCode.BAD_VALUE,
        field="name",
    )


def save_report(
    user: Any,
    *,
    organization: Any,
    name: str,
    indicators: Iterable[str],
    query: str = "",
    breakdown: str = "",
    schedule: str = ReportSchedule.NONE,
) -> SavedReport:
    """A new report of `organization`; its author is subscribed when it is sent monthly."""
    name, codes, query = _check(
        user,
        organization=organization,
        name=name,
        indicators=indicators,
        query=query,
        breakdown=breakdown,
        schedule=schedule,
    )
    try:
        with transaction.atomic():
            report = SavedReport.objects.create(
                organization=organization,
                name=name,
                indicators=codes,
                query=query,
                breakdown=breakdown,
                schedule=schedule,
                created_by=acting_user(user),
            )
            if schedule == ReportSchedule.MONTHLY:
                report.subscribers.add(user)
            record_action("figures.report.created", report, actor=user, name=name)
    except IntegrityError:
        raise _unique_name_error() from None
    return report


def update_report(
    user: Any,
    report: SavedReport,
    *,
    version: int | str | None,
    name: str,
    indicators: Iterable[str],
    query: str,
    breakdown: str,
    schedule: str,
) -> SavedReport:
    """Change a report; refused when someone saved it since the editor loaded it."""
    name, codes, query = _check(
        user,
        organization=report.organization,
        name=name,
        indicators=indicators,
        query=query,
        breakdown=breakdown,
        schedule=schedule,
    )
    try:
        with transaction.atomic():
            locked = SavedReport.objects.select_for_update().get(pk=report.pk)
            check_version(
                locked.version,
                version,
                _(
                    "Someone changed this report while you were editing it: reload it and make your changes again."
                ),
                error=ReportConflict,
            )
            locked.name, locked.indicators, locked.query = name, codes, query
            locked.breakdown, locked.schedule = breakdown, schedule
            locked.version += 1
            locked.save()
            record_action("figures.report.updated", locked, actor=user, name=name)
    except IntegrityError:
        raise _unique_name_error() from None
    return locked


def delete_report(user: Any, report: SavedReport) -> None:
    if not reads_for(figures_scope(user), report.organization_id):
        raise FigureError(
            _("You do not read figures for this organization."),
            code=FigureErrorCode.OUTSIDE_SCOPE,
            status_code=403,
        )
    with transaction.atomic():
        record_action("figures.report.deleted", report, actor=user, name=report.name)
        report.delete()


def subscribe(user: Any, report: SavedReport) -> None:
    """Receive the report each month (only a reader of its organization may)."""
    if not reads_for(figures_scope(user), report.organization_id):
        raise FigureError(
            _("You do not read figures for this organization."),
            code=FigureErrorCode.OUTSIDE_SCOPE,
            status_code=403,
        )
    report.subscribers.add(user)


def unsubscribe(user: Any, report: SavedReport) -> None:
    report.subscribers.remove(user)


def mark_sent(report: SavedReport, day: Any) -> None:
    SavedReport.objects.filter(pk=report.pk).update(last_sent_on=day)
