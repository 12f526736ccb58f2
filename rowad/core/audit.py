"""Audit entries: every service writes one inside its own transaction.

The entry's `data` is chained and can never change (`rowad.core.chain`): it holds
identifiers, codes, dates and amounts. Free texts a person may be named in (the keys of
`FREE_TEXT_KEYS`) are written to an `AuditText` beside the entry, which a person's
erasure scrubs; `entry.details` gives both."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from .concurrency import acting_user
from .models import AuditEntry, AuditText

# Values typed by people (or names of files and addresses) that may hold a person's name.
FREE_TEXT_KEYS = frozenset({"note", "reason", "comment", "remarks", "override_reason", "file", "email"})


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    texts = {k: v for k, v in data.items() if k in FREE_TEXT_KEYS and isinstance(v, str) and v}
    return {k: v for k, v in data.items() if k not in texts}, texts


def audit_entry(action: str, obj: models.Model, *, actor: Any, **data: Any) -> AuditEntry:
    """The (unsaved) entry of a business action, for `record_actions`."""
    structured, texts = _split(data)
    entry = AuditEntry(
        action=action,
        actor=acting_user(actor),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=structured,
    )
    entry._texts = texts
    return entry


def record_action(action: str, obj: models.Model, *, actor: Any, **data: Any) -> AuditEntry:
    """Record a business action such as `people.person.created` on `obj` by `actor`."""
    entry = audit_entry(action, obj, actor=actor, **data)
    with transaction.atomic(savepoint=False):
        entry.save()
        if entry._texts:
            AuditText.objects.create(entry=entry, texts=entry._texts)
    return entry


def record_actions(entries: list[AuditEntry]) -> None:
    """Record many actions at once (a batch writes one entry per object it changed)."""
    with transaction.atomic(savepoint=False):
        AuditEntry.objects.bulk_create(entries, batch_size=500)
        with_texts = [e for e in entries if getattr(e, "_texts", None)]
        if not with_texts:
            return
        if any(e.pk is None for e in with_texts):  # a database that returns no ids
            ids = dict(
                AuditEntry.objects.filter(seq__in=[e.seq for e in with_texts]).values_list("seq", "pk")
            )
            for e in with_texts:
                e.pk = ids[e.seq]
        AuditText.objects.bulk_create([AuditText(entry_id=e.pk, texts=e._texts) for e in with_texts])


def entries_for(obj: models.Model):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related(
        "actor", "text"
    )
