"""The sponsor officer's home (issue 16): their orders waiting for a move, the execution
reports to accept, the invoices to pay (late ones per `queries.late_invoices`, the one
definition) and the studies waiting for their sign-off. Every queue reads the orders of
`orders_reviewed_by` (the sponsor's own organization's orders), in a fixed number of
queries."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first, provide_queue
from rowad.dossiers.enums import DossierState, SignoffStatus, StudyResult
from rowad.dossiers.queries import dossiers_visible_to
from rowad.financing.money import format_money

from .enums import LIVE_OFFERS, InvoiceStatus, MilestoneStatus, OfferStatus, OrderStatus
from .models import Allocation, ExecutionReport, Invoice, Milestone
from .queries import late_invoices, orders_reviewed_by

SPONSOR = Role.SPONSOR_OFFICER


def orders_waiting(context: QueueContext) -> WorkQueue:
    """Orders no enterprise holds and that need the sponsor: unfilled, quotes to open (the
    deadline passed), or an offer declined or expired with no new one made."""
    now = timezone.now()
    declined = Allocation.objects.filter(
        order=OuterRef("pk"), status__in=[OfferStatus.DECLINED, OfferStatus.EXPIRED]
    )
    live = Allocation.objects.filter(order=OuterRef("pk"), status__in=LIVE_OFFERS)
    orders = (
        orders_reviewed_by(context.user)
        .annotate(was_declined=Exists(declined), has_live=Exists(live))
        .filter(
            Q(status=OrderStatus.UNFILLED)
            | Q(status=OrderStatus.QUOTING, quote_deadline__lte=now)
            | Q(status=OrderStatus.OPEN, was_declined=True, has_live=False)
        )
    )
    items = []
    for order in orders:
        if order.status == OrderStatus.QUOTING:
            why, since = gettext("Quotes to open"), order.quote_deadline
        elif order.status == OrderStatus.UNFILLED:
            why, since = gettext("No enterprise found"), order.updated_at
        else:
            why, since = gettext("Offer declined"), order.updated_at
        items.append(
            QueueItem(
                f"{order.reference} · {order.title}",
                reverse("market:order_detail", args=[order.pk]),
                since=since,
                detail=f"{why} · {order.province}",
            )
        )
    return WorkQueue(
        key="market.orders_waiting",
        title=_("Work orders waiting for you"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        more_url=reverse("market:order_list"),
        action=_("Open the order"),
        empty=_("No order waits for you."),
        order=10,
    )


def milestones_to_review(context: QueueContext) -> WorkQueue:
    """Milestones whose execution report waits for the sponsor's acceptance."""
    orders = orders_reviewed_by(context.user).order_by().values("pk")
    milestones = Milestone.objects.filter(
        contract__order__in=orders, status=MilestoneStatus.REPORTED
    ).select_related("contract", "contract__enterprise")
    reported = {
        row["milestone_id"]: row["created_at"]
        for row in ExecutionReport.objects.filter(milestone__in=milestones.values("pk"))
        .order_by("milestone_id", "created_at")  # the latest report wins
        .values("milestone_id", "created_at")
    }
    items = [
        QueueItem(
            f"{m.contract.reference} · {m.label}",
            reverse("market:contract_detail", args=[m.contract_id]) + f"#milestone-{m.pk}",
            since=reported.get(m.pk) or m.due_on,
            detail=str(m.contract.enterprise),
        )
        for m in milestones
    ]
    return WorkQueue(
        key="market.milestones_to_review",
        title=_("Milestones to review"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        more_url=reverse("market:contract_list"),
        action=_("Review"),
        empty=_("No execution report waits for your review."),
        order=20,
    )


def invoices_to_pay(context: QueueContext) -> WorkQueue:
    """Invoices not paid in full; the late ones are `late_invoices`'s."""
    orders = orders_reviewed_by(context.user).order_by().values("pk")
    unpaid = Invoice.objects.filter(milestone__contract__order__in=orders).exclude(status=InvoiceStatus.PAID)
    late_ids = set(late_invoices(unpaid, as_of=context.today).values_list("pk", flat=True))
    items = [
        QueueItem(
            f"{invoice.number} · {invoice.milestone.contract.reference}",
            reverse("market:contract_detail", args=[invoice.milestone.contract_id])
            + f"#invoice-{invoice.pk}",
            since=invoice.due_on,
            detail=format_money(invoice.amount - invoice.paid_amount, invoice.currency),
            late=invoice.pk in late_ids,
        )
        for invoice in unpaid.select_related("milestone__contract")
    ]
    return WorkQueue(
        key="market.invoices_to_pay",
        title=_("Invoices to pay"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        more_url=reverse("market:contract_list"),
        action=_("Pay"),
        empty=_("No invoice waits for payment."),
        order=30,
        extra={"late": len(late_ids)},
    )


def studies_to_sign_off(context: QueueContext) -> WorkQueue:
    """Dossiers whose study waits for the sponsor's sign-off (`dossiers.study`'s rule: the
    programme requires it, the dossier is under study, the agency finished its study)."""
    dossiers = (
        dossiers_visible_to(context.user, roles=[SPONSOR])
        .filter(
            state=DossierState.UNDER_STUDY,
            programme__requires_sponsor_signoff=True,
            study__signoff=SignoffStatus.PENDING,
        )
        .exclude(study__result=StudyResult.PENDING)
        .select_related("study")
    )
    items = [
        QueueItem(
            str(d),
            reverse("dossiers:study_signoff", args=[d.pk]),
            since=d.study.completed_at,
            detail=f"{d.programme} · {d.province}",
        )
        for d in dossiers
    ]
    return WorkQueue(
        key="market.studies_to_sign_off",
        title=_("Studies waiting for your sign-off"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        action=_("Sign off"),
        empty=_("No study waits for your sign-off."),
        order=40,
    )


def register() -> None:
    for provider in (orders_waiting, milestones_to_review, invoices_to_pay, studies_to_sign_off):
        provide_queue(SPONSOR, provider)
