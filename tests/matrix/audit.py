"""The holder's list of who consulted their sensitive data (issue 18, item 11)."""

from rowad.accounts.enums import Role
from tests.matrix.base import Expect

# The platform admin has no person: an empty list.
EXPECTATIONS = {
    "portal:sensitive_reads": Expect(allowed=frozenset({Role.PROJECT_HOLDER})),
}
