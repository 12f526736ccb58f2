"""Permission matrix: signed credentials (the issuer's public key is public)."""

from tests.matrix.base import ALL_ROLES, Expect

EXPECTATIONS = {
    "training:issuer_key": Expect(allowed=ALL_ROLES, public=True),
}
