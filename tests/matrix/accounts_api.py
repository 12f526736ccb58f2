"""API token endpoints (rowad.accounts.api): every user manages their own tokens only."""

from rowad.accounts.models import ApiToken
from tests.factories import UserFactory
from tests.matrix.base import ALL_ROLES, NOBODY, Expect


def build(world) -> None:
    owner = UserFactory(username="zztoken-owner")
    token, _secret = ApiToken.objects.create(user=owner)
    world.objects.update(accounts_api_token=token)


EXPECTATIONS = {
    # Anyone may ask (username and password in the body): an empty body is a 400.
    "api-token": Expect(allowed=ALL_ROLES, public=True, method="post", ok_status=frozenset({400})),
    "api-tokens": Expect(allowed=ALL_ROLES),
    # A session has no token to revoke: this endpoint is for token holders (401).
    "api-logout": Expect(allowed=ALL_ROLES, method="post", ok_status=frozenset({401})),
    "api-logout-all": Expect(allowed=ALL_ROLES, method="post", ok_status=frozenset({204})),
    # Another user's token is a 404 for everybody, the platform administrator included.
    "api-token-revoke": Expect(
        allowed=NOBODY,
        kwargs=lambda w: {"pk": w.objects["accounts_api_token"].pk},
        method="delete",
        ok_status=frozenset({404}),
    ),
}
