"""The second-factor pages are each user's own (any logged-in user; with the setting off,
as in the matrix, nobody is held). Resetting a colleague's second factor is an
organization administrator's account action, like deactivation."""

from tests.matrix.accounts import MANAGERS, MEMBER, MEMBER_OUT
from tests.matrix.base import ALL_ROLES, Expect

DONE = frozenset({302})

EXPECTATIONS = {
    "accounts:second_factor_manage": Expect(allowed=ALL_ROLES),
    "accounts:second_factor_setup": Expect(allowed=ALL_ROLES),
    # Nobody in the matrix has an app set up: the code page sends them to the set-up.
    "accounts:second_factor_verify": Expect(allowed=ALL_ROLES, ok_status=DONE),
    "accounts:second_factor_codes": Expect(allowed=ALL_ROLES, method="post", ok_status=DONE),
    "accounts:staff_second_factor_reset": Expect(
        allowed=MANAGERS, kwargs=MEMBER, out_of_scope_kwargs=MEMBER_OUT, method="post", ok_status=DONE
    ),
}
