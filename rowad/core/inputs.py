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


# --- Query parameters -------------------------------------------------------------------
# Every id or number read from a query string (a page's filters, an API list's parameters)
# goes through `parse_id` / `parse_int`: ASCII digits only (`"²".isdigit()` is true and
# `int("²")` fails), within a 64-bit database integer, so a crafted value is a clear
# refusal, never a server error nor a list silently filtered on something else.
MAX_DB_INTEGER = 2**63 - 1
_MAX_DIGITS = len(str(MAX_DB_INTEGER))


def is_ascii_integer(value: Any, *, signed: bool = False) -> bool:
    """Text made only of ASCII digits (with a leading minus when `signed`) whose value fits
    a 64-bit database integer."""
    if not isinstance(value, str):
        return False
    digits = value[1:] if signed and value.startswith("-") else value
    return (
        0 < len(digits) <= _MAX_DIGITS
        and digits.isascii()
        and digits.isdigit()
        and int(digits) <= MAX_DB_INTEGER
    )


def parse_int(
    value: Any,
    field: str,
    label: str,
    *,
    minimum: int | None = None,
    maximum: int = MAX_DB_INTEGER,
    error: type[DomainError] = DomainError,
) -> int | None:
    """An integer typed or sent as text; None when empty. Raises `error` (code `invalid`)
    for anything but ASCII digits, or a number outside [minimum, maximum]."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        if text == "":
            return None
        if not is_ascii_integer(text, signed=minimum is None or minimum < 0):
            raise error(_("%(label)s: enter a whole number.") % {"label": label}, code=INVALID, field=field)
        number = int(text)
    if (minimum is not None and number < minimum) or number > maximum:
        raise error(_("%(label)s: the number is out of range.") % {"label": label}, code=INVALID, field=field)
    return number


def parse_id(value: Any, field: str, label: str, *, error: type[DomainError] = DomainError) -> int | None:
    """A record's id (a positive 64-bit integer) or None when empty."""
    return parse_int(value, field, label, minimum=1, error=error)


def parse_choice(
    value: Any, field: str, label: str, choices: Any, *, error: type[DomainError] = DomainError
) -> str | None:
    """One of `choices` (values, or a TextChoices class) or None when empty."""
    if value in (None, ""):
        return None
    allowed = choices.values if hasattr(choices, "values") and not callable(choices.values) else list(choices)
    text = str(value).strip()
    if text not in {str(c) for c in allowed}:
        raise error(
            _("%(label)s: choose one of the values offered.") % {"label": label}, code=INVALID, field=field
        )
    return text
