"""The enterprises app's domain errors (codes in enums.ErrorCode)."""

from rowad.core.errors import ConflictError, DomainError


class EnterpriseError(DomainError):
    pass


class EnterpriseConflict(EnterpriseError, ConflictError):
    """Someone saved in between (stale edit, a form submitted twice at once): 409."""
