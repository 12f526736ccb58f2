"""Every write of the imports app: upload, check, import, cancel, undo.

An import reads the whole file and validates every row before anything is written;
writes go through people.bulk (person, name keys, history rows) with one ImportedRecord
per row, so the same source key is never imported twice."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.errors import DomainError
from rowad.people.bulk import bulk_create_people, insert_rows
from rowad.people.models import Person

from .enums import ACTIVE_STATUSES, BatchStatus, ImportMode, ProblemKind
from .mapping import suggest_mapping
from .models import ImportBatch, ImportedRecord, ImportProblem, ImportSource
from .readers import ImportFileError, read_file
from .validation import RowResult, RowValidator

MAX_UPLOAD_BYTES = getattr(settings, "ROWAD_IMPORT_MAX_BYTES", 30 * 1024 * 1024)
PROGRESS_EVERY = 2000
WRITE_CHUNK = 5000
PREVIEW_PROBLEMS = 20


class BatchError(DomainError):
    pass


class Cancelled(Exception):
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
) -> ImportBatch:
    """Store an uploaded file (a Django UploadedFile or a path), read its header and
    suggest a mapping. Refuses files over the size limit and unreadable files."""
    file_name = file_name or getattr(upload, "name", "") or Path(str(upload)).name
    size = upload.size if hasattr(upload, "size") else Path(upload).stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise BatchError(
            _(
                "This file is %(size)d MB; files up to %(limit)d MB can be imported. Split it and import each part."
            )
            % {"size": size // (1024 * 1024), "limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    storage_dir().mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()[:10]}"
    digest = hashlib.sha256()
    with (storage_dir() / stored).open("wb") as out:
        chunks = upload.chunks() if hasattr(upload, "chunks") else _file_chunks(Path(upload))
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
    try:
        table = read_file(storage_dir() / stored, encoding=encoding, file_name=file_name)
        total = sum(1 for _row in table.rows)
    except ImportFileError:
        (storage_dir() / stored).unlink(missing_ok=True)
        raise
    with transaction.atomic():
        source = get_or_create_source(source_name or file_name, organization=organization)
        batch = ImportBatch.objects.create(
            source=source,
            organization=organization,
            province=province,
            country=country,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            language=(translation.get_language() or "ar")[:2],
            file_name=file_name[:255],
            stored_path=stored,
            sha256=digest.hexdigest(),
            size=size,
            file_format=table.file_format,
            encoding=table.encoding,
            delimiter=table.delimiter,
            headers=table.headers,
            mapping=suggest_mapping(table.headers, saved=source.mapping, key_column=table.key_column),
            mode=mode,
            rows_total=total,
        )
        record_action("imports.batch.uploaded", batch, actor=actor, file=file_name, rows=total)
    return batch


def _file_chunks(path: Path):
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            yield chunk


def set_mapping(batch: ImportBatch, *, mapping: dict[str, str], mode: str, actor: Any) -> ImportBatch:
    """Save the edited mapping on the batch and, for reuse, on its source."""
    unknown = [c for c in mapping.values() if c and c not in batch.headers]
    if unknown:
        raise BatchError(_("Unknown column: %(column)s") % {"column": unknown[0]}, code="unknown_column")
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_active or locked.status in (BatchStatus.DONE, BatchStatus.UNDONE):
            raise BatchError(_("This import has already started."), code="already_started")
        locked.mapping = {f: c for f, c in mapping.items() if c}
        locked.mode = mode
        locked.status = BatchStatus.UPLOADED
        locked.save(update_fields=["mapping", "mode", "status"])
        ImportSource.objects.filter(pk=locked.source_id).update(mapping=locked.mapping)
        record_action("imports.batch.mapped", locked, actor=actor, mapping=locked.mapping, mode=mode)
    return locked


def _claim(
    batch: ImportBatch, *, allowed: tuple[str, ...], new_status: str, actor: Any, action: str
) -> ImportBatch:
    """Move a batch to `new_status` under a row lock; a second click or a second import
    of the same file while one runs is refused with a message."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in allowed:
            raise BatchError(_("This import has already started."), code="already_started")
        if not locked.mapping:
            raise BatchError(_("Map at least one column before importing."), code="no_mapping")
        running = (
            ImportBatch.objects.filter(
                source_id=locked.source_id, sha256=locked.sha256, status__in=ACTIVE_STATUSES
            )
            .exclude(pk=locked.pk)
            .exists()
        )
        if running:
            raise BatchError(
                _("The same file is being imported from this source right now. Wait until it finishes."),
                code="same_file_running",
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
        if locked.status == BatchStatus.QUEUED:
            locked.status = BatchStatus.CANCELLED
            locked.finished_at = timezone.now()
        elif locked.status in (BatchStatus.VALIDATING, BatchStatus.RUNNING):
            locked.cancel_requested = True
        else:
            raise BatchError(_("This import is not running."), code="not_running")
        locked.save(update_fields=["status", "cancel_requested", "finished_at"])
        record_action("imports.batch.cancel_requested", locked, actor=actor)
    return locked


# --- Processing (in the background task, or inline from the command line) ---------------


def _progress(batch: ImportBatch, **counts: int) -> None:
    """Counters are written outside any import transaction, so the page sees them live."""
    ImportBatch.objects.filter(pk=batch.pk).update(**counts)
    if ImportBatch.objects.filter(pk=batch.pk, cancel_requested=True).exists():
        raise Cancelled


def validate_batch(batch: ImportBatch) -> tuple[list[RowResult], list[tuple[int, str, Any]]]:
    """Read and validate every row. Returns the valid rows still to write and the problems
    (line, kind, Problem); counters on the batch are updated as rows go."""
    table = read_file(batch_path(batch), encoding=batch.encoding, file_name=batch.file_name)
    validator = RowValidator(
        mapping=batch.mapping, headers=table.headers, country=batch.country, default_province=batch.province
    )
    if not validator.index:
        raise BatchError(_("Map at least one column before importing."), code="no_mapping")
    organization = batch.organization if batch.organization_id else None
    from .queries import allowed_province_ids

    allowed = allowed_province_ids(batch.created_by)
    valid: list[RowResult] = []
    problems: list[tuple[int, str, Any]] = []
    seen_keys: dict[str, int] = {}
    seen_ids: dict[tuple[str, str], int] = {}
    read = 0
    for line, cells in table.rows:
        read += 1
        result = validator.validate(line, cells)
        if allowed is not None and result.data is not None:
            province = result.data.get("province")
            if province is None or province.pk not in allowed:
                result.problems.append(_outside(validator.column("province"), province))
                result.data = None
        if result.key in seen_keys:
            result.problems.append(_dup(validator.column("source_key"), seen_keys[result.key], result.key))
            result.data = None
        else:
            seen_keys[result.key] = line
        if result.data is not None and result.data.get("national_id"):
            nid = (result.data["country"], result.data["national_id"])
            if nid in seen_ids:
                result.problems.append(_dup(validator.column("national_id"), seen_ids[nid], nid[1]))
                result.data = None
            else:
                seen_ids[nid] = line
        if result.data is None:
            problems.extend((line, ProblemKind.ERROR, p) for p in result.problems)
        else:
            result.data["organization"] = organization
            valid.append(result)
        if read % PROGRESS_EVERY == 0:
            _progress(batch, rows_read=read, rows_validated=read)
    _progress(batch, rows_read=read, rows_validated=read)
    batch.rows_total = read
    return valid, problems


def _outside(column: str, province) -> Any:
    from .validation import Problem

    return Problem(
        column,
        "province_scope",
        _("You cannot register people in this province.")
        if province
        else _("Give the province of this person."),
        str(province or "")[:200],
    )


def _dup(column: str, first_line: int, value: str):
    from .validation import Problem

    return Problem(
        column,
        "duplicate_in_file",
        _("The same person or row appears earlier in this file (line %(line)d).") % {"line": first_line},
        str(value)[:200],
    )


def split_existing(batch: ImportBatch, valid: list[RowResult]) -> tuple[list[RowResult], int, list]:
    """Rows already imported from this source (skipped, counted) and rows whose national
    ID is already in the registry (set aside for review, never updated)."""
    imported = set(
        ImportedRecord.objects.filter(
            source_id=batch.source_id, key__any_of=[r.key for r in valid]
        ).values_list("key", flat=True)
    )
    fresh = [r for r in valid if r.key not in imported]
    by_country: dict[str, list[str]] = {}
    for r in fresh:
        if r.data.get("national_id"):
            by_country.setdefault(r.data["country"], []).append(r.data["national_id"])
    existing: set[tuple[str, str]] = set()
    for country, ids in by_country.items():
        existing.update(
            Person.objects.filter(country=country, national_id__any_of=ids).values_list(
                "country", "national_id"
            )
        )
    review, to_write = [], []
    from .validation import Problem

    for r in fresh:
        if (r.data["country"], r.data.get("national_id")) in existing:
            review.append(
                (
                    r.line,
                    ProblemKind.REVIEW,
                    Problem(
                        batch.mapping.get("national_id", "national_id"),
                        "existing_person",
                        _(
                            "A person with this national ID is already registered: nothing was changed, review it."
                        ),
                        r.data["national_id"],
                    ),
                )
            )
        else:
            to_write.append(r)
    return to_write, len(valid) - len(fresh), review


def _save_problems(batch: ImportBatch, problems: list[tuple[int, str, Any]]) -> None:
    ImportProblem.objects.filter(batch=batch).delete()
    ImportProblem.objects.bulk_create(
        [
            ImportProblem(
                batch=batch, kind=kind, line=line, column=p.column[:200], code=p.code[:40],
                message=p.message[:500], value=p.value[:200],
            )
            for line, kind, p in problems
        ],
        batch_size=1000,
    )  # fmt: skip


def check_batch_now(batch_id: int) -> ImportBatch:
    """Validate without writing: the preview's counts and problems."""
    batch = ImportBatch.objects.select_related("source", "province", "organization").get(pk=batch_id)
    if batch.status != BatchStatus.VALIDATING:
        return batch
    with translation.override(batch.language):
        try:
            valid, problems = validate_batch(batch)
            to_write, already, review = split_existing(batch, valid)
        except Cancelled:
            return _finish(batch, BatchStatus.CANCELLED)
        except (ImportFileError, BatchError) as exc:
            return _finish(batch, BatchStatus.FAILED, failure=exc.message)
        _save_problems(batch, problems + review)
        return _finish(
            batch,
            BatchStatus.VALIDATED,
            rows_total=batch.rows_total,
            rows_valid=len(to_write),
            rows_rejected=len({line for line, _k, _p in problems}),
            rows_review=len(review),
            rows_already=already,
            rows_written=0,
        )


def run_batch_now(batch_id: int, *, actor: Any = None) -> ImportBatch:
    """Validate every row, then write (all-or-nothing: one transaction; valid rows:
    one transaction per chunk). Safe to run twice: only a queued batch runs."""
    updated = ImportBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
        status=BatchStatus.RUNNING, started_at=timezone.now()
    )
    batch = ImportBatch.objects.select_related("source", "province", "organization", "created_by").get(
        pk=batch_id
    )
    if not updated:
        return batch
    actor = actor or batch.created_by
    with translation.override(batch.language):
        try:
            valid, problems = validate_batch(batch)
            to_write, already, review = split_existing(batch, valid)
            rejected = len({line for line, _k, _p in problems})
            _save_problems(batch, problems + review)
            counts = dict(
                rows_total=batch.rows_total, rows_valid=len(to_write), rows_rejected=rejected,
                rows_review=len(review), rows_already=already,
            )  # fmt: skip
            _progress(batch, **counts)
            if batch.mode == ImportMode.ALL_OR_NOTHING and rejected:
                return _finish(
                    batch,
                    BatchStatus.FAILED,
                    failure=_("Nothing was imported: %(count)d rows have problems (all-or-nothing mode).")
                    % {"count": rejected},
                    rows_written=0,
                    **counts,
                )
            written = write_rows(batch, to_write, actor=actor)
        except Cancelled:
            batch.refresh_from_db()
            return _finish(batch, BatchStatus.CANCELLED)
        except (ImportFileError, BatchError) as exc:
            return _finish(batch, BatchStatus.FAILED, failure=exc.message)
        except IntegrityError:
            return _finish(
                batch,
                BatchStatus.FAILED,
                failure=_("Someone registered the same people while this import ran. Check the file again."),
            )
        batch = _finish(batch, BatchStatus.DONE, rows_written=written, **counts)
    refresh_registry_statistics(written)
    return batch


def write_rows(batch: ImportBatch, rows: list[RowResult], *, actor: Any) -> int:
    reason = f"import #{batch.pk}"
    written = 0
    if batch.mode == ImportMode.ALL_OR_NOTHING:
        with _bulk_transaction():
            for start in range(0, len(rows), WRITE_CHUNK):
                _write_chunk(batch, rows[start : start + WRITE_CHUNK], actor=actor, reason=reason)
                written += len(rows[start : start + WRITE_CHUNK])
                if ImportBatch.objects.filter(pk=batch.pk, cancel_requested=True).exists():
                    raise Cancelled  # rolls back every chunk
            record_action("imports.batch.imported", batch, actor=actor, written=written)
        ImportBatch.objects.filter(pk=batch.pk).update(rows_written=written)
        return written
    for start in range(0, len(rows), WRITE_CHUNK):
        chunk = rows[start : start + WRITE_CHUNK]
        with _bulk_transaction():
            _write_chunk(batch, chunk, actor=actor, reason=reason)
            record_action(
                "imports.batch.imported", batch, actor=actor, written=len(chunk), first_line=chunk[0].line
            )
        written += len(chunk)
        try:
            _progress(batch, rows_written=written)
        except Cancelled:
            ImportBatch.objects.filter(pk=batch.pk).update(rows_written=written)
            raise
    return written


@contextmanager
def _bulk_transaction() -> Iterator[None]:
    """A write transaction whose commit does not wait for the WAL flush (PostgreSQL): with
    100,000 people the wait was seconds. Safe here: the batch's own status is written
    afterwards with an ordinary commit, which flushes everything before it; a crash in
    between loses the rows and leaves the batch unfinished together, and an import run
    again skips what it already wrote (source keys)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _write_chunk(batch: ImportBatch, rows: list[RowResult], *, actor: Any, reason: str) -> None:
    ids = bulk_create_people([r.data for r in rows], actor=actor, reason=reason)
    insert_rows(
        ImportedRecord,
        ["source_id", "key", "person_id", "batch_id"],
        [(batch.source_id, r.key, pk, batch.pk) for r, pk in zip(rows, ids, strict=True)],
    )


# Autovacuum visits a table after inserts of 20 % of its size: on a registry of a million
# people, an import of 100,000 leaves the new name keys out of the visibility map, and
# searches of two or more words then read the heap instead of the index (measured at
# 1,000,000 people: 300 ms instead of 65 ms for the count of "محمد بن علي").
VACUUM_AFTER_ROWS = 10_000
VACUUMED_TABLES = ("people_person", "people_personnamekey")


def refresh_registry_statistics(written: int) -> bool:
    """After a large import on PostgreSQL: VACUUM ANALYZE the person and name-key tables
    (outside any transaction; VACUUM skips pages already all-visible, so this costs about
    what the import added). Returns whether it ran."""
    if written < VACUUM_AFTER_ROWS or connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    connection.ensure_connection()
    with connection.cursor() as cursor:
        for table in VACUUMED_TABLES:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
    return True


def _finish(batch: ImportBatch, status: str, *, failure: str = "", **counts: int) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, failure=failure, finished_at=timezone.now(), cancel_requested=False, **counts
    )
    batch.refresh_from_db()
    return batch


# --- Undo ---------------------------------------------------------------------------------

OWN_RELATIONS = {"name_keys", "consents", "import_records"}


def undo_blockers(batch: ImportBatch) -> int:
    """How many of the batch's people are used elsewhere (another record points at them,
    or they were edited or merged since the import)."""
    people = Person.objects.filter(import_records__batch=batch)
    blocked: set[int] = set()
    for relation in Person._meta.related_objects:
        if relation.get_accessor_name() in OWN_RELATIONS:
            continue
        model = relation.related_model
        column = relation.field.attname
        blocked.update(
            model._base_manager.filter(**{f"{relation.field.name}__in": people}).values_list(
                column, flat=True
            )
        )
    blocked.update(people.exclude(merged_into=None).values_list("pk", flat=True))
    edited = (
        Person.history.model.objects.filter(id__in=people.values("pk"))
        .values("id")
        .annotate(n=Count("history_id"))
        .filter(n__gt=1)
        .values_list("id", flat=True)
    )
    blocked.update(edited)
    return len(blocked)


def undo_batch(batch: ImportBatch, *, actor: Any) -> int:
    """Delete every person the batch created (their history records the deletion), if
    none of them is used yet."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.DONE:
            raise BatchError(_("Only a finished import can be undone."), code="not_done")
        blockers = undo_blockers(locked)
        if blockers:
            raise BatchError(
                _("This import cannot be undone: %(count)d of its people are already used or changed.")
                % {"count": blockers},
                code="in_use",
            )
        people = list(Person.objects.filter(import_records__batch=locked))
        ImportedRecord.objects.filter(batch=locked).delete()
        for person in people:
            person._history_user = actor if getattr(actor, "is_authenticated", False) else None
            person._change_reason = f"undo import #{locked.pk}"
            person.delete()
        locked.status = BatchStatus.UNDONE
        locked.save(update_fields=["status"])
        record_action("imports.batch.undone", locked, actor=actor, removed=len(people))
    return len(people)
