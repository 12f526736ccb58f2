"""The permission matrix: every URL and API endpoint, every role.

Each app declares, in tests/matrix/<app>.py, `EXPECTATIONS = {url_name: Expect(...)}` and
optionally `build(world)` to create the objects its URLs need (stored in world.objects).
tests/test_permission_matrix.py fails for any URL that has no expectation.

An ACTION endpoint also gives `body(world)`, a POST body that WOULD succeed for a user
holding one of `body_roles` in Oran, and `state(world)`, what that POST changes: the matrix
posts that valid body as every user who must be refused (other roles, the Al Hoceima
officer, and Oran users who are also officers in Al Hoceima) and asserts the object
unchanged, then posts it as an Oran `body_roles` user and asserts it changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rowad.accounts.enums import STAFF_ROLES, Role

ALL_ROLES = frozenset(Role.values)
STAFF = frozenset(STAFF_ROLES)
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Expect:
    # Roles (in the Oran world) that are allowed; platform_admin is always allowed.
    allowed: frozenset[str]
    # URL kwargs for an object in the Oran users' scope.
    kwargs: Callable[[object], dict] | None = None
    # URL kwargs for an object outside every Oran user's scope (expects 403/404 for all
    # but the platform admin).
    out_of_scope_kwargs: Callable[[object], dict] | None = None
    # Text of an out-of-scope row that must not appear in a list response.
    hidden_text: Callable[[object], str] | None = None
    # Expected status for allowed roles on GET.
    ok_status: frozenset[int] = frozenset({200})
    # Anonymous visitors allowed (public pages)?
    public: bool = False
    # Skip the GET walk (e.g. POST-only endpoints); refusals are still checked with POST.
    method: str = "get"
    # The query string appended to the URL (a function of the world when it names objects).
    query: str | Callable[[object], str] = ""

    def query_for(self, world: object) -> str:
        return self.query(world) if callable(self.query) else self.query

    extra: dict = field(default_factory=dict)
    # A valid POST body for the `kwargs` object (see the module docstring).
    body: Callable[[object], dict] | None = None
    # What the body changes (compared before and after each POST).
    state: Callable[[object], object] | None = None
    # Oran roles for which the body succeeds (the others must leave `state` unchanged).
    body_roles: frozenset[str] = frozenset({Role.AGENCY_OFFICER})


def form_body(form, **changes) -> dict:
    """The POST data a browser would send for `form` as displayed (its initial values),
    with `changes` applied."""
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
