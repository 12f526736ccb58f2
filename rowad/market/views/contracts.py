"""The contract pages of the staff: drawing the contract of an awarded order (milestone
formset), the list of contracts (late sponsor payments flagged, and filtered with
`?late=1` — queries.late_invoices is the one definition), and the contract page
(milestones with their progress, reports and photos, reviews, invoices and payments, the
rating and the enterprise's comment). The sponsor's review and payment forms post to
views/contract_actions.py."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from rowad.core.pagination import CappedPaginator

from .. import queries
from ..enums import InvoiceStatus, MilestoneStatus, OfferStatus, OrderStatus
from ..errors import MarketError
from ..forms.work import (
    ContractFilterForm,
    ContractForm,
    MilestoneFormSet,
    PaymentForm,
    ReviewForm,
    service_error,
)
from ..models import Contract, ExecutionReport, Invoice, Milestone, MilestoneReview
from ..services import create_contract
from ..services.common import today

VIEW, MANAGE, REVIEW = "market.view_market", "market.manage_orders", "market.review_work"
PAGE_SIZE = 25


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def late_by_contract(contract_ids: list[int], *, as_of: datetime.date) -> dict[int, list[dict]]:
    """The late invoices of these contracts, with how many days late each is."""
    late = queries.late_invoices(
        Invoice.objects.filter(milestone__contract_id__in=contract_ids), as_of=as_of
    ).select_related("milestone")
    rows: dict[int, list[dict]] = {}
    for invoice in late.order_by("due_on"):
        rows.setdefault(invoice.milestone.contract_id, []).append(
            {"invoice": invoice, "days": (as_of - invoice.due_on).days}
        )
    return rows


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    form = ContractFilterForm(request.GET or None)
    contracts = queries.contracts_visible_to(request.user).order_by("-signed_on", "-id")
    as_of = today()
    if form.is_valid():
        if form.cleaned_data["status"]:
            contracts = contracts.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["late"]:
            late = queries.late_invoices(Invoice.objects.all(), as_of=as_of)
            contracts = contracts.filter(pk__in=late.values("milestone__contract_id"))
    page = CappedPaginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    late = late_by_contract([c.pk for c in page], as_of=as_of)
    for contract in page:
        contract.late = late.get(contract.pk, [])
    return render(
        request,
        "market/contracts/contract_list.html",
        {"page": page, "filter_form": form, "as_of": as_of},
    )


def _initial_milestones(order: Any, allocation: Any) -> list[dict]:
    return [
        {
            "label": order.title,
            "quantity": order.quantity,
            "amount": allocation.amount,
            "due_on": order.ends_on,
        }
    ]


@login_required
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Draw the contract of an awarded order: by default one milestone for the whole order."""
    require(request, MANAGE)
    order = get_object_or_404(queries.orders_managed_by(request.user), pk=pk)
    if hasattr(order, "contract"):
        return redirect("market:contract_detail", pk=order.contract.pk)
    allocation = order.allocations.filter(status=OfferStatus.ACCEPTED).select_related("enterprise").first()
    if order.status != OrderStatus.AWARDED or allocation is None:
        raise Http404
    if request.method == "POST":
        form = ContractForm(request.POST)
        formset = MilestoneFormSet(request.POST, prefix="milestones")
        if form.is_valid() and formset.is_valid():
            try:
                contract = create_contract(
                    order,
                    milestones=[f.cleaned_data for f in formset.forms if f.cleaned_data],
                    signed_on=form.cleaned_data["signed_on"],
                    actor=request.user,
                )
            except MarketError as exc:
                service_error(form, exc.field if exc.field == "signed_on" else None, exc.message)
            else:
                return redirect("market:contract_detail", pk=contract.pk)
    else:
        form = ContractForm(initial={"signed_on": today()})
        formset = MilestoneFormSet(initial=_initial_milestones(order, allocation), prefix="milestones")
    return render(
        request,
        "market/contracts/contract_form.html",
        {"order": order, "allocation": allocation, "form": form, "formset": formset},
    )


def contract_context(
    request: HttpRequest,
    contract: Contract,
    *,
    review_forms: dict[int, ReviewForm] | None = None,
    payment_forms: dict[int, PaymentForm] | None = None,
) -> dict[str, Any]:
    """What the contract page shows; a form posted with errors replaces its blank one."""
    user = request.user
    as_of = today()
    can_review = (
        user.has_perm(REVIEW) and queries.orders_reviewed_by(user).filter(pk=contract.order_id).exists()
    )
    milestones = list(
        contract.milestones.prefetch_related(
            Prefetch(
                "reports",
                queryset=ExecutionReport.objects.prefetch_related("photos").order_by("done_on", "id"),
            ),
            Prefetch(
                "reviews",
                queryset=MilestoneReview.objects.select_related("decided_by").order_by("created_at", "id"),
            ),
            "invoice__payments",
        )
    )
    review_forms = review_forms or {}
    payment_forms = payment_forms or {}
    paid = Decimal("0")
    for milestone in milestones:
        milestone.progress = (
            int(milestone.reported_quantity * 100 / milestone.quantity) if milestone.quantity else 0
        )
        milestone.invoice_row = getattr(milestone, "invoice", None) if _has_invoice(milestone) else None
        if can_review and milestone.status == MilestoneStatus.REPORTED:
            milestone.review_form = review_forms.get(milestone.pk) or ReviewForm(
                prefix=f"review-{milestone.pk}",
                initial={"decided_on": as_of, "expected_version": milestone.version, "decision": "accept"},
            )
        invoice = milestone.invoice_row
        if invoice is not None:
            paid += invoice.paid_amount
            invoice.remaining = invoice.amount - invoice.paid_amount
            invoice.days_late = (
                (as_of - invoice.due_on).days
                if invoice.status != InvoiceStatus.PAID and invoice.due_on < as_of
                else 0
            )
            if can_review and invoice.status != InvoiceStatus.PAID:
                invoice.payment_form = payment_forms.get(invoice.pk) or PaymentForm(
                    prefix=f"payment-{invoice.pk}", initial={"amount": invoice.remaining, "paid_on": as_of}
                )
    return {
        "contract": contract,
        "order": contract.order,
        "milestones": milestones,
        "can_review": can_review,
        "paid": paid,
        "rating": getattr(contract, "rating", None) if _has_rating(contract) else None,
        "as_of": as_of,
    }


def _has_invoice(milestone: Milestone) -> bool:
    try:
        milestone.invoice  # noqa: B018
    except Invoice.DoesNotExist:
        return False
    return True


def _has_rating(contract: Contract) -> bool:
    from ..models import ContractRating

    try:
        contract.rating  # noqa: B018
    except ContractRating.DoesNotExist:
        return False
    return True


def staff_contract(request: HttpRequest, pk: int) -> Contract:
    require(request, VIEW)
    return get_object_or_404(queries.contracts_visible_to(request.user), pk=pk)


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = staff_contract(request, pk)
    return render(request, "market/contracts/contract_detail.html", contract_context(request, contract))
