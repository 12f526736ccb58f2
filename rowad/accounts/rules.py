"""Role predicates shared by every app's rules.py."""

from __future__ import annotations

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
