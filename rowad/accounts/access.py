"""Who manages which staff accounts. A platform administrator manages every account; an
organization administrator manages the staff of the organizations where they hold that
role — each check takes the role and the organization from the same membership
(`scope_for(user).reaches(Role.ORG_ADMIN, organization_id=...)`)."""

from __future__ import annotations

from typing import Any

from .enums import STAFF_ROLES, Role
from .scope import scope_for

ALL = None  # every organization (platform administrators)


def can_manage_staff(user: Any) -> bool:
    """The user administers the staff of at least one organization (or of all)."""
    scope = scope_for(user)
    return scope.is_platform_admin or bool(scope.grants_for(Role.ORG_ADMIN))


def managed_organization_ids(user: Any) -> frozenset[int] | None:
    """Organizations whose staff the user manages; ALL (None) for platform administrators."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return ALL
    return frozenset(g.organization_id for g in scope.grants_for(Role.ORG_ADMIN))


def manages_organization(user: Any, organization_id: int) -> bool:
    return scope_for(user).reaches(Role.ORG_ADMIN, organization_id=organization_id)


def grantable_roles(user: Any) -> list[str]:
    """Roles the user may give: never platform administrator unless they are one; never
    project holder (holders get their account from the portal)."""
    scope = scope_for(user)
    if not can_manage_staff(user):
        return []
    return [
        role
        for role in Role.values
        if role in STAFF_ROLES and (scope.is_platform_admin or role != Role.PLATFORM_ADMIN)
    ]


def allowed_province_ids(user: Any, organization: Any) -> frozenset[int]:
    """Provinces a membership of `organization` may be given by `user`: those the
    organization serves, and for an organization administrator only those their own
    membership of that organization reaches."""
    served = frozenset(organization.provinces.values_list("pk", flat=True))
    scope = scope_for(user)
    if scope.is_platform_admin:
        return served
    own: set[int] = set()
    for grant in scope.grants_for(Role.ORG_ADMIN):
        if grant.organization_id == organization.pk:
            own |= grant.province_ids
    return served & frozenset(own)


def may_manage_account(user: Any, target: Any) -> bool:
    """Account-wide actions (deactivate, reactivate, send a password link): a platform
    administrator, or an organization administrator of EVERY organization where the
    target holds an active staff role (never a platform administrator's account, never
    their own)."""
    scope = scope_for(user)
    if target.pk == getattr(user, "pk", None):
        return False
    if scope.is_platform_admin:
        return True
    if target.is_superuser:
        return False
    memberships = [m for m in target.memberships.all() if m.role in STAFF_ROLES]
    if not memberships or any(m.role == Role.PLATFORM_ADMIN for m in memberships):
        return False
    current = [m for m in memberships if m.is_active] or memberships
    return all(manages_organization(user, m.organization_id) for m in current)
