"""Readable change history (who, when, field, old -> new) from django-simple-history."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def _display(field: models.Field | None, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):  # m2m: list of through-row dicts
        return ", ".join(str(next(iter(v.values()), "")) for v in value) or "—"
    return str(value)


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
                field = _model_field(obj, change.field)
                label = str(field.verbose_name) if field is not None else change.field
                if field is not None and field.is_relation and not field.many_to_many:
                    old, new = _related(field, change.old), _related(field, change.new)
                else:
                    old, new = _display(field, change.old), _display(field, change.new)
                changes.append({"field": label, "old": old, "new": new})
            if not changes:
                continue
        rows.append(
            {
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
        )
    return rows


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
