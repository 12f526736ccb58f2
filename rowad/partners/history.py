"""History rows of partners records for their pages (core.history does the field
rendering). An agreement's history includes its parties' rows (added, removed, changed
commitments), which have their own historical table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rowad.core.history import describe_change, history_row, history_rows

from .models import Agreement, AgreementParty


def agreement_history_rows(agreement: Agreement, limit: int = 50) -> list[dict[str, Any]]:
    rows = history_rows(agreement, limit=limit)
    records = list(
        AgreementParty.history.filter(agreement_id=agreement.pk)
        .select_related("history_user", "organization")
        .order_by("-history_date", "-history_id")[:limit]
    )
    label = _("party")
    for record in records:
        party = f"{record.organization} · {record.get_role_display()}"
        if record.history_type == "+":
            changes = [{"field": label, "old": "—", "new": party}]
        elif record.history_type == "-":
            changes = [{"field": label, "old": party, "new": "—"}]
        else:
            previous = record.prev_record
            if previous is None:
                continue
            changes = []
            for change in record.diff_against(previous).changes:
                described = describe_change(AgreementParty(), change.field, change.old, change.new)
                described["field"] = f"{party} · {described['field']}"
                changes.append(described)
            if not changes:
                continue
        row = history_row(record, changes)
        row["type_label"] = ""
        rows.append(row)
    # Group a save's rows together: newest first.
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[:limit]
