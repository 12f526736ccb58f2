"""Issue 18 items 7 and 8: the holder's consents page, the processing register."""

from rowad.accounts.enums import Role
from tests.matrix.base import Expect

R = Role
HOLDERS = frozenset({R.PROJECT_HOLDER})
REGISTER_READERS = frozenset({R.DIRECTOR, R.ORG_ADMIN})

EXPECTATIONS = {
    # The platform admin has no person: redirected to the privacy page.
    "portal:consents": Expect(allowed=HOLDERS, ok_status=frozenset({200, 302})),
    "people:processing_register": Expect(allowed=REGISTER_READERS),
    "people:processing_register_pdf": Expect(allowed=REGISTER_READERS),
    "people:processing_register_xlsx": Expect(allowed=REGISTER_READERS),
}
