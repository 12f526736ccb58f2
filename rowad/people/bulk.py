"""Bulk creation of people for imports: the same rows a one-by-one `create_person` writes
(person, cross-script name keys, a "+" history row with user, date and reason, target
categories and consents) at bulk speed — PostgreSQL COPY via psycopg, executemany elsewhere.

Callers validate first (`services.clean_person_data`) and hold a transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import OuterRef, Subquery, Value
from django.utils import timezone

from rowad.core.text import name_keys, normalize_text

from .models import ConsentRecord, ConsentSource, Person, PersonNameKey
from .notices import current_notice
from .services import PERSON_FIELDS

HISTORY_MODEL = Person.history.model


# Names repeat a lot in a registry (Mohamed, Benali…): each distinct string is normalized
# once — the same computation, done less often.
_normalized = lru_cache(maxsize=100_000)(normalize_text)


@lru_cache(maxsize=100_000)
def _keys_of(name: str) -> frozenset[str]:
    return frozenset(name_keys(name))


def sort_name_for(data: dict[str, Any]) -> str:
    """The same denormalized sort name services.refresh_search_fields computes."""
    latin = " ".join(filter(None, (data.get("family_name_latin"), data.get("given_name_latin"))))
    arabic = " ".join(filter(None, (data.get("family_name_ar"), data.get("given_name_ar"))))
    return (_normalized(latin) or _normalized(arabic))[:250]


def keys_for(data: dict[str, Any]) -> set[str]:
    """refresh_search_fields' keys: name_keys(*names) is the union of each name's keys."""
    keys: set[str] = set()
    for field in ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin"):
        if data.get(field):
            keys.update(_keys_of(data[field]))
    return {k[:60] for k in keys}


def _reserve_person_ids(count: int) -> list[int]:
    """Ids for `count` new people, taken from the table's sequence so no id is ever reused
    (a reused id would inherit a deleted person's history rows)."""
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - table name from the model
            top = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(top, row[0] if row else 0) + 1
            # Move the AUTOINCREMENT counter now so concurrent inserts cannot take these ids.
            if row:
                cursor.execute(
                    "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count - 1, table]
                )
            else:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count - 1]
                )
            return list(range(start, start + count))
    raise NotImplementedError(connection.vendor)


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    prepared: bool = False,
) -> None:
    """Plain INSERT of many rows (COPY on PostgreSQL): no signals, no save(). Only for
    models whose invariants the caller maintains (here: people, their keys and history).
    `prepared`: date-times are already in the database's form (see db_datetime)."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # Dates need nothing: the SQLite backend registers the ISO adapter that its
        # adapt_datefield_value also gives. Date-times need the backend's conversion.
        fields = {f.column: f for f in model._meta.concrete_fields}
        stamps = [] if prepared else [
            index for index, column in enumerate(columns) if isinstance(fields[column], models.DateTimeField)
        ]  # fmt: skip
        if stamps:
            rows = [_with_db_datetimes(row, stamps) for row in rows]
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def _with_db_datetimes(row: Sequence[Any], indexes: list[int]) -> list[Any]:
    row = list(row)
    for index in indexes:
        row[index] = db_datetime(row[index])
    return row


def db_datetime(value: datetime | None) -> Any:
    """A date-time as the database takes it in a plain INSERT (SQLite: naive UTC text)."""
    if value is None or connection.vendor == "postgresql":
        return value
    return connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value(value)


PERSON_COLUMNS = [f.column for f in Person._meta.concrete_fields]
HISTORY_EXTRA = ("history_date", "history_change_reason", "history_type", "history_user_id")


def copy_creation_history(ids: Sequence[int], *, moment: datetime, reason: str, user_id: int | None) -> None:
    """One "+" history row per new person, copied inside the database from the person rows
    just written (INSERT … SELECT): the same row django-simple-history writes on create,
    without sending every person's columns to the database a second time."""
    stamped = (
        Person.objects.filter(pk__any_of=list(ids))
        .order_by()
        .annotate(
            stamp_date=Value(moment, output_field=models.DateTimeField()),
            stamp_reason=Value(reason[:100] or None, output_field=models.CharField()),
            stamp_type=Value("+", output_field=models.CharField()),
            stamp_user=Value(user_id, output_field=models.BigIntegerField()),
        )
        .values_list(
            *(f.attname for f in Person._meta.concrete_fields),
            "stamp_date",
            "stamp_reason",
            "stamp_type",
            "stamp_user",
        )
    )
    select, params = stamped.query.sql_with_params()
    table = connection.ops.quote_name(HISTORY_MODEL._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in [*PERSON_COLUMNS, *HISTORY_EXTRA])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {select}", params)


def bulk_create_people(
    rows: Sequence[dict[str, Any]], *, actor: Any, reason: str = "", defaults: dict[str, Any] | None = None
) -> list[int]:
    """Insert validated people (dicts of PERSON_FIELDS; `province`/`organization` may be
    objects or ids) with their name keys and one creation history row each. Returns the
    new ids in the order of `rows`. Must run inside transaction.atomic()."""
    if not rows:
        return []
    assert not connection.get_autocommit(), "bulk_create_people must run inside a transaction"
    moment = timezone.now()
    now = db_datetime(moment)  # once for every row (SQLite: text)
    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    ids = _reserve_person_ids(len(rows))
    concrete = Person._meta.concrete_fields
    base = {f.attname: f.get_default() for f in concrete}
    base.update(defaults or {})
    base.update(created_at=now, updated_at=now)
    template = [base[f.attname] for f in concrete]
    # Where each input field goes in a row (province/organization: their *_id column).
    position = {f.name if f.is_relation else f.attname: i for i, f in enumerate(concrete)}
    slots = [(name, position[name], name in ("province", "organization")) for name in PERSON_FIELDS]
    id_slot, sort_slot = position["id"], position["sort_name"]
    person_rows, key_rows = [], []
    for pk, data in zip(ids, rows, strict=True):
        record = template.copy()
        for name, index, related in slots:
            if name in data:
                value = data[name]
                record[index] = getattr(value, "pk", value) if related else value
        record[id_slot] = pk
        record[sort_slot] = sort_name_for(data)
        person_rows.append(record)
        key_rows.extend((key, pk) for key in keys_for(data))
    insert_rows(Person, PERSON_COLUMNS, person_rows, prepared=True)
    copy_creation_history(ids, moment=moment, reason=reason, user_id=user_id)
    insert_rows(PersonNameKey, ["key", "person_id"], key_rows)
    _add_categories_and_consents(ids, rows, moment=moment, reason=reason, user_id=user_id)
    return ids


def _add_categories_and_consents(
    ids: Sequence[int], rows: Sequence[dict[str, Any]], *, moment: datetime, reason: str, user_id: int | None
) -> None:
    """Optional per row: "target_categories" (category ids) and "consents" ((purpose,
    given, day) triples; day None: today), written as create_person writes them; the
    categories also go into the creation history row's snapshot."""
    categories = [
        (pk, c) for pk, data in zip(ids, rows, strict=True) for c in data.get("target_categories", ())
    ]
    if categories:
        insert_rows(CATEGORY_LINK, ["person_id", "targetcategory_id"], categories)
        _copy_category_history([pk for pk, _category in categories])
    today = timezone.localdate(moment)
    # Collected on the file's forms: the notice of the day is the one they showed.
    consents = [
        (pk, purpose, given, day or today, user_id, reason[:100], moment, ConsentSource.IMPORT,
         current_notice(purpose).version if given else "")
        for pk, data in zip(ids, rows, strict=True)
        for purpose, given, day in data.get("consents", ())
    ]  # fmt: skip
    if consents:
        columns = ["person_id", "purpose", "given", "recorded_on", "recorded_by_id", "method", "created_at",
                   "source", "notice_version"]  # fmt: skip
        insert_rows(ConsentRecord, columns, consents)


CATEGORY_LINK = Person.target_categories.through


def _copy_category_history(person_ids: list[int]) -> None:
    """django-simple-history keeps each history row's categories in a table of its own:
    the new people's "+" rows get theirs, copied from the links just written."""
    historical_links = apps.get_model("people", "HistoricalPerson_target_categories")
    creation = HISTORY_MODEL.objects.filter(id=OuterRef("person_id"), history_type="+").order_by(
        "-history_id"
    )
    links = (
        CATEGORY_LINK.objects.filter(person_id__any_of=sorted(set(person_ids)))
        .order_by()
        .annotate(creation=Subquery(creation.values("history_id")[:1]))
        .values_list("id", "person_id", "targetcategory_id", "creation")
    )
    select, params = links.query.sql_with_params()
    table = connection.ops.quote_name(historical_links._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (id, person_id, targetcategory_id, history_id) {select}", params)
