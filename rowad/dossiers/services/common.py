"""Shared by the dossier services: errors, the row lock, the stale-edit check, saving
with history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rowad.core.concurrency import acting_user, check_version
from rowad.core.errors import ConflictError, DomainError

from ..models import (
    Dossier,
)

DOSSIER_FIELDS = (
    "title",
    "idea",
    "specialty",
    "sector",
    "legal_form",
    "province",
    "investment",
    "organization",
    "met_at_stop",
    "met_at_event",
    "source_idea",
)


class DossierError(DomainError):
    """A refused dossier operation; `code` is stable, the message translated."""


class DossierConflict(DossierError, ConflictError):
    status_code = 409


_user = acting_user


def _check_version(locked: Dossier, expected_version: int | str | None) -> None:
    check_version(
        locked.version,
        expected_version,
        _(
            "Someone else changed this dossier while you were looking at it. Review their changes and try again."
        ),
        error=DossierConflict,
    )


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("programme", "province").get(pk=dossier.pk)


def _save(locked: Dossier, actor: Any, reason: str = "") -> None:
    locked.version += 1
    locked._history_user = _user(actor)
    if reason:
        locked._change_reason = reason[:100]
    locked.save()
