"""Scoped reads of staff accounts (for the staff pages)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from . import access
from .enums import STAFF_ROLES
from .models import ApiToken, Membership, User

# The organization model, through the membership's own relation (accounts sits below
# partners: it never imports it).
Organization = Membership._meta.get_field("organization").related_model


def staff_visible_to(user: Any) -> QuerySet[User]:
    """Staff accounts the user manages: those holding (or having held) a staff role in one
    of the organizations they administer; every account but project holders' for a
    platform administrator."""
    if not access.can_manage_staff(user):
        return User.objects.none()
    org_ids = access.managed_organization_ids(user)
    staff_memberships = Membership.objects.filter(role__in=STAFF_ROLES)
    if org_ids is access.ALL:
        condition = (
            Q(is_superuser=True) | Q(pk__in=staff_memberships.values("user_id")) | Q(memberships__isnull=True)
        )
    else:
        condition = Q(pk__in=staff_memberships.filter(organization_id__in=org_ids).values("user_id"))
    memberships = Membership.objects.select_related("organization").prefetch_related("provinces")
    return (
        User.objects.filter(condition)
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=memberships.order_by("-is_active", "pk")))
    )


def filter_staff(
    queryset: QuerySet[User], *, q: str = "", organization: Any = None, status: str = "", **_: Any
) -> QuerySet[User]:
    if q:
        for word in q.split()[:5]:
            queryset = queryset.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
    if organization is not None:
        queryset = queryset.filter(
            pk__in=Membership.objects.filter(organization=organization).values("user_id")
        )
    if status == "active":
        queryset = queryset.filter(is_active=True)
    elif status == "inactive":
        queryset = queryset.filter(is_active=False)
    return queryset


def memberships_manageable_by(user: Any) -> QuerySet[Membership]:
    """Staff memberships the user may change or end."""
    if not access.can_manage_staff(user):
        return Membership.objects.none()
    queryset = Membership.objects.filter(role__in=STAFF_ROLES).select_related("user", "organization")
    org_ids = access.managed_organization_ids(user)
    if org_ids is not access.ALL:
        queryset = queryset.filter(organization_id__in=org_ids)
    return queryset


def organizations_managed_by(user: Any) -> QuerySet:
    org_ids = access.managed_organization_ids(user)
    queryset = Organization.objects.filter(is_active=True)
    if org_ids is not access.ALL:
        queryset = queryset.filter(pk__in=org_ids)
    return queryset.order_by("name_fr", "pk")


def account_audit_entries(user: User, *, limit: int = 50):
    """The audit trail of an account: actions on the user and on its memberships."""
    from rowad.core.models import AuditEntry

    membership_ids = [str(pk) for pk in Membership.objects.filter(user=user).values_list("pk", flat=True)]
    return (
        AuditEntry.objects.filter(
            Q(object_type="accounts.user", object_id=str(user.pk))
            | Q(object_type="accounts.membership", object_id__in=membership_ids)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The user's own API tokens that still work (an expired one is as good as gone)."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))
