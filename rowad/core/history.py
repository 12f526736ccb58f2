"""Readable change history (who, when, field, old -> new) from django-simple-history.

Values are shown as a person reads them: choice labels rather than codes, the name of a
related object (foreign key or many-to-many) rather than its id, yes/no for booleans.
A model may define `history_display(field_name, value) -> str | None` for fields whose
stored form needs its own rendering (e.g. a JSON list of codes)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping fields every row changes; they say nothing to a reader.
HIDDEN_FIELDS = frozenset({"updated_at", "created_at", "version", "sort_name"})


def _display(field: models.Field | None, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if hasattr(value, "isoformat") and not isinstance(value, str):
        if not hasattr(value, "hour"):
            return value.isoformat()
        # Stored in UTC: shown in the site's time zone, like every `|date` in the pages.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "Y-m-d H:i")
    return str(value)


def _m2m_names(field: models.Field, rows: list[dict]) -> str:
    """simple-history stores an m2m value as a list of through-row dicts; show the names
    of the related objects."""
    key = field.m2m_reverse_field_name()
    ids = [row.get(key) for row in rows if row.get(key) is not None]
    if not ids:
        return "—"
    by_pk = {o.pk: str(o) for o in field.related_model._default_manager.filter(pk__in=ids)}
    return ", ".join(sorted(by_pk.get(pk, f"#{pk}") for pk in ids))


def describe_change(obj: models.Model, name: str, old: Any, new: Any) -> dict[str, str]:
    field = _model_field(obj, name)
    label = str(field.verbose_name) if field is not None else name
    custom = getattr(obj, "history_display", None)
    if custom is not None and custom(name, old) is not None:
        return {"field": label, "old": custom(name, old), "new": custom(name, new)}
    if field is not None and field.many_to_many:
        return {"field": label, "old": _m2m_names(field, old or []), "new": _m2m_names(field, new or [])}
    if field is not None and field.is_relation:
        return {"field": label, "old": _related(field, old), "new": _related(field, new)}
    return {"field": label, "old": _display(field, old), "new": _display(field, new)}


def history_rows(obj: models.Model, limit: int = 50) -> list[dict[str, Any]]:
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                changes.append(describe_change(obj, change.field, change.old, change.new))
            if not changes:
                continue
        rows.append(history_row(record, changes))
    return rows


def history_row(record: Any, changes: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "when": record.history_date,
        "user": record.history_user,
        "type": HISTORY_TYPES.get(record.history_type, record.history_type),
        "type_label": {
            "+": _("created"),
            "~": _("changed"),
            "-": _("deleted"),
        }.get(record.history_type, ""),
        "reason": record.history_change_reason or "",
        "changes": changes,
    }


def _model_field(obj: models.Model, name: str) -> models.Field | None:
    try:
        return obj._meta.get_field(name)
    except Exception:
        return None


def _related(field: models.Field, pk: Any) -> str:
    if pk in (None, ""):
        return "—"
    instance = field.related_model._default_manager.filter(pk=pk).first()
    return str(instance) if instance is not None else f"#{pk}"
