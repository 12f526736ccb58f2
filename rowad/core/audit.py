"""Audit entries: every service writes one inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .concurrency import acting_user
from .models import AuditEntry


def audit_entry(action: str, obj: models.Model, *, actor: Any, **data: Any) -> AuditEntry:
    """The (unsaved) entry of a business action, for `record_actions`."""
    return AuditEntry(
        action=action,
        actor=acting_user(actor),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )


def record_action(action: str, obj: models.Model, *, actor: Any, **data: Any) -> AuditEntry:
    """Record a business action such as `people.person.created` on `obj` by `actor`."""
    entry = audit_entry(action, obj, actor=actor, **data)
    entry.save()
    return entry


def record_actions(entries: list[AuditEntry]) -> None:
    """Record many actions at once (a batch writes one entry per object it changed)."""
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def entries_for(obj: models.Model):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related(
        "actor"
    )
