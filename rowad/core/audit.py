"""Audit entries: every service writes one inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .concurrency import acting_user
from .models import AuditEntry


def record_action(action: str, obj: models.Model, *, actor: Any, **data: Any) -> AuditEntry:
    """Record a business action such as `people.person.created` on `obj` by `actor`."""
    return AuditEntry.objects.create(
        action=action,
        actor=acting_user(actor),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )


def entries_for(obj: models.Model):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related(
        "actor"
    )
