"""Role predicates shared by every app's rules.py.

`has_role` answers "may this user use this page or menu at all" (no object). An ACTION on an
object uses `acts_on`: checked with the object (`user.has_perm(perm, obj)`), it holds only
when one membership both holds an allowed role and reaches the object — the role and the
scope are never taken from two different memberships."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules

from .enums import STAFF_ROLES, Role
from .scope import scope_for


def has_role(*roles: str) -> rules.Predicate:
    """A predicate true when the user holds one of `roles` (platform admins hold all)."""

    def check(user) -> bool:
        return scope_for(user).has_role(*roles)

    return rules.Predicate(check, name="has_role:" + ",".join(roles))


is_platform_admin = rules.Predicate(lambda user: scope_for(user).is_platform_admin, name="is_platform_admin")
is_staff_member = has_role(*STAFF_ROLES)
is_project_holder = has_role(Role.PROJECT_HOLDER)


def object_reach(user: Any, obj: Any, roles: tuple[str, ...]) -> bool:
    """The default reach: a membership holding one of `roles` has the object's province
    among its provinces, or is held in the object's organization."""
    return scope_for(user).reaches(
        *roles,
        province_id=getattr(obj, "province_id", None),
        organization_id=getattr(obj, "organization_id", None),
    )


def acts_on(
    *roles: str, reach: Callable[[Any, Any, tuple[str, ...]], bool] = object_reach
) -> rules.Predicate:
    """Without an object: the user holds one of `roles` somewhere (page access, menus).
    With an object: `reach(user, obj, roles)` — one membership holding one of `roles`
    reaches that object (platform admins reach everything)."""

    def check(user, obj=None) -> bool:
        scope = scope_for(user)
        if obj is None or scope.is_platform_admin:
            return scope.has_role(*roles)
        return scope.has_role(*roles) and bool(reach(user, obj, roles))

    return rules.Predicate(check, name="acts_on:" + ",".join(roles))
