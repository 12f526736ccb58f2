"""History rows of training records for their pages (core.history renders the fields).
A course's history includes its modules' rows (added, changed, removed), which have their
own historical table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rowad.core.history import HIDDEN_FIELDS, describe_change, history_row, history_rows

from .models import Course, CourseModule


def _module_label(record: Any) -> str:
    return f"{_('module')} {record.title_ar or record.title_fr}".strip()


def course_history_rows(course: Course, limit: int = 50) -> list[dict[str, Any]]:
    rows = history_rows(course, limit=limit)
    records = CourseModule.history.filter(course_id=course.pk).select_related("history_user")
    for record in records.order_by("-history_date", "-history_id")[:limit]:
        label = _module_label(record)
        title = record.title_ar or record.title_fr
        if record.history_type == "+":
            changes = [{"field": _("module added"), "old": "—", "new": title}]
        elif record.history_type == "-":
            changes = [{"field": _("module removed"), "old": title, "new": "—"}]
        else:
            previous = record.prev_record
            if previous is None:
                continue
            changes = [
                {**described, "field": f"{label} · {described['field']}"}
                for change in record.diff_against(previous).changes
                if change.field not in HIDDEN_FIELDS
                for described in [describe_change(CourseModule(), change.field, change.old, change.new)]
            ]
            if not changes:
                continue
        row = history_row(record, changes)
        row["type_label"] = ""
        rows.append(row)
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[:limit]
