"""The background work of an import: read and validate every row, set aside what is
already in the registry, then write (people.bulk: person, name keys, history rows) with
one ImportedRecord per row, so the same source key is never imported twice. Runs in the
task worker (`tasks`) or inline from the command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, gettext_noop

from rowad.core.audit import record_action
from rowad.people.bulk import bulk_create_people, insert_rows
from rowad.people.duplicates import find_duplicates_of
from rowad.people.models import Person

from .enums import BatchStatus, ErrorCode, ImportMode, OptionalErrors, ProblemKind
from .models import ImportBatch, ImportedRecord, ImportProblem
from .readers import ImportFileError, read_file, summarise
from .review import row_values
from .services import BatchError, batch_path, fail_reading, record_reading
from .validation import Problem, RowResult, RowValidator

PROGRESS_EVERY = 2000
WRITE_CHUNK = 5000


class Cancelled(Exception):
    pass


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
        mapping=batch.mapping,
        headers=table.headers,
        country=batch.country,
        default_province=batch.province,
        warn_optional=batch.on_optional_error == OptionalErrors.WARN,
    )
    if not validator.index:
        raise BatchError(gettext_lazy("Map at least one column before importing."), code=ErrorCode.NO_MAPPING)
    organization = batch.organization if batch.organization_id else None
    from .queries import allowed_province_ids

    allowed = allowed_province_ids(batch.created_by, organization_id=batch.organization_id)
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
            # A row rejected for another reason: its optional-field problems are rejections too.
            problems.extend((line, ProblemKind.ERROR, p) for p in result.warnings + result.problems)
        else:
            result.data["organization"] = organization
            valid.append(result)
        if read % PROGRESS_EVERY == 0:
            _progress(batch, rows_read=read, rows_validated=read)
    _progress(batch, rows_read=read, rows_validated=read)
    batch.rows_total = read
    return valid, problems


def _outside(column: str, province) -> Problem:
    return Problem(
        column,
        "province_scope",
        gettext_noop("You cannot register people in this province.")
        if province
        else gettext_noop("Give the province of this person."),
        str(province or "")[:200],
    )


def _dup(column: str, first_line: int, value: str) -> Problem:
    return Problem(
        column,
        "duplicate_in_file",
        gettext_noop("The same person or row appears earlier in this file (line %(line)d)."),
        str(value)[:200],
        {"line": first_line},
    )


def split_existing(batch: ImportBatch, valid: list[RowResult]) -> tuple[list[RowResult], int, list]:
    """Rows already imported from this source (skipped, counted) and rows whose national
    ID is already in the registry (set aside for review, never updated; their warnings
    stay beside them)."""
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
    for r in fresh:
        if (r.data["country"], r.data.get("national_id")) in existing:
            review.append(
                (
                    r.line,
                    ProblemKind.REVIEW,
                    Problem(
                        batch.mapping.get("national_id", "national_id"),
                        "existing_person",
                        gettext_noop(
                            "A person with this national ID is already registered: nothing was changed, review it."
                        ),
                        r.data["national_id"],
                        row=row_values(r.data),
                    ),
                )
            )
            review.extend(_warnings([r]))
        else:
            to_write.append(r)
    return to_write, len(valid) - len(fresh), review


def _warnings(rows: list[RowResult]) -> list[tuple[int, str, Problem]]:
    """The warnings of rows kept with an optional field left empty."""
    return [(r.line, ProblemKind.WARNING, p) for r in rows if r.warnings for p in r.warnings]


def _counts(problems: list, review: list, to_write: list[RowResult]) -> dict[str, int]:
    """Rejected rows, rows to review, and rows to write kept with a field left empty
    (lines, each counted once; a row to review keeps its warnings but is not written)."""
    return {
        "rows_rejected": len({line for line, _kind, _problem in problems}),
        "rows_review": len({line for line, kind, _problem in review if kind == ProblemKind.REVIEW}),
        "rows_warned": len({r.line for r in to_write if r.warnings}),
    }


def _save_problems(batch: ImportBatch, problems: list[tuple[int, str, Any]]) -> None:
    ImportProblem.objects.filter(batch=batch).delete()
    ImportProblem.objects.bulk_create(
        [
            ImportProblem(
                batch=batch, kind=kind, line=line, column=p.column[:200], code=p.code[:40],
                message=p.message[:500], params=p.params, value=p.value[:200], row=p.row,
            )
            for line, kind, p in problems
        ],
        batch_size=1000,
    )  # fmt: skip


def read_batch_now(batch_id: int) -> ImportBatch:
    """Read a new batch's file (the upload request only stored it): header, format, rows
    counted (capped), mapping suggested; a file that cannot be read fails the batch with
    the reason. Safe to run twice: only a batch still being read is read."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != BatchStatus.READING:
        return batch
    with translation.override(batch.language):
        try:
            summary = summarise(batch_path(batch), encoding=batch.encoding, file_name=batch.file_name)
        except ImportFileError as exc:
            return fail_reading(batch, exc)
        except OSError:
            return fail_reading(
                batch,
                ImportFileError(
                    gettext_lazy("The stored file could not be read. Upload it again."),
                    code=ErrorCode.UNREADABLE,
                ),
            )
        except Exception:
            # A fault of ours: the batch must not stay "reading" for ever; the worker logs it.
            fail_reading(
                batch,
                ImportFileError(
                    gettext_lazy("The stored file could not be read. Upload it again."),
                    code=ErrorCode.UNREADABLE,
                ),
            )
            raise
        return record_reading(batch, summary, actor=batch.created_by)


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
            return _finish(batch, BatchStatus.FAILED, failure=exc.message_id, failure_params=exc.params)
        _save_problems(batch, problems + review + _warnings(to_write))
        return _finish(
            batch,
            BatchStatus.VALIDATED,
            rows_total=batch.rows_total,
            rows_valid=len(to_write),
            rows_already=already,
            rows_written=0,
            **_counts(problems, review, to_write),
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
            _save_problems(batch, problems + review + _warnings(to_write))
            counts = dict(
                rows_total=batch.rows_total, rows_valid=len(to_write), rows_already=already,
                **_counts(problems, review, to_write),
            )  # fmt: skip
            rejected = counts["rows_rejected"]
            _progress(batch, **counts)
            if batch.mode == ImportMode.ALL_OR_NOTHING and rejected:
                return _finish(
                    batch,
                    BatchStatus.FAILED,
                    failure=gettext_noop(
                        "Nothing was imported (all-or-nothing mode). Rows with problems: %(count)d."
                    ),
                    failure_params={"count": rejected},
                    rows_written=0,
                    **counts,
                )
            written = write_rows(batch, to_write, actor=actor)
        except Cancelled:
            batch.refresh_from_db()
            return _finish(batch, BatchStatus.CANCELLED)
        except (ImportFileError, BatchError) as exc:
            return _finish(batch, BatchStatus.FAILED, failure=exc.message_id, failure_params=exc.params)
        except IntegrityError:
            return _finish(
                batch,
                BatchStatus.FAILED,
                failure=gettext_noop(
                    "Someone registered the same people while this import ran. Check the file again."
                ),
            )
        batch = _finish(batch, BatchStatus.DONE, rows_written=written, **counts)
    refresh_registry_statistics(written)
    if written:
        _search_duplicates_after_commit(batch.pk)
    return batch


def _search_duplicates_after_commit(batch_id: int) -> None:
    from .tasks import find_duplicates_of_batch

    transaction.on_commit(lambda: find_duplicates_of_batch.enqueue(batch_id))


def find_duplicates_of_batch_now(batch_id: int) -> int:
    """Search the people this batch wrote against the registry (people.duplicates)."""
    people = Person.objects.filter(import_records__batch_id=batch_id)
    return find_duplicates_of(people).pk


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


def _finish(
    batch: ImportBatch, status: str, *, failure: str = "", failure_params: dict | None = None, **counts: int
) -> ImportBatch:
    """Failures are stored untranslated with their values (translated for each reader)."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status,
        failure=failure,
        failure_params=failure_params or {},
        finished_at=timezone.now(),
        cancel_requested=False,
        **counts,
    )
    batch.refresh_from_db()
    return batch
