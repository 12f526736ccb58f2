"""Writes of the figures app: exports asked for, written by a task, cancelled, expired.

An export reads the engine with its requester's scope at the time it is written (the
filters are checked when it is asked for, and again when it runs). A file is written
beside the storage first and moved in only when complete: a cancelled or failed export
leaves nothing behind, and old files are deleted after EXPORT_KEEP_DAYS (they hold
personal data).
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from rowad.core.audit import record_action

from . import engine
from .enums import ExportKind, ExportState
from .errors import FigureError, FigureErrorCode
from .exports import csv as csv_export
from .exports import xlsx as xlsx_export
from .indicators import Indicator, indicator_named
from .models import ExportJob
from .queries import figures_scope

# A second identical request within this many seconds is the same click: same job.
DOUBLE_SUBMIT_SECONDS = 10
EXPORT_KEEP_DAYS = 7
ACTIVE = (ExportState.QUEUED, ExportState.RUNNING)
FORMATS = (ExportKind.XLSX, ExportKind.CSV)


class ExportCancelled(Exception):
    """Raised by the progress check when the reader cancelled the export."""


def request_export(user: Any, *, kind: str, indicator_code: str, query: str, language: str) -> ExportJob:
    """Queue the export of the records behind an indicator's number (the filters of
    `query`, read through the engine with the user's scope: a refused filter raises
    FigureError and no job is created). The same request again within a few seconds
    (a double click) returns the job already queued."""
    if not user.has_perm("figures.read"):
        raise PermissionDenied
    if kind not in FORMATS:
        raise FigureError(
            _("“%(value)s” is not an export format."),
            code=FigureErrorCode.BAD_VALUE,
            params={"value": kind[:10]},
        )
    indicator = indicator_named(indicator_code)
    scope = figures_scope(user)
    filters = engine.parse_filters(QueryDict(query), scope)
    engine.records(indicator, scope, filters)  # a filter that does not apply is refused now
    normalised = filters.query()
    with transaction.atomic():
        recent = timezone.now() - datetime.timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
        same = ExportJob.objects.filter(
            requested_by=user,
            kind=kind,
            indicator=indicator.code,
            query=normalised,
            language=language,
            state__in=ACTIVE,
            created_at__gte=recent,
        ).first()
        if same is not None:
            return same
        job = ExportJob.objects.create(
            kind=kind, indicator=indicator.code, query=normalised, language=language, requested_by=user
        )
        record_action("figures.export.requested", job, actor=user, indicator=indicator.code, kind=kind)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import write_export

    write_export.enqueue(job_id)


def cancel_export(job: ExportJob, *, actor: Any) -> ExportJob:
    """Stop an export (the task stops at its next progress check and deletes its partial
    file) or withdraw a finished one's file. Only its requester may."""
    if job.requested_by_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk, state__in=ACTIVE).update(
            state=ExportState.CANCELLED, finished_at=timezone.now()
        )
        job.refresh_from_db()
        if job.file:
            _delete_file(job)
        record_action("figures.export.cancelled", job, actor=actor)
    return job


def _delete_file(job: ExportJob) -> None:
    name = job.file.name
    job.file.storage.delete(name)
    ExportJob.objects.filter(pk=job.pk).update(file="")
    job.file = None


# -- Writing (the task) ---------------------------------------------------------------


def write_export_now(job_id: int) -> ExportJob | None:
    """Write a queued export's file. Safe to run twice: only a queued job starts."""
    started = ExportJob.objects.filter(pk=job_id, state=ExportState.QUEUED).update(state=ExportState.RUNNING)
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or not started:
        return job
    partial = _partial_path(job)
    try:
        with translation.override(job.language):
            _write(job, partial)
            _store(job, partial)
    except ExportCancelled:
        pass
    except FigureError as error:
        _finish(job, ExportState.FAILED, error=str(error.message))
    except Exception as exc:  # recorded on the job for its page, then raised
        _finish(job, ExportState.FAILED, error=str(exc)[:2000])
        raise
    finally:
        partial.unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def _partial_path(job: ExportJob) -> Path:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "figures" / "partial"
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"export-{job.pk}-", suffix=f".{job.kind}", dir=folder)
    os.close(handle)
    return Path(name)


def _write(job: ExportJob, partial: Path) -> None:
    scope = figures_scope(job.requested_by)
    indicator = indicator_named(job.indicator)
    filters = engine.parse_filters(QueryDict(job.query), scope)
    total = engine.records(indicator, scope, filters).count()
    ExportJob.objects.filter(pk=job.pk).update(total=total, done=0)
    check = _progress_check(job.pk)
    if job.kind == ExportKind.XLSX:
        with partial.open("wb") as stream:
            xlsx_export.write_records_xlsx(stream, scope, filters, indicator, check)
    else:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            csv_export.write_records_csv(stream, scope, filters, indicator, check)


def _progress_check(job_id: int) -> Callable[[int], None]:
    def check(done: int) -> None:
        record_progress(job_id, done)

    return check


def record_progress(job_id: int, done: int) -> None:
    """Count the rows written; stop when the export was cancelled meanwhile."""
    updated = ExportJob.objects.filter(pk=job_id, state=ExportState.RUNNING).update(done=done)
    if not updated:
        raise ExportCancelled


def _store(job: ExportJob, partial: Path) -> None:
    name = export_filename(indicator_named(job.indicator), job.kind)
    with partial.open("rb") as content:
        job.file.save(name, File(content), save=False)
    moved = ExportJob.objects.filter(pk=job.pk, state=ExportState.RUNNING).update(
        file=job.file.name, state=ExportState.DONE, finished_at=timezone.now()
    )
    if not moved:  # cancelled between the last row and now
        job.file.storage.delete(job.file.name)


def _finish(job: ExportJob, state: str, *, error: str = "") -> None:
    ExportJob.objects.filter(pk=job.pk, state=ExportState.RUNNING).update(
        state=state, error=error, finished_at=timezone.now()
    )


def export_filename(indicator: Indicator, kind: str) -> str:
    return f"{indicator.code}-{timezone.localdate().isoformat()}.{kind}"


# -- Expiry ---------------------------------------------------------------------------


def expire_exports(now: datetime.datetime | None = None) -> int:
    """Delete the files of exports older than EXPORT_KEEP_DAYS (and partial files a
    crashed worker left); returns how many export files were deleted."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=EXPORT_KEEP_DAYS)
    count = 0
    for job in ExportJob.objects.filter(created_at__lt=limit).exclude(file=""):
        _delete_file(job)
        count += 1
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "figures" / "partial"
    if folder.is_dir():
        for leftover in folder.iterdir():
            if leftover.stat().st_mtime < (now - datetime.timedelta(days=1)).timestamp():
                leftover.unlink(missing_ok=True)
    return count
