"""The figures pages (dashboard, one indicator, the records behind a number, compare):
directors, agency officers and organization administrators, each for their provinces."""

from rowad.accounts.enums import Role
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.DIRECTOR, R.AGENCY_OFFICER, R.ORG_ADMIN})


def _code(world) -> dict:
    return {"code": "registered"}


EXPECTATIONS = {
    "figures:dashboard": Expect(allowed=READERS),
    "figures:indicator": Expect(allowed=READERS, kwargs=_code),
    "figures:records": Expect(allowed=READERS, kwargs=_code),
    "figures:compare": Expect(allowed=READERS),
}
