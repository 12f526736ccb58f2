"""Scoped reads of organizations, agreements and programmes.

Reading: every staff role reads the partners of its own organizations (their branches and
parents), their agreement counterparties, and the organizations serving its provinces;
the agreements its organizations are party to; the programmes its organizations operate,
sponsor or are covered by through an agreement.

Writing (agency officers; platform admins write everything): organizations they hold the
agency-officer role in and their branches, and local partners serving only provinces in
their agency-officer scope; agreements one of those organizations is party to;
programmes one of those organizations operates.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from rowad.accounts.enums import STAFF_ROLES, Role
from rowad.accounts.scope import scope_for
from rowad.core.models import Province

from .models import Agreement, Organization, Programme

WRITER_ROLES = (Role.AGENCY_OFFICER,)


def _partner_org_ids(user: Any, *roles: str) -> frozenset[int] | None:
    """The user's organizations held with one of `roles` (every staff role if none), with
    their branches and parents."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    own = set(scope.organization_ids_for(*(roles or tuple(STAFF_ROLES))) or ())
    if not own:
        return frozenset()
    related = Organization.objects.filter(Q(parent_id__in=own) | Q(branches__in=own)).values_list(
        "pk", flat=True
    )
    return frozenset(own | set(related))


def _writer_org_ids(user: Any) -> frozenset[int] | None:
    """Organizations the user writes for: agency-officer memberships and their branches
    (not their parents: a provincial office does not edit the national agency)."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    own = set(scope.organization_ids_for(*WRITER_ROLES) or ())
    if not own:
        return frozenset()
    branches = Organization.objects.filter(parent_id__in=own).values_list("pk", flat=True)
    return frozenset(own | set(branches))


def _staff_province_ids(user: Any, *roles: str) -> frozenset[int] | None:
    return scope_for(user).province_ids(*(roles or tuple(STAFF_ROLES)))


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    """The user's organizations, their branches and parents, their agreement
    counterparties, and the organizations serving the user's provinces."""
    orgs = _partner_org_ids(user)
    qs = Organization.objects.all()
    if orgs is None:
        return qs
    provinces = _staff_province_ids(user) or frozenset()
    counterparties = Organization.objects.filter(
        agreement_parties__agreement__parties__organization_id__in=orgs
    ).values("pk")
    serving = Organization.objects.filter(provinces__in=provinces).values("pk")
    return qs.filter(Q(pk__in=orgs) | Q(pk__in=counterparties) | Q(pk__in=serving))


def organizations_editable_by(user: Any) -> QuerySet[Organization]:
    """Organizations the user may change (see the module docstring)."""
    orgs = _writer_org_ids(user)
    qs = Organization.objects.all()
    if orgs is None:
        return qs
    provinces = _staff_province_ids(user, *WRITER_ROLES) or frozenset()
    local = (
        Organization.objects.annotate(
            served=Count("provinces", distinct=True),
            outside=Count("provinces", filter=~Q(provinces__in=provinces), distinct=True),
        )
        .filter(served__gt=0, outside=0)
        .values("pk")
    )
    if not provinces:
        return qs.filter(pk__in=orgs)
    return qs.filter(Q(pk__in=orgs) | Q(pk__in=local))


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """Agreements one of the user's organizations is party to."""
    orgs = _partner_org_ids(user)
    qs = Agreement.objects.all()
    if orgs is None:
        return qs
    return qs.filter(pk__in=Agreement.objects.filter(parties__organization_id__in=orgs).values("pk"))


def agreements_editable_by(user: Any) -> QuerySet[Agreement]:
    orgs = _writer_org_ids(user)
    qs = Agreement.objects.all()
    if orgs is None:
        return qs
    return qs.filter(pk__in=Agreement.objects.filter(parties__organization_id__in=orgs).values("pk"))


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    """Programmes the user's organizations operate, sponsor, or are covered by one of
    their agreements."""
    orgs = _partner_org_ids(user)
    qs = Programme.objects.select_related("operator")
    if orgs is None:
        return qs
    matching = Programme.objects.filter(
        Q(operator_id__in=orgs) | Q(sponsors__in=orgs) | Q(agreements__parties__organization_id__in=orgs)
    ).values("pk")
    return qs.filter(pk__in=matching)


def programmes_editable_by(user: Any) -> QuerySet[Programme]:
    orgs = _writer_org_ids(user)
    qs = Programme.objects.select_related("operator")
    if orgs is None:
        return qs
    return qs.filter(operator_id__in=orgs)


def writer_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations the user acts for when writing (operator of a programme, party to an
    agreement)."""
    orgs = _writer_org_ids(user)
    return Organization.objects.all() if orgs is None else Organization.objects.filter(pk__in=orgs)


def writer_provinces(user: Any) -> QuerySet[Province]:
    """Provinces a new organization recorded by the user may serve."""
    ids = _staff_province_ids(user, *WRITER_ROLES)
    qs = Province.objects.select_related("country")
    return qs if ids is None else qs.filter(pk__in=ids)


def filter_organizations(
    queryset: QuerySet[Organization], *, q: str = "", kind: str = "", country: str = "", province=None
) -> QuerySet[Organization]:
    if kind:
        queryset = queryset.filter(kind=kind)
    if country:
        queryset = queryset.filter(country=country)
    if province:
        queryset = queryset.filter(pk__in=Organization.objects.filter(provinces=province).values("pk"))
    if q:
        q = q.strip()
        queryset = queryset.filter(
            Q(name_ar__icontains=q)
            | Q(name_fr__icontains=q)
            | Q(name_en__icontains=q)
            | Q(acronym__icontains=q)
        )
    return queryset


def filter_agreements(
    queryset: QuerySet[Agreement], *, q: str = "", kind: str = "", country: str = "", province=None
) -> QuerySet[Agreement]:
    """kind/country/province apply to the parties."""
    parties = Organization.objects.all()
    if kind:
        parties = parties.filter(kind=kind)
    if country:
        parties = parties.filter(country=country)
    if province:
        parties = parties.filter(provinces=province)
    if kind or country or province:
        queryset = queryset.filter(
            pk__in=Agreement.objects.filter(parties__organization__in=parties.values("pk")).values("pk")
        )
    if q:
        q = q.strip()
        queryset = queryset.filter(
            Q(title__icontains=q) | Q(reference__icontains=q) | Q(summary__icontains=q)
        )
    return queryset


def filter_programmes(
    queryset: QuerySet[Programme], *, q: str = "", kind: str = "", country: str = "", province=None
) -> QuerySet[Programme]:
    """kind/country apply to the operator; province to the eligible provinces (a
    programme with none is open everywhere in its country)."""
    if kind:
        queryset = queryset.filter(operator__kind=kind)
    if country:
        queryset = queryset.filter(operator__country=country)
    if province:
        open_everywhere = Programme.objects.filter(
            provinces__isnull=True, operator__country=province.country_id
        )
        queryset = queryset.filter(
            Q(pk__in=Programme.objects.filter(provinces=province).values("pk"))
            | Q(pk__in=open_everywhere.values("pk"))
        )
    if q:
        q = q.strip()
        queryset = queryset.filter(
            Q(name_ar__icontains=q) | Q(name_fr__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q)
        )
    return queryset
