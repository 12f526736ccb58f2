"""What the enterprises services share: the error helpers, dates that may not lie in the
future, the lock on an enterprise and its version check, and the scope checks (one
membership: the role that allows the write and the scope that reaches the object)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.concurrency import acting_user, check_version
from rowad.core.inputs import parse_date
from rowad.dossiers.models import Dossier

from ..enums import EnterpriseStatus, ErrorCode
from ..errors import EnterpriseConflict, EnterpriseError
from ..models import Enterprise
from ..queries import dossiers_accompanied_by, enterprises_accompanied_by, enterprises_managed_by


def _error(
    message: str, code: str, field: str | None = None, status_code: int | None = None
) -> EnterpriseError:
    return EnterpriseError(message, code=code, field=field, status_code=status_code)


def _not_allowed(message: str | None = None) -> EnterpriseError:
    return _error(
        message or _("You may not do this for this enterprise."), ErrorCode.NOT_ALLOWED, status_code=403
    )


def today() -> datetime.date:
    return timezone.localdate()


def _date(value: Any, field: str, label: str, *, past_only: bool = True) -> datetime.date:
    return parse_date(value, field, label, past_only=past_only, error=EnterpriseError)


def _lock(enterprise: Enterprise) -> Enterprise:
    return (
        Enterprise.objects.select_for_update(of=("self",))
        .select_related("dossier", "programme", "province")
        .get(pk=enterprise.pk)
    )


def _check_version(locked: Enterprise, expected_version: int | str | None) -> None:
    check_version(
        locked.version,
        expected_version,
        _(
            "Someone else changed this enterprise while you were looking at it. Review their changes and try again."
        ),
        error=EnterpriseConflict,
    )


def _save(locked: Enterprise, actor: Any, fields: list[str] | None = None) -> None:
    locked.version += 1
    locked._history_user = acting_user(actor)
    locked.save(update_fields=[*fields, "version", "updated_at"] if fields else None)


def _check_open(enterprise: Enterprise) -> None:
    if enterprise.status in (EnterpriseStatus.CLOSED, EnterpriseStatus.TRANSFERRED):
        raise _error(
            _("This enterprise is closed or transferred: reopen it before recording this."), ErrorCode.CLOSED
        )


def _require_manager(actor: Any, enterprise: Enterprise) -> None:
    """An agency officer whose membership reaches the enterprise's dossier."""
    if not enterprises_managed_by(actor).filter(pk=enterprise.pk).exists():
        raise _not_allowed()


def _require_accompanier(actor: Any, enterprise: Enterprise) -> None:
    """The enterprise's mentor (in their caseload) or an officer reaching it."""
    if not enterprises_accompanied_by(actor).filter(pk=enterprise.pk).exists():
        raise _not_allowed()


def _require_dossier_accompanier(actor: Any, dossier: Dossier) -> None:
    if not dossiers_accompanied_by(actor).filter(pk=dossier.pk).exists():
        raise _not_allowed(_("You may not record sessions for this dossier."))
