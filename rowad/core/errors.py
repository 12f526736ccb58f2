"""Domain errors: each app raises DomainError subclasses with a stable code; views turn
them into a translated message, the API into a 400/409 with the code.

A message that is stored to be read later (an import's failure, a rejected row's reason)
is kept untranslated with its values (`message_id`, `params`) and translated for each
reader by `translate_stored`: the officer who reads it may not use the language of the
one whose action produced it."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


def untranslated(message: Any) -> str:
    """A lazy message's message id (its English text); any other text as it is."""
    if isinstance(message, Promise):
        with translation.override(None):
            return str(message)
    return str(message)


def translate_stored(message: str, params: dict[str, Any] | None = None) -> str:
    """A stored message in the active language. Text stored already translated (before
    messages were kept untranslated) has no catalogue entry: gettext returns it as it is."""
    text = gettext(message) if message else ""
    if not params:
        return text
    try:
        return text % params
    except (KeyError, TypeError, ValueError):
        return text


class DomainError(Exception):
    """`message` may be lazy (gettext_lazy) with `params` to fill in: `.message` is then the
    text in the active language, `.message_id` and `.params` what to store."""

    status_code = 400

    def __init__(
        self,
        message: Any,
        *,
        code: str,
        field: str | None = None,
        status_code: int | None = None,
        params: dict[str, Any] | None = None,
    ):
        self.params = dict(params or {})
        self.message_id = untranslated(message)
        text = str(message)
        self.message = text % self.params if self.params else text
        super().__init__(self.message)
        self.code = code
        self.field = field
        if status_code is not None:
            self.status_code = status_code


class ConflictError(DomainError):
    """A stale edit or a transition from an outdated page."""

    status_code = 409
