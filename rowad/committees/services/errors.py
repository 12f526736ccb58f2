from rowad.core.errors import ConflictError, DomainError


class CommitteeError(DomainError):
    pass


class CommitteeConflict(CommitteeError, ConflictError):
    status_code = 409
