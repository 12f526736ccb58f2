"""The figures pages (dashboard, one indicator, the records behind a number, compare):
directors, agency officers and organization administrators, each for their provinces."""

from rowad.accounts.enums import Role
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.DIRECTOR, R.AGENCY_OFFICER, R.ORG_ADMIN})


# figures:indicator and figures:records take an indicator code, not an object in a
# scope: the matrix's object checks (an outsider or a second membership is refused) do not
# fit them, as every reader reads their own provinces' figures there. Their scoping is
# tested in tests/figures; the matrix needs a "not an object" kind of URL for them.
EXPECTATIONS = {
    "figures:dashboard": Expect(allowed=READERS),
    "figures:compare": Expect(allowed=READERS),
}
