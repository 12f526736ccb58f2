from tests.matrix.base import ALL_ROLES, Expect

EXPECTATIONS = {
    "portal:home": Expect(allowed=ALL_ROLES),
}
