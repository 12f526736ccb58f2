"""The two things every service that edits a record does the same way: name who did it,
and refuse an edit made on an outdated page.

- `acting_user(actor)`: the user a history row, an audit entry or a `decided_by` names
  (None for the system, a task, or an anonymous actor).
- `check_version(current, expected, message)`: the editor's form carried the version it
  loaded (`version`, or `updated_at` for models without a counter); if the locked row is
  at another version, someone saved in between and the edit is refused with a
  `ConflictError` (409) coded `STALE_EDIT`, nothing written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .errors import ConflictError

STALE_EDIT = "stale_edit"


def acting_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def version_token(current: int | datetime) -> str:
    """What a form carries to stand for the version it loaded."""
    return current.isoformat() if isinstance(current, datetime) else str(current)


def check_version(
    current: int | datetime,
    expected: int | str | None,
    message: Any,
    *,
    error: type[ConflictError] = ConflictError,
) -> None:
    """`expected` None or empty: the caller did not ask for the check (an API client that
    sends no version). `error` is the app's own ConflictError subclass."""
    if expected in (None, ""):
        return
    if isinstance(current, int) and not isinstance(current, bool):
        try:
            same = int(expected) == current
        except (TypeError, ValueError):
            same = False
    else:
        same = str(expected) == version_token(current)
    if not same:
        raise error(message, code=STALE_EDIT)
