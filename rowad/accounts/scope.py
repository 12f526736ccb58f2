"""The one scoping helper: what a user may see, computed once per request.

Every query helper (`<app>/queries.py`) starts from `scope_for(user)`; nothing else reads
memberships to decide visibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from .enums import STAFF_ROLES, Role

ALL = None  # sentinel: no restriction


@dataclass(frozen=True)
class Grant:
    """One active membership: a role held in one organization for some provinces. A
    permission is always one grant — the role that allows an action and the scope that
    reaches the object come from the same grant, never from two memberships mixed."""

    role: str
    organization_id: int
    # The membership's own provinces, else every province its organization serves.
    province_ids: frozenset[int]

    def reaches(self, *, province_id: int | None = None, organization_id: int | None = None) -> bool:
        """The object lies in one of this grant's provinces or belongs to its organization."""
        return (province_id is not None and province_id in self.province_ids) or (
            organization_id is not None and organization_id == self.organization_id
        )


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    is_platform_admin: bool = False
    roles: frozenset[str] = frozenset()
    organization_ids: frozenset[int] = frozenset()
    # role -> province ids where the user holds that role
    provinces_by_role: dict[str, frozenset[int]] = field(default_factory=dict)
    # role -> organization ids where the user holds that role
    organizations_by_role: dict[str, frozenset[int]] = field(default_factory=dict)
    person_id: int | None = None
    grants: tuple[Grant, ...] = ()

    def grants_for(self, *roles: str) -> tuple[Grant, ...]:
        """The memberships holding one of `roles` (all memberships if none given)."""
        return tuple(g for g in self.grants if not roles or g.role in roles)

    def reaches(
        self, *roles: str, province_id: int | None = None, organization_id: int | None = None
    ) -> bool:
        """One membership holding one of `roles` reaches an object of this province or
        organization (platform admins reach everything)."""
        if self.is_platform_admin:
            return True
        return any(
            g.reaches(province_id=province_id, organization_id=organization_id)
            for g in self.grants_for(*roles)
        )

    def reach_q(self, *roles: str, province: str | None = None, organization: str | None = None) -> Q:
        """A filter for the objects one membership holding one of `roles` reaches: their
        `province` field in that membership's provinces, or their `organization` field its
        organization. Q() (everything) for platform admins; nothing when no grant applies."""
        if self.is_platform_admin:
            return Q()
        condition = Q(pk__in=[])
        for grant in self.grants_for(*roles):
            if province:
                condition |= Q(**{f"{province}__in": sorted(grant.province_ids)})
            if organization:
                condition |= Q(**{organization: grant.organization_id})
        return condition

    def places(self, *roles: str, province_id: int | None, organization_id: int | None = None) -> bool:
        """A write may put an object in this province (and this organization, if given):
        one membership holding one of `roles` has the province among its own and, when an
        organization is given, is held in it. Platform admins place anywhere."""
        return (
            self.is_platform_admin
            or self.placing_grant(*roles, province_id=province_id, organization_id=organization_id)
            is not None
        )

    def placing_grant(
        self, *roles: str, province_id: int | None, organization_id: int | None = None
    ) -> Grant | None:
        """The first membership (see `places`) under which the object may be written."""
        for grant in self.grants_for(*roles):
            if province_id is not None and province_id not in grant.province_ids:
                continue
            if organization_id is not None and organization_id != grant.organization_id:
                continue
            return grant
        return None

    @property
    def is_staff_user(self) -> bool:
        return self.is_platform_admin or bool(self.roles & STAFF_ROLES)

    def has_role(self, *roles: str) -> bool:
        return self.is_platform_admin or bool(self.roles & set(roles))

    def province_ids(self, *roles: str) -> frozenset[int] | None:
        """Provinces where the user holds any of `roles` (all roles if none given);
        None means unrestricted (platform admin). This merges memberships: never AND it
        with another per-role aggregate (use `reaches` / `reach_q`, one grant each)."""
        if self.is_platform_admin:
            return ALL
        wanted = roles or tuple(self.provinces_by_role)
        ids: set[int] = set()
        for role in wanted:
            ids |= self.provinces_by_role.get(role, frozenset())
        return frozenset(ids)

    def organization_ids_for(self, *roles: str) -> frozenset[int] | None:
        """Organizations where the user holds any of `roles`; merges memberships like
        `province_ids` (never combine it with a province condition)."""
        if self.is_platform_admin:
            return ALL
        wanted = roles or tuple(self.organizations_by_role)
        ids: set[int] = set()
        for role in wanted:
            ids |= self.organizations_by_role.get(role, frozenset())
        return frozenset(ids)


ANONYMOUS = Scope(user_id=None)


def scope_for(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_rowad_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._rowad_scope = scope
    return scope


def _compute_scope(user: Any) -> Scope:
    from .models import Membership

    memberships = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .prefetch_related("provinces", "organization__provinces")
    )
    roles: set[str] = set()
    orgs: set[int] = set()
    provinces_by_role: dict[str, set[int]] = {}
    orgs_by_role: dict[str, set[int]] = {}
    grants: list[Grant] = []
    for membership in memberships:
        roles.add(membership.role)
        orgs.add(membership.organization_id)
        own = {p.pk for p in membership.provinces.all()} or {
            p.pk for p in membership.organization.provinces.all()
        }
        provinces_by_role.setdefault(membership.role, set()).update(own)
        orgs_by_role.setdefault(membership.role, set()).add(membership.organization_id)
        grants.append(Grant(membership.role, membership.organization_id, frozenset(own)))
    person = getattr(user, "person", None) if Role.PROJECT_HOLDER in roles or not roles else None
    return Scope(
        user_id=user.pk,
        is_platform_admin=user.is_superuser or Role.PLATFORM_ADMIN in roles,
        roles=frozenset(roles),
        organization_ids=frozenset(orgs),
        provinces_by_role={k: frozenset(v) for k, v in provinces_by_role.items()},
        organizations_by_role={k: frozenset(v) for k, v in orgs_by_role.items()},
        person_id=person.pk if person is not None else None,
        grants=tuple(grants),
    )
