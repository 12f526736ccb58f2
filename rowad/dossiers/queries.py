"""Scoped reads of dossiers. Views, the API and other apps read through these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for

from .enums import DossierState
from .models import Dossier, DossierHolder, FinancingLine

# Staff who read the dossiers of their organizations and provinces.
DOSSIER_READERS = (Role.AGENCY_OFFICER, Role.DIRECTOR, Role.FIELD_AGENT, Role.MENTOR)
# A committee member reads the dossiers of their provinces once they reach the committee.
COMMITTEE_STATES = (
    DossierState.READY_FOR_COMMITTEE,
    DossierState.APPROVED,
    DossierState.REJECTED,
    DossierState.DEFERRED,
    DossierState.TO_FINANCING,
    DossierState.FINANCED,
    DossierState.COMPANY_CREATED,
)


def dossiers_visible_to(
    user: Any,
    *,
    roles: Iterable[str] | None = None,
    state: str | Iterable[str] | None = None,
    programme: Any = None,
    province: Any = None,
    q: str = "",
) -> QuerySet[Dossier]:
    """Dossiers `user` may read, optionally filtered. Staff: their organizations' and
    provinces' dossiers (sponsors: the programmes they sponsor, in their provinces; funders:
    the dossiers they finance; committee members: dossiers of their provinces on the agenda
    of their sessions or given to them to score). A project holder: only the dossiers they
    hold. Each condition comes from one membership. With `roles`, only the memberships
    holding one of those roles count: the dossiers the user may act on in those roles."""
    scope = scope_for(user)
    base = Dossier.objects.select_related("programme", "province", "organization", "specialty")
    if not scope.is_platform_admin:
        condition = _reach_condition(user, scope, None if roles is None else frozenset(roles))
        # The sponsor join can repeat rows; filter through ids to keep one row each.
        base = base.filter(pk__in=Dossier.objects.filter(condition).values("pk"))
    return filter_dossiers(base, state=state, programme=programme, province=province, q=q)


def _reach_condition(user: Any, scope: Any, roles: frozenset[str] | None) -> Q:
    def wanted(*candidates: str) -> tuple[str, ...]:
        return tuple(r for r in candidates if roles is None or r in roles)

    condition = Q(pk__in=[])
    readers = wanted(*DOSSIER_READERS)
    if readers and scope.grants_for(*readers):
        condition |= scope.reach_q(*readers, province="province_id", organization="organization_id")
    sponsor_grants = scope.grants_for(Role.SPONSOR_OFFICER) if wanted(Role.SPONSOR_OFFICER) else ()
    for grant in sponsor_grants:
        # The programme is sponsored by this membership's organization AND the dossier
        # lies in this same membership's provinces.
        condition |= Q(programme__sponsors=grant.organization_id, province_id__in=sorted(grant.province_ids))
    if wanted(Role.FUNDER_OFFICER):
        funders = sorted({g.organization_id for g in scope.grants_for(Role.FUNDER_OFFICER)})
        if funders:
            condition |= Exists(FinancingLine.objects.filter(dossier=OuterRef("pk"), funder_id__in=funders))
    if wanted(Role.COMMITTEE_MEMBER) and scope.grants_for(Role.COMMITTEE_MEMBER):
        condition |= (
            scope.reach_q(Role.COMMITTEE_MEMBER, province="province_id")
            & Q(state__in=COMMITTEE_STATES)
            & _on_members_desk(user)
        )
    if scope.person_id and (roles is None or Role.PROJECT_HOLDER in roles):
        condition |= Exists(DossierHolder.objects.filter(dossier=OuterRef("pk"), person_id=scope.person_id))
    return condition


def may_act_on(user: Any, dossier: Dossier, roles: Iterable[str]) -> bool:
    """One membership of `user` holding one of `roles` reaches `dossier`."""
    return dossiers_visible_to(user, roles=roles).filter(pk=dossier.pk).exists()


# The committees app, built on top of this one, hands over how to find the dossiers on a
# committee member's desk (CommitteesConfig.ready): this app never imports it.
_desk_providers: list[Callable[[Any], Q]] = []


def provide_members_desk(condition: Callable[[Any], Q]) -> None:
    """Register a filter for the dossiers on a committee member's desk (the agenda of a
    session they sit on, or a dossier they were asked to score)."""
    if condition not in _desk_providers:
        _desk_providers.append(condition)


def _on_members_desk(user: Any) -> Q:
    """A committee member reads only the dossiers on their desk; nothing when no app
    says what the desk is."""
    condition = Q(pk__in=[])
    for provider in _desk_providers:
        condition |= provider(user)
    return condition


def filter_dossiers(
    queryset: QuerySet[Dossier],
    *,
    state: str | Iterable[str] | None = None,
    programme: Any = None,
    province: Any = None,
    q: str = "",
) -> QuerySet[Dossier]:
    if state:
        queryset = (
            queryset.filter(state=state) if isinstance(state, str) else queryset.filter(state__in=state)
        )
    if programme:
        queryset = queryset.filter(programme=programme)
    if province:
        queryset = queryset.filter(province=province)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(Q(reference__icontains=q) | Q(title__icontains=q))
    return queryset


def dossier_for(user: Any, pk: int) -> Dossier:
    """One dossier in the user's scope (Dossier.DoesNotExist outside it)."""
    return dossiers_visible_to(user).get(pk=pk)


def is_holder(user: Any, dossier: Dossier) -> bool:
    person_id = scope_for(user).person_id
    return bool(person_id) and DossierHolder.objects.filter(dossier=dossier, person_id=person_id).exists()


def person_ids_with_dossiers(person_ids: Iterable[int]) -> set[int]:
    """Which of these people hold at least one dossier (unscoped: ids in, ids out; used
    by the outreach figures)."""
    ids = list(person_ids)
    if not ids:
        return set()
    return set(DossierHolder.objects.filter(person_id__in=ids).values_list("person_id", flat=True).distinct())


def dossiers_of_person(person: Any) -> QuerySet[Dossier]:
    """A person's dossiers (callers scope the person first)."""
    return Dossier.objects.filter(holder_links__person=person).select_related("programme")
