"""The financing app's domain errors (codes in enums.ErrorCode)."""

from rowad.core.errors import ConflictError, DomainError


class FinancingError(DomainError):
    pass


class FinancingConflict(FinancingError, ConflictError):
    """Someone saved in between (stale edit, a payment recorded twice at once): 409."""
