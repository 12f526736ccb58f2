"""Scoped reads of import batches."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for

from .models import ImportBatch, ImportSource

IMPORTERS = (Role.AGENCY_OFFICER, Role.FIELD_AGENT)


def batches_visible_to(user: Any) -> QuerySet[ImportBatch]:
    """Batches of the user's organizations or provinces (as an importer), or their own."""
    scope = scope_for(user)
    base = ImportBatch.objects.select_related("source", "province", "created_by")
    if scope.is_platform_admin:
        return base
    organizations = scope.organization_ids_for(*IMPORTERS) or frozenset()
    provinces = scope.province_ids(*IMPORTERS) or frozenset()
    if not (organizations or provinces):
        return base.none()
    condition = Q(created_by_id=scope.user_id)
    if organizations:
        condition |= Q(organization_id__in=organizations)
    if provinces:
        condition |= Q(province_id__in=provinces)
    return base.filter(condition)


def sources_visible_to(user: Any) -> QuerySet[ImportSource]:
    scope = scope_for(user)
    if scope.is_platform_admin:
        return ImportSource.objects.all()
    organizations = scope.organization_ids_for(*IMPORTERS) or frozenset()
    return ImportSource.objects.filter(organization_id__in=organizations)


def allowed_province_ids(user: Any) -> frozenset[int] | None:
    """Provinces the user may import people into (None: any)."""
    if user is None:
        return None
    return scope_for(user).province_ids(*IMPORTERS)


def default_organization(user: Any):
    from rowad.partners.models import Organization

    ids = scope_for(user).organization_ids_for(*IMPORTERS)
    qs = Organization.objects.all() if ids is None else Organization.objects.filter(pk__in=ids)
    return qs.order_by("pk").first()
