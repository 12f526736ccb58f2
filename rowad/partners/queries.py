"""Scoped reads of organizations, agreements and programmes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from rowad.accounts.scope import scope_for

from .models import Agreement, Organization, Programme


def _partner_org_ids(user: Any) -> frozenset[int] | None:
    """The user's organizations (with their branches and parents)."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    own = set(scope.organization_ids)
    if not own:
        return frozenset()
    related = Organization.objects.filter(Q(parent_id__in=own) | Q(branches__in=own)).values_list(
        "pk", flat=True
    )
    return frozenset(own | set(related))


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """Agreements one of the user's organizations is party to."""
    orgs = _partner_org_ids(user)
    qs = Agreement.objects.all()
    if orgs is None:
        return qs
    return qs.filter(parties__organization_id__in=orgs).distinct()


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    """The user's organizations, their branches, and their agreement counterparties."""
    orgs = _partner_org_ids(user)
    qs = Organization.objects.all()
    if orgs is None:
        return qs
    counterparties = Organization.objects.filter(
        agreement_parties__agreement__parties__organization_id__in=orgs
    ).values("pk")
    return qs.filter(Q(pk__in=orgs) | Q(pk__in=counterparties)).distinct()


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    """Programmes the user's organizations operate, sponsor, or are covered by one of
    their agreements."""
    orgs = _partner_org_ids(user)
    qs = Programme.objects.select_related("operator")
    if orgs is None:
        return qs
    return qs.filter(
        Q(operator_id__in=orgs) | Q(sponsors__in=orgs) | Q(agreements__parties__organization_id__in=orgs)
    ).distinct()
