"""The market app's domain errors (codes in enums.ErrorCode)."""

from rowad.core.errors import ConflictError, DomainError


class MarketError(DomainError):
    pass


class MarketConflict(MarketError, ConflictError):
    """Someone saved in between (stale edit, two awards of one order at once): 409."""
