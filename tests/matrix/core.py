from tests.matrix.base import ALL_ROLES, Expect

EXPECTATIONS = {
    "shell:home": Expect(allowed=ALL_ROLES, ok_status=frozenset({200, 302})),
    "accounts:login": Expect(allowed=ALL_ROLES, public=True),
    "accounts:logout": Expect(allowed=ALL_ROLES, public=True, method="post", ok_status=frozenset({302})),
    "api-schema": Expect(allowed=ALL_ROLES),
    "api-docs": Expect(allowed=ALL_ROLES),
    "api-root": Expect(allowed=ALL_ROLES),
}
