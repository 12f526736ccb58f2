"""The imports app's actions on a batch: upload, map, start a check or an import, cancel,
undo. The work itself (validating every row, then writing) runs in the background:
`processing`."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rowad.accounts.enums import Role
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.errors import DomainError
from rowad.people import services as people_services
from rowad.people.models import Person
from rowad.people.queries import provinces_for_registry

from .enums import (
    ACTIVE_STATUSES,
    BatchStatus,
    ErrorCode,
    ImportMode,
    OptionalErrors,
    ProblemKind,
    default_optional_errors,
)
from .mapping import suggest_mapping
from .models import ImportBatch, ImportedRecord, ImportProblem, ImportSource
from .readers import ImportFileError, Summary, check_file, read_file, sample_values, summarise

MAX_UPLOAD_BYTES = getattr(settings, "ROWAD_IMPORT_MAX_BYTES", 30 * 1024 * 1024)


class BatchError(DomainError):
    pass


def storage_dir() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "imports"


def batch_path(batch: ImportBatch) -> Path:
    return storage_dir() / batch.stored_path


def get_or_create_source(name: str, *, organization=None) -> ImportSource:
    source, _created = ImportSource.objects.get_or_create(name=name.strip()[:120], organization=organization)
    return source


def create_batch(
    upload: Any,
    *,
    actor: Any,
    source_name: str,
    country: str,
    organization=None,
    province=None,
    mode: str = ImportMode.VALID_ROWS,
    encoding: str = "",
    file_name: str = "",
    on_optional_error: str | None = None,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
    read_now: bool = False,
    start_when_read: bool = False,
) -> ImportBatch:
    """Store an uploaded file (a Django UploadedFile or a path) after the checks that need
    no parsing (size, type, a ZIP's declared content: `readers.check_file`), and have it
    read in the background (`tasks.read_batch`: header, rows counted, mapping suggested),
    so no upload request ever parses a file. `read_now` reads it here (the command line,
    the demo). Refuses files over `max_bytes`: the web upload's limit; the command line
    passes None, the file being streamed whatever its size. `on_optional_error`
    (OptionalErrors) defaults to what suits the mode; `start_when_read` starts the import
    once the file is read (the API's `start`)."""
    file_name = file_name or getattr(upload, "name", "") or Path(str(upload)).name
    size = upload.size if hasattr(upload, "size") else Path(upload).stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise BatchError(
            _(
                "This file is %(size)d MB; files up to %(limit)d MB can be imported. Split it and import each part."
            )
            % {"size": size // (1024 * 1024), "limit": max_bytes // (1024 * 1024)},
            code=ErrorCode.TOO_LARGE,
        )
    if on_optional_error not in OptionalErrors.values:
        on_optional_error = default_optional_errors(mode)
    storage_dir().mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()[:10]}"
    digest = hashlib.sha256()
    with (storage_dir() / stored).open("wb") as out:
        chunks = upload.chunks() if hasattr(upload, "chunks") else _file_chunks(Path(upload))
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
    path = storage_dir() / stored
    try:
        file_format = check_file(path, file_name=file_name)
        summary = summarise(path, encoding=encoding, file_name=file_name) if read_now else None
    except ImportFileError:
        path.unlink(missing_ok=True)
        raise
    with transaction.atomic():
        source = get_or_create_source(source_name or file_name, organization=organization)
        batch = ImportBatch.objects.create(
            source=source,
            organization=organization,
            province=province,
            country=country,
            created_by=acting_user(actor),
            language=(translation.get_language() or "ar")[:2],
            file_name=file_name[:255],
            stored_path=stored,
            sha256=digest.hexdigest(),
            size=size,
            file_format=file_format,
            encoding=encoding,
            status=BatchStatus.READING,
            start_when_read=start_when_read,
            mode=mode,
            on_optional_error=on_optional_error,
        )
        record_action("imports.batch.uploaded", batch, actor=actor, file=file_name)
        if summary is not None:
            return record_reading(batch, summary, actor=actor)
    from .tasks import read_batch

    transaction.on_commit(lambda: read_batch.enqueue(batch.pk))
    return batch


def record_reading(batch: ImportBatch, summary: Summary, *, actor: Any) -> ImportBatch:
    """What the reading of a new batch's file found: header, format, row count, suggested
    mapping (or the one the API gave, checked against the header); then the batch waits
    for its mapping, or starts when the API asked it to."""
    table = summary.table
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().select_related("source").get(pk=batch.pk)
        if locked.status != BatchStatus.READING:
            return locked
        suggested = suggest_mapping(
            table.headers,
            saved=locked.source.mapping,
            key_column=table.key_column,
            separator=table.group_separator,
        )
        unknown = [c for c in locked.mapping.values() if c and c not in table.headers]
        locked.file_format = table.file_format
        locked.encoding = table.encoding
        locked.delimiter = table.delimiter
        locked.headers = table.headers
        locked.mapping = locked.mapping or suggested
        locked.rows_total = summary.rows_total
        locked.notes = [[message, params] for message, params in table.notes]
        locked.status = BatchStatus.UPLOADED
        if unknown:
            locked.status = BatchStatus.FAILED
            locked.failure = gettext_noop("Unknown column: %(column)s")
            locked.failure_params = {"column": unknown[0]}
            locked.finished_at = timezone.now()
        locked.save()
        record_action("imports.batch.read", locked, actor=actor, rows=summary.rows_total)
    if locked.start_when_read and locked.status == BatchStatus.UPLOADED:
        locked = start_import(locked, actor=actor)
    return locked


def fail_reading(batch: ImportBatch, error: DomainError) -> ImportBatch:
    """The file of a new batch cannot be read: the batch fails with the reason (stored
    untranslated, shown in each reader's language) and the file is deleted."""
    updated = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.READING).update(
        status=BatchStatus.FAILED,
        failure=error.message_id,
        failure_params=error.params,
        finished_at=timezone.now(),
    )
    if updated:
        batch_path(batch).unlink(missing_ok=True)
    batch.refresh_from_db()
    return batch


def column_samples(batch: ImportBatch) -> dict[str, list[str]]:
    """The first non-empty values of each column of the batch's file ({} when the file
    can no longer be read)."""
    try:
        table = read_file(batch_path(batch), encoding=batch.encoding, file_name=batch.file_name)
    except (ImportFileError, OSError):
        return {}
    return sample_values(table)


def _file_chunks(path: Path):
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            yield chunk


def set_mapping(
    batch: ImportBatch,
    *,
    mapping: dict[str, str],
    mode: str,
    actor: Any,
    on_optional_error: str | None = None,
) -> ImportBatch:
    """Save the edited mapping (and the mode, and what a problem in an optional field
    does: unchanged when None) on the batch and, for reuse, on its source."""
    reading = batch.status == BatchStatus.READING  # the columns are checked once read
    unknown = [c for c in mapping.values() if c and c not in batch.headers and not reading]
    if unknown:
        raise BatchError(
            _("Unknown column: %(column)s") % {"column": unknown[0]}, code=ErrorCode.UNKNOWN_COLUMN
        )
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        started = locked.is_active and locked.status != BatchStatus.READING
        if started or locked.status in (BatchStatus.DONE, BatchStatus.UNDONE):
            raise BatchError(_("This import has already started."), code=ErrorCode.ALREADY_STARTED)
        locked.mapping = {f: c for f, c in mapping.items() if c}
        locked.mode = mode
        if on_optional_error in OptionalErrors.values:
            locked.on_optional_error = on_optional_error
        if locked.status != BatchStatus.READING:
            locked.status = BatchStatus.UPLOADED
        locked.save(update_fields=["mapping", "mode", "on_optional_error", "status"])
        ImportSource.objects.filter(pk=locked.source_id).update(mapping=locked.mapping)
        record_action(
            "imports.batch.mapped", locked, actor=actor, mapping=locked.mapping, mode=mode,
            on_optional_error=locked.on_optional_error,
        )  # fmt: skip
    return locked


def _claim(
    batch: ImportBatch, *, allowed: tuple[str, ...], new_status: str, actor: Any, action: str
) -> ImportBatch:
    """Move a batch to `new_status` under a row lock; a second click or a second import
    of the same file while one runs is refused with a message."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in allowed:
            raise BatchError(_("This import has already started."), code=ErrorCode.ALREADY_STARTED)
        if not locked.mapping:
            raise BatchError(_("Map at least one column before importing."), code=ErrorCode.NO_MAPPING)
        running = (
            ImportBatch.objects.filter(
                source_id=locked.source_id,
                sha256=locked.sha256,
                status__in=[s for s in ACTIVE_STATUSES if s != BatchStatus.READING],
            )
            .exclude(pk=locked.pk)
            .exists()
        )
        if running:
            raise BatchError(
                _("The same file is being imported from this source right now. Wait until it finishes."),
                code=ErrorCode.SAME_FILE_RUNNING,
            )
        locked.status = new_status
        locked.cancel_requested = False
        locked.save(update_fields=["status", "cancel_requested"])
        record_action(action, locked, actor=actor)
    return locked


def start_check(batch: ImportBatch, *, actor: Any) -> ImportBatch:
    from .tasks import check_batch

    locked = _claim(
        batch,
        allowed=(BatchStatus.UPLOADED, BatchStatus.VALIDATED, BatchStatus.FAILED, BatchStatus.CANCELLED),
        new_status=BatchStatus.VALIDATING,
        actor=actor,
        action="imports.batch.check_started",
    )
    transaction.on_commit(lambda: check_batch.enqueue(locked.pk))
    return locked


def start_import(batch: ImportBatch, *, actor: Any, enqueue: bool = True) -> ImportBatch:
    from .tasks import run_batch

    locked = _claim(
        batch,
        allowed=(BatchStatus.UPLOADED, BatchStatus.VALIDATED, BatchStatus.FAILED, BatchStatus.CANCELLED),
        new_status=BatchStatus.QUEUED,
        actor=actor,
        action="imports.batch.started",
    )
    if enqueue:
        transaction.on_commit(lambda: run_batch.enqueue(locked.pk))
    return locked


def request_cancel(batch: ImportBatch, *, actor: Any) -> ImportBatch:
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status in (BatchStatus.QUEUED, BatchStatus.READING):
            locked.status = BatchStatus.CANCELLED
            locked.finished_at = timezone.now()
        elif locked.status in (BatchStatus.VALIDATING, BatchStatus.RUNNING):
            locked.cancel_requested = True
        else:
            raise BatchError(_("This import is not running."), code=ErrorCode.NOT_RUNNING)
        locked.save(update_fields=["status", "cancel_requested", "finished_at"])
        record_action("imports.batch.cancel_requested", locked, actor=actor)
    return locked


# --- Undo ---------------------------------------------------------------------------------


def _batch_person_ids(batch: ImportBatch) -> list[int]:
    return list(ImportedRecord.objects.filter(batch=batch).values_list("person_id", flat=True))


def undo_blockers(batch: ImportBatch) -> int:
    """How many of the batch's people are used elsewhere (another record points at them,
    or they were edited or merged since the import)."""
    return len(people_services.people_in_use(_batch_person_ids(batch), also_own={"import_records"}))


def undo_batch(batch: ImportBatch, *, actor: Any) -> int:
    """Delete every person the batch created (their history records the deletion), if
    none of them is used yet."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.DONE:
            raise BatchError(_("Only a finished import can be undone."), code=ErrorCode.NOT_DONE)
        blockers = undo_blockers(locked)
        if blockers:
            raise BatchError(
                _("This import cannot be undone: %(count)d of its people are already used or changed.")
                % {"count": blockers},
                code=ErrorCode.IN_USE,
            )
        person_ids = _batch_person_ids(locked)
        ImportedRecord.objects.filter(batch=locked).delete()
        removed = people_services.delete_unused_people(
            person_ids, actor=actor, reason=f"undo import #{locked.pk}"
        )
        locked.status = BatchStatus.UNDONE
        locked.save(update_fields=["status"])
        record_action("imports.batch.undone", locked, actor=actor, removed=removed)
    return removed


# --- Review ---------------------------------------------------------------------------------


def apply_review(
    problem: ImportProblem, person: Person, *, fields: list[str], actor: Any, version: str | None
) -> Person:
    """Write the values an officer chose from a row set aside for review onto the person
    registered with its national ID, through the registry's own update (its rules, its
    history, its stale-edit check), with an audit entry on the batch."""
    from .review import values_for_update

    if problem.kind != ProblemKind.REVIEW or person.national_id != problem.value:
        raise BatchError(
            _("This row is not waiting for review against this person."), code=ErrorCode.NOT_REVIEW
        )
    data = values_for_update(problem.row, fields)
    if not data:
        raise BatchError(_("Choose at least one value from the file."), code=ErrorCode.NOTHING_CHOSEN)
    # The row's province was checked against the importer's provinces, not this officer's.
    editors = (Role.AGENCY_OFFICER, Role.FIELD_AGENT)
    if (
        "province" in data
        and not provinces_for_registry(actor, roles=editors).filter(pk=data["province"].pk).exists()
    ):
        raise BatchError(_("You cannot register people in this province."), code=ErrorCode.PROVINCE_SCOPE)
    with transaction.atomic():
        updated = people_services.update_person(person, data=data, actor=actor, version=version)
        record_action(
            "imports.review.applied", problem.batch, actor=actor, line=problem.line, person=person.pk,
            fields=sorted(data),
        )  # fmt: skip
    return updated
