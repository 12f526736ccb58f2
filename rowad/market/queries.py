"""Scoped reads of the market: orders, allocations, quotes, contracts and their parts.

Who reaches what, one membership at a time:
- a sponsor officer: the orders of their organization (or of its branches: a national
  operator reads its directorates' orders) and what hangs on them; the enterprises those
  orders were offered to or contracted with (`enterprises_contracted_by`) — never the
  registry;
- agency officers and directors: the orders, contracts and enterprises of the provinces of
  that membership;
- a project holder: the offers, quotes and contracts of the enterprises they own now.
Orders are written (posted, allocated, overridden) by `ORDER_MANAGERS`; milestones are
accepted and invoices paid by the sponsor's officers only (`SPONSORS`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.enterprises.models import Enterprise

from .enums import LIVE_OFFERS
from .models import (
    Allocation,
    Contract,
    EnterpriseMeans,
    ExecutionReport,
    Invoice,
    Milestone,
    Quote,
    WorkOrder,
)

SPONSORS = (Role.SPONSOR_OFFICER,)
AGENCY = (Role.AGENCY_OFFICER,)
# Who posts, allocates and overrides orders.
ORDER_MANAGERS = (*SPONSORS, *AGENCY)
# Who reads orders and contracts besides the managers.
READERS = (*ORDER_MANAGERS, Role.DIRECTOR)
# Which readers reach orders by province (the sponsor's reach is its organization).
PROVINCE_READERS = (Role.AGENCY_OFFICER, Role.DIRECTOR)


def order_condition(user: Any, roles: tuple[str, ...], prefix: str = "") -> Q | None:
    """Orders (under `prefix`) one membership holding one of `roles` reaches; None for a
    platform admin (no restriction), nothing when no role is given."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    condition = Q(pk__in=[])
    if not roles:
        return condition
    for grant in scope.grants_for(*roles):
        if grant.role in SPONSORS:
            condition |= Q(**{f"{prefix}sponsor_id": grant.organization_id})
            condition |= Q(**{f"{prefix}sponsor__parent_id": grant.organization_id})
        elif grant.role in PROVINCE_READERS:
            condition |= Q(**{f"{prefix}province_id__in": sorted(grant.province_ids)})
    return condition


def _orders(user: Any, roles: tuple[str, ...]) -> QuerySet[WorkOrder]:
    base = WorkOrder.objects.select_related("sponsor", "programme", "specialty", "province")
    condition = order_condition(user, roles)
    if condition is None:
        return base
    return base.filter(pk__in=WorkOrder.objects.filter(condition).values("pk"))


def orders_visible_to(user: Any, *, roles: tuple[str, ...] | None = None) -> QuerySet[WorkOrder]:
    return _orders(user, READERS if roles is None else roles)


def orders_managed_by(user: Any) -> QuerySet[WorkOrder]:
    """Orders `user` may post, edit, allocate and override."""
    return _orders(user, ORDER_MANAGERS)


def orders_reviewed_by(user: Any) -> QuerySet[WorkOrder]:
    """Orders whose milestones `user` accepts and whose invoices they pay (the sponsor)."""
    return _orders(user, SPONSORS)


def order_for(user: Any, pk: int, *, roles: tuple[str, ...] | None = None) -> WorkOrder:
    """One order in the user's scope (WorkOrder.DoesNotExist outside it)."""
    return orders_visible_to(user, roles=roles).get(pk=pk)


def _under_orders(queryset: QuerySet, orders: QuerySet[WorkOrder], field: str) -> QuerySet:
    return queryset.filter(**{f"{field}__in": orders.order_by().values("pk")})


# --- The enterprise's side -------------------------------------------------------------


def enterprises_of_holder(user: Any) -> QuerySet[Enterprise]:
    """The enterprises `user` owns now (an active member), whatever their role in it."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(members__person_id=person_id, members__left_on__isnull=True).distinct()


def enterprises_managed_as_holder(user: Any) -> QuerySet[Enterprise]:
    """The enterprises `user` manages (answers offers, submits quotes, declares means for)."""
    from rowad.enterprises.enums import MemberRole

    person_id = scope_for(user).person_id
    if person_id is None:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(
        members__person_id=person_id, members__left_on__isnull=True, members__role=MemberRole.MANAGER
    ).distinct()


# --- What hangs on an order --------------------------------------------------------------


def allocations_visible_to(user: Any) -> QuerySet[Allocation]:
    """Offers of the orders `user` reads, and a holder's own enterprises' offers."""
    base = Allocation.objects.select_related("order", "enterprise")
    staff = _under_orders(base, orders_visible_to(user), "order")
    own = base.filter(enterprise__in=enterprises_of_holder(user).values("pk"))
    return base.filter(pk__in=staff.order_by().values("pk").union(own.order_by().values("pk")))


def offers_for_holder(user: Any) -> QuerySet[Allocation]:
    """The offers made to the enterprises `user` owns, newest first."""
    return (
        Allocation.objects.filter(enterprise__in=enterprises_of_holder(user).values("pk"))
        .select_related("order", "order__specialty", "order__province", "enterprise")
        .order_by("-offered_at")
    )


def live_offer(order: WorkOrder) -> Allocation | None:
    return order.allocations.filter(status__in=LIVE_OFFERS).select_related("enterprise").first()


def quotes_are_sealed(order: WorkOrder, *, now: Any = None) -> bool:
    """Quotes stay sealed until the order's deadline has passed."""
    deadline = order.quote_deadline
    return deadline is not None and (now or timezone.now()) < deadline


def quotes_readable(user: Any, order: WorkOrder, *, now: Any = None) -> QuerySet[Quote]:
    """The order's quotes with their prices — none while sealed, whoever asks."""
    if quotes_are_sealed(order, now=now) or not orders_visible_to(user).filter(pk=order.pk).exists():
        return Quote.objects.none()
    return order.quotes.select_related("enterprise").order_by("amount", "submitted_at")


def quotes_of_holder(user: Any) -> QuerySet[Quote]:
    """A holder's own enterprises' quotes (they may read their own price)."""
    return Quote.objects.filter(enterprise__in=enterprises_of_holder(user).values("pk")).select_related(
        "order"
    )


def contracts_visible_to(user: Any) -> QuerySet[Contract]:
    """Contracts of the orders `user` reads, and a holder's own enterprises' contracts."""
    base = Contract.objects.select_related("order", "enterprise", "order__sponsor")
    staff = _under_orders(base, orders_visible_to(user), "order")
    own = base.filter(enterprise__in=enterprises_of_holder(user).values("pk"))
    return base.filter(pk__in=staff.order_by().values("pk").union(own.order_by().values("pk")))


def contracts_of_holder(user: Any) -> QuerySet[Contract]:
    return Contract.objects.filter(enterprise__in=enterprises_of_holder(user).values("pk")).select_related(
        "order", "enterprise"
    )


def contract_for(user: Any, pk: int) -> Contract:
    return contracts_visible_to(user).get(pk=pk)


def milestones_visible_to(user: Any) -> QuerySet[Milestone]:
    return Milestone.objects.filter(contract__in=contracts_visible_to(user).values("pk")).select_related(
        "contract"
    )


def reports_visible_to(user: Any) -> QuerySet[ExecutionReport]:
    return ExecutionReport.objects.filter(milestone__in=milestones_visible_to(user).values("pk"))


def invoices_visible_to(user: Any) -> QuerySet[Invoice]:
    return Invoice.objects.filter(milestone__in=milestones_visible_to(user).values("pk")).select_related(
        "milestone", "milestone__contract"
    )


def late_invoices(invoices: QuerySet[Invoice], *, as_of: Any) -> QuerySet[Invoice]:
    """The sponsor's late payments: invoices not paid in full after their due date (the one
    definition the pages, the figures and the API share)."""
    from .enums import InvoiceStatus

    return invoices.exclude(status=InvoiceStatus.PAID).filter(due_on__lt=as_of)


# --- Enterprises as suppliers ----------------------------------------------------------


def enterprises_contracted_by(user: Any) -> QuerySet[Enterprise]:
    """The enterprises `user` may read as suppliers: for a sponsor officer, those offered or
    contracted an order of their organization; for the agency, those of its provinces."""
    scope = scope_for(user)
    base = Enterprise.objects.select_related("programme", "province", "specialty")
    if scope.is_platform_admin:
        return base
    condition = Q(pk__in=[])
    sponsor_orders = order_condition(user, SPONSORS, prefix="allocations__order__")
    if sponsor_orders is not None:
        condition |= sponsor_orders
    for grant in scope.grants_for(*PROVINCE_READERS):
        condition |= Q(province_id__in=sorted(grant.province_ids))
    return base.filter(pk__in=Enterprise.objects.filter(condition).values("pk"))


def means_of(enterprise: Enterprise) -> EnterpriseMeans | None:
    return EnterpriseMeans.objects.filter(enterprise=enterprise).prefetch_related("equipment").first()
