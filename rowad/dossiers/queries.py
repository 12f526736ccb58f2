"""Scoped reads of dossiers. Views, the API and other apps read through these."""

from __future__ import annotations

from collections.abc import Iterable
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
    DossierState.COMPANY_CREATED,
)


def dossiers_visible_to(
    user: Any,
    *,
    state: str | Iterable[str] | None = None,
    programme: Any = None,
    province: Any = None,
    q: str = "",
) -> QuerySet[Dossier]:
    """Dossiers `user` may read, optionally filtered. Staff: their organizations' and
        provinces' dossiers (sponsors: the programmes they sponsor; funders: the dossiers
        they finance; committee members: dossiers on the agenda of their sessions or given to
    them to score). A project
        holder: only the dossiers they hold."""
    scope = scope_for(user)
    base = Dossier.objects.select_related("programme", "province", "organization", "specialty")
    if not scope.is_platform_admin:
        condition = Q(pk__in=[])
        provinces = scope.province_ids(*DOSSIER_READERS) or frozenset()
        organizations = scope.organization_ids_for(*DOSSIER_READERS) or frozenset()
        if provinces:
            condition |= Q(province_id__in=provinces)
        if organizations:
            condition |= Q(organization_id__in=organizations)
        sponsors = scope.organization_ids_for(Role.SPONSOR_OFFICER) or frozenset()
        if sponsors:
            sponsor_provinces = scope.province_ids(Role.SPONSOR_OFFICER) or frozenset()
            condition |= Q(programme__sponsors__in=sponsors, province_id__in=sponsor_provinces)
        funders = scope.organization_ids_for(Role.FUNDER_OFFICER) or frozenset()
        if funders:
            condition |= Exists(FinancingLine.objects.filter(dossier=OuterRef("pk"), funder_id__in=funders))
        committee = scope.province_ids(Role.COMMITTEE_MEMBER) or frozenset()
        if committee:
            condition |= Q(province_id__in=committee, state__in=COMMITTEE_STATES) & _on_members_desk(user)
        if scope.person_id:
            condition |= Exists(
                DossierHolder.objects.filter(dossier=OuterRef("pk"), person_id=scope.person_id)
            )
        # The sponsor join can repeat rows; filter through ids to keep one row each.
        base = base.filter(pk__in=Dossier.objects.filter(condition).values("pk"))
    return filter_dossiers(base, state=state, programme=programme, province=province, q=q)


def _on_members_desk(user: Any) -> Q:
    """A committee member reads only the dossiers on the agenda of a session they sit on,
    or that they were asked to score. (The committees app owns those tables; it is looked
    up by name because it is built on top of this one.)"""
    from django.apps import apps

    agenda_item = apps.get_model("committees", "AgendaItem")
    evaluation = apps.get_model("committees", "Evaluation")
    return Exists(agenda_item.objects.filter(dossier=OuterRef("pk"), session__seats__user=user)) | Exists(
        evaluation.objects.filter(dossier=OuterRef("pk"), evaluator=user)
    )


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
