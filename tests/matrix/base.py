"""The permission matrix: every URL and API endpoint, every role.

Each app declares, in tests/matrix/<app>.py, `EXPECTATIONS = {url_name: Expect(...)}` and
optionally `build(world)` to create the objects its URLs need (stored in world.objects).
tests/test_permission_matrix.py fails for any URL that has no expectation."""

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
    query: str = ""
    extra: dict = field(default_factory=dict)
