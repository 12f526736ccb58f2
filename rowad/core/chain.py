"""The audit trail as a hash chain, append-only in the database.

Each `AuditEntry` gets the next sequence number and `hash = sha256(previous hash +
canonical JSON of its fields)`, computed while the one-row `AuditChainHead` is locked
(`select_for_update`), so two transactions appending at once wait for each other and the
chain stays linear (on SQLite writes are serialised already). The head also holds the
last number and hash: an entry removed at the end of the chain is detected too.

Database triggers refuse UPDATE and DELETE on the table (PostgreSQL and SQLite);
`manage.py verify_audit_chain` walks the chain and reports the first break.
See docs/security.md, "Audit trail"."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.utils import timezone

TABLE = "core_auditentry"
GENESIS = ""  # the "previous hash" of the first entry

# --- the triggers ----------------------------------------------------------------------

PG_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END
    $$;
    """,
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
    """,
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only();",
]
SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE refused'); END;
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: DELETE refused'); END;
    """,
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
]


def _run(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_triggers(connection) -> None:
    """Refuse UPDATE and DELETE on the audit table (PostgreSQL, SQLite)."""
    if connection.vendor == "postgresql":
        _run(connection, PG_INSTALL)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)


def drop_triggers(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, PG_DROP)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)


def triggers_installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE]
            )
            return cursor.fetchone()[0] >= 1
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
            return cursor.fetchone()[0] == 2
    return False


# --- the hash --------------------------------------------------------------------------


def _canon(value: Any) -> Any:
    """JSON as the database gives it back: keys as text, an integral float as an int
    (PostgreSQL's jsonb reads 1e20 back as 100000000000000000000)."""
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canon(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e300:
        return int(value)
    return value


def _when(value) -> str:
    if timezone.is_aware(value):
        value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")


def canonical(entry: Any) -> str:
    """The entry's chained fields as one canonical JSON text."""
    return json.dumps(
        {
            "seq": entry.seq,
            "action": entry.action,
            "actor": entry.actor_id,
            "object_type": entry.object_type,
            "object_id": str(entry.object_id),
            "data": _canon(entry.data),
            "created_at": _when(entry.created_at),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def entry_hash(previous: str, entry: Any) -> str:
    return hashlib.sha256((previous + canonical(entry)).encode()).hexdigest()


# --- appending -------------------------------------------------------------------------


def locked_head(head_model, entry_model, using: str):
    """The chain head, locked until the transaction ends (created from the last entry
    when missing: a new database, or after a flush)."""
    rows = head_model._default_manager.using(using).select_for_update()
    head = rows.filter(pk=1).first()
    if head is None:
        last = entry_model._default_manager.using(using).order_by("-seq").only("seq", "hash").first()
        head_model._default_manager.using(using).bulk_create(
            [head_model(pk=1, seq=last.seq if last else 0, hash=last.hash if last else GENESIS)],
            ignore_conflicts=True,
        )
        head = rows.get(pk=1)
    return head


def seal(entries: Iterable[Any], *, head) -> None:
    """Number and hash `entries` after `head` (locked by the caller), in order."""
    for entry in entries:
        if entry.created_at is None:
            entry.created_at = timezone.now()
        entry.object_id = str(entry.object_id)
        entry.data = json.loads(json.dumps(entry.data if entry.data is not None else {}))
        entry.seq = head.seq + 1
        entry.hash = entry_hash(head.hash, entry)
        head.seq, head.hash = entry.seq, entry.hash


# --- verifying -------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    seq: int
    kind: str  # "gap", "altered", "tail"
    detail: str


def verify(entry_model, head_model, using: str = "default") -> tuple[int, Break | None]:
    """(entries checked, first break or None), walking the chain in order."""
    previous_hash, expected, count = GENESIS, 1, 0
    rows: Iterator[Any] = (
        entry_model._default_manager.using(using)
        .order_by("seq")
        .only("seq", "hash", "action", "actor_id", "object_type", "object_id", "data", "created_at")
        .iterator(chunk_size=2000)
    )
    for entry in rows:
        if entry.seq != expected:
            return count, Break(entry.seq, "gap", f"expected entry {expected}, found {entry.seq}")
        if entry_hash(previous_hash, entry) != entry.hash:
            return count, Break(
                entry.seq, "altered", f"entry {entry.seq} (id {entry.pk}) does not match its hash"
            )
        previous_hash, expected, count = entry.hash, expected + 1, count + 1
    head = head_model._default_manager.using(using).filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (expected - 1, previous_hash):
        return count, Break(head.seq, "tail", f"the chain ends at {expected - 1}, its head says {head.seq}")
    return count, None
