"""Scoped reads of import batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for

from .enums import BatchStatus
from .models import ImportBatch, ImportedRecord, ImportSource

IMPORTERS = (Role.AGENCY_OFFICER, Role.FIELD_AGENT)
# The batch list's "to review" filter and the officer's home queue.
TO_REVIEW = (BatchStatus.UPLOADED, BatchStatus.VALIDATED)
TO_REVIEW_FILTER = "to_review"


def batches_visible_to(user: Any, *, roles: Iterable[str] | None = None) -> QuerySet[ImportBatch]:
    """Batches of the organization or provinces of one of the user's importer memberships,
    or their own. With `roles`, only through the memberships holding one of them."""
    scope = scope_for(user)
    base = ImportBatch.objects.select_related("source", "province", "created_by")
    if scope.is_platform_admin:
        return base
    importers = tuple(r for r in IMPORTERS if roles is None or r in roles)
    if not importers or not scope.grants_for(*importers):
        return base.none()
    condition = Q(created_by_id=scope.user_id) | scope.reach_q(
        *importers, province="province_id", organization="organization_id"
    )
    return base.filter(condition)


def batches_to_review(batches: QuerySet[ImportBatch]) -> QuerySet[ImportBatch]:
    """Batches waiting for their importer: uploaded (columns to map) or checked (results
    to read before starting the import)."""
    return batches.filter(status__in=TO_REVIEW)


def sources_visible_to(user: Any) -> QuerySet[ImportSource]:
    scope = scope_for(user)
    if scope.is_platform_admin:
        return ImportSource.objects.all()
    return ImportSource.objects.filter(scope.reach_q(*IMPORTERS, organization="organization_id"))


def allowed_province_ids(user: Any, *, organization_id: int | None = None) -> frozenset[int] | None:
    """Provinces the user may import people into (None: any): those of their importer
    memberships — with `organization_id`, only the membership held in that organization
    (the batch's), so a file imported for one organization never reaches the provinces
    the user serves for another."""
    if user is None:
        return None
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    grants = [
        g
        for g in scope.grants_for(*IMPORTERS)
        if organization_id is None or g.organization_id == organization_id
    ]
    return frozenset().union(*(g.province_ids for g in grants))


def default_organization(user: Any, province: Any = None):
    """The organization of the importer membership that covers `province` (the first
    importer membership when no province is given)."""
    from rowad.partners.models import Organization

    scope = scope_for(user)
    grant = scope.placing_grant(*IMPORTERS, province_id=getattr(province, "pk", None))
    if grant is not None:
        return Organization.objects.filter(pk=grant.organization_id).first()
    return Organization.objects.order_by("pk").first() if scope.is_platform_admin else None


def imported_source_keys(person_ids: list[int]) -> Iterable[tuple[int, str, str]]:
    """(person id, source name, key) of the imported records of these people (handed to
    people.duplicates by ImportsConfig.ready for the duplicates export)."""
    # any_of: an export at national scale asks for hundreds of thousands of people, past
    # the number of parameters one query may carry.
    return ImportedRecord.objects.filter(person_id__any_of=person_ids).values_list(
        "person_id", "source__name", "key"
    )
