from tests.matrix.base import ALL_ROLES, Expect

EXPECTATIONS = {
    "shell:home": Expect(allowed=ALL_ROLES, ok_status=frozenset({200, 302})),
    "accounts:login": Expect(allowed=ALL_ROLES, public=True),
    "accounts:logout": Expect(allowed=ALL_ROLES, public=True, method="post", ok_status=frozenset({302})),
    "api-schema": Expect(allowed=ALL_ROLES),
    "api-docs": Expect(allowed=ALL_ROLES),
    "api-root": Expect(allowed=ALL_ROLES),
    # The field app (docs/field-app.md): worker and manifest are public, the key is per session.
    "shell:service_worker": Expect(allowed=ALL_ROLES, public=True),
    "shell:manifest": Expect(allowed=ALL_ROLES, public=True),
    "shell:field_key": Expect(allowed=ALL_ROLES),
}
