"""The sponsor's side of an order: posting it, editing it while nobody holds it,
cancelling it (a waiting offer is withdrawn) and attaching its documents. Each function
checks who acts (one membership: a sponsor officer of the order's sponsor or its parent,
or an agency officer of its province), locks, checks, saves and audits in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user

from ..enums import AWARDED_STATES, ErrorCode, OfferStatus, OrderStatus
from ..errors import MarketConflict
from ..models import WorkOrder
from ..notifications import notify_owners
from ..queries import AGENCY, SPONSORS
from .common import (
    check_order_version,
    error,
    final_reference,
    lock_order,
    not_allowed,
    now,
    require_order_manager,
    save_order,
    temporary_reference,
)
from .order_documents import add_order_document
from .order_fields import M2M_FIELDS, PLAIN_FIELDS, apply_fields, clean_order_fields, current_fields

# An order is edited only while no enterprise holds it (nor any quote was received).
EDITABLE = (OrderStatus.OPEN, OrderStatus.UNFILLED, OrderStatus.QUOTING)
# Cancelling is refused once the work is given.
NOT_CANCELLABLE = (*AWARDED_STATES, OrderStatus.CANCELLED)

__all__ = ["add_order_document", "cancel_order", "post_order", "update_order"]


def _require_poster(actor: Any, sponsor: Any, province: Any) -> None:
    """A sponsor officer of `sponsor` (or of its parent), or an agency officer placing in
    `province` — one membership each."""
    if actor is None:
        raise not_allowed()
    scope = scope_for(actor)
    if scope.is_platform_admin:
        return
    owners = {sponsor.pk, sponsor.parent_id} - {None}
    if any(grant.organization_id in owners for grant in scope.grants_for(*SPONSORS)):
        return
    if province is not None and scope.placing_grant(*AGENCY, province_id=province.pk) is not None:
        return
    raise not_allowed(_("You may not post orders for this sponsor in this province."))


def _check_programme(sponsor: Any, programme: Any, specialty: Any) -> None:
    owners = [pk for pk in (sponsor.pk, sponsor.parent_id) if pk is not None]
    if not programme.sponsors.filter(pk__in=owners).exists():
        raise error(
            _("%(sponsor)s does not sponsor the programme %(programme)s.")
            % {"sponsor": sponsor, "programme": programme},
            ErrorCode.NOT_SPONSORED,
            "programme",
        )
    covered = programme.specialties.all()
    if specialty is not None and covered.exists() and not covered.filter(pk=specialty.pk).exists():
        raise error(
            _("The programme %(programme)s does not cover this specialty.") % {"programme": programme},
            ErrorCode.NOT_SPONSORED,
            "specialty",
        )


def post_order(*, sponsor: Any, programme: Any, data: dict, actor: Any, client_uuid: Any = None) -> WorkOrder:
    """Post a work order of `sponsor` under `programme` (reference WO-<country>-<year>-<n>).
    The same `client_uuid` twice (a form submitted twice, an API call retried) returns the
    first order."""
    if client_uuid:
        existing = WorkOrder.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return existing
    values = {name: data.get(name) for name in (*PLAIN_FIELDS, *M2M_FIELDS) if name in data}
    values.setdefault("min_workers", 1)
    values.setdefault("payment_days", 30)
    values.setdefault("reserved_for_micro", True)
    for name, default in (("weight_performance", 50), ("weight_distance", 20), ("weight_capacity", 30)):
        values.setdefault(name, default)
    for name in (*PLAIN_FIELDS, *M2M_FIELDS):
        values.setdefault(name, None)
    _require_poster(actor, sponsor, values.get("province"))
    _check_programme(sponsor, programme, values.get("specialty"))
    clean = clean_order_fields(values, check_deadline=True)
    order = WorkOrder(
        reference=temporary_reference(),
        sponsor=sponsor,
        programme=programme,
        client_uuid=client_uuid or None,
        created_by=acting_user(actor),
        status=OrderStatus.OPEN,
    )
    apply_fields(order, clean)
    order._history_user = acting_user(actor)
    try:
        with transaction.atomic():
            order.save()
            order.reference = final_reference("WO", order, clean["province"].country_id)
            order.save(update_fields=["reference"])
            order.required_courses.set(clean["required_courses"])
            order.required_equipment.set(clean["required_equipment"])
            record_action(
                "market.order.posted",
                order,
                actor=actor,
                reference=order.reference,
                method=order.method,
                amount=str(order.estimated_amount),
            )
    except IntegrityError:
        existing = WorkOrder.objects.filter(client_uuid=client_uuid).first() if client_uuid else None
        if existing is None:
            raise
        return existing
    return order


def update_order(order: WorkOrder, *, data: dict, expected_version: Any, actor: Any) -> WorkOrder:
    """Change an order nobody holds yet (open, without an enterprise, or taking quotes
    with none received); `expected_version` is the version the editor loaded."""
    require_order_manager(actor, order)
    with transaction.atomic():
        locked = lock_order(order)
        check_order_version(locked, expected_version)
        if locked.status not in EDITABLE or (locked.status == OrderStatus.QUOTING and locked.quotes.exists()):
            raise MarketConflict(
                _("This order can no longer be changed (%(status)s).")
                % {"status": locked.get_status_display()},
                code=ErrorCode.WRONG_STATE,
            )
        values = current_fields(locked)
        values.update({k: v for k, v in data.items() if k in (*PLAIN_FIELDS, *M2M_FIELDS)})
        _require_poster(actor, locked.sponsor, values["province"])
        _check_programme(locked.sponsor, locked.programme, values["specialty"])
        deadline_changed = "quote_deadline" in data or "method" in data
        clean = clean_order_fields(values, check_deadline=deadline_changed)
        changed = sorted(name for name in PLAIN_FIELDS if getattr(locked, name) != clean[name])
        apply_fields(locked, clean)
        save_order(locked, actor, list(PLAIN_FIELDS))
        locked.required_courses.set(clean["required_courses"])
        locked.required_equipment.set(clean["required_equipment"])
        record_action("market.order.updated", locked, actor=actor, fields=changed)
        return locked


def cancel_order(order: WorkOrder, *, reason: str, actor: Any, expected_version: Any = None) -> WorkOrder:
    """Cancel an order not yet awarded, with the reason; an offer waiting for its answer
    is withdrawn."""
    require_order_manager(actor, order)
    reason = (reason or "").strip()
    if not reason:
        raise error(_("Write why the order is cancelled."), ErrorCode.REASON_REQUIRED, "reason")
    with transaction.atomic():
        locked = lock_order(order)
        check_order_version(locked, expected_version)
        if locked.status in NOT_CANCELLABLE:
            raise MarketConflict(
                _("This order can no longer be cancelled (%(status)s).")
                % {"status": locked.get_status_display()},
                code=ErrorCode.WRONG_STATE,
            )
        withdrawn = []
        for offer in locked.allocations.select_for_update().filter(status=OfferStatus.OFFERED):
            offer.status, offer.responded_at = OfferStatus.WITHDRAWN, now()
            offer.save(update_fields=["status", "responded_at"])
            withdrawn.append(offer)
        locked.status, locked.cancel_reason = OrderStatus.CANCELLED, reason[:300]
        save_order(locked, actor, ["status", "cancel_reason"])
        record_action(
            "market.order.cancelled",
            locked,
            actor=actor,
            reason=reason[:300],
            withdrawn=[offer.enterprise_id for offer in withdrawn],
        )
        for offer in withdrawn:
            _notify_withdrawn(offer, locked, actor)
        return locked


def _notify_withdrawn(offer: Any, order: WorkOrder, actor: Any) -> None:
    """The enterprise waiting to answer learns the order is cancelled (sent after commit)."""

    def compose(person: Any) -> tuple[str, str]:
        subject = _("The order %(reference)s is cancelled") % {"reference": order.reference}
        body = _(
            "%(sponsor)s cancelled the order %(reference)s (%(title)s) offered to your enterprise: %(reason)s"
        ) % {
            "sponsor": order.sponsor,
            "reference": order.reference,
            "title": order.title,
            "reason": order.cancel_reason,
        }
        return subject, body

    notify_owners(
        offer.enterprise,
        kind="market.offer_withdrawn",
        compose=compose,
        idempotency_key=f"market.offer.withdrawn:{offer.pk}",
        actor=actor,
    )
