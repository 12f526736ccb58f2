"""Reads of messages. Callers scope the object the messages are about (a dossier the
user may see); this app does not know those objects."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from .models import Message


def topic_of(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def messages_about(obj: models.Model) -> QuerySet[Message]:
    return Message.objects.filter(topic=topic_of(obj)).select_related("person").prefetch_related("attempts")
