"""Domain errors: each app raises DomainError subclasses with a stable code; views turn
them into a translated message, the API into a 400/409 with the code."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, code: str, field: str | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        if status_code is not None:
            self.status_code = status_code


class ConflictError(DomainError):
    """A stale edit or a transition from an outdated page."""

    status_code = 409
