"""Values typed in a form or sent in an API body, checked the same way by every app's
services (the app passes its own DomainError subclass, so the error keeps its type)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError

INVALID = "invalid"
FUTURE_DATE = "future_date"


def parse_date(
    value: Any, field: str, label: str, *, past_only: bool = True, error: type[DomainError] = DomainError
) -> datetime.date:
    """A date (a date, a datetime or ISO text); never in the future when `past_only`
    (what happened cannot have happened tomorrow). Raises `error` with the code `invalid`
    or `future_date` and a message naming the field's `label`."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime.date):
        raise error(_("%(label)s: enter a date.") % {"label": label}, code=INVALID, field=field)
    if past_only and value > timezone.localdate():
        raise error(
            _("%(label)s: the date cannot be in the future.") % {"label": label},
            code=FUTURE_DATE,
            field=field,
        )
    return value
