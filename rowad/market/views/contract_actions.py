"""What the sponsor posts from the contract page — the review of a reported milestone and
the payment of an invoice — and a report's photo (private, served after the scope check).
A form with errors shows the contract page again with the errors next to the fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import queries
from ..errors import MarketError
from ..forms.work import PaymentForm, ReviewForm, service_error
from ..models import Invoice, Milestone, ReportPhoto
from ..services import record_sponsor_payment, review_milestone
from .contracts import REVIEW, VIEW, contract_context, require


def _show_again(request: HttpRequest, contract, **forms) -> HttpResponse:
    context = contract_context(request, contract, **forms)
    return render(request, "market/contracts/contract_detail.html", context)


@login_required
@require_POST
def milestone_review(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, REVIEW)
    milestone = get_object_or_404(
        Milestone.objects.filter(
            contract__order__in=queries.orders_reviewed_by(request.user).order_by().values("pk")
        ).select_related("contract", "contract__order"),
        pk=pk,
    )
    contract = milestone.contract
    form = ReviewForm(request.POST, prefix=f"review-{milestone.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            review_milestone(
                milestone,
                accept=data["decision"] == "accept",
                remarks=data["remarks"],
                decided_on=data["decided_on"],
                expected_version=data["expected_version"],
                actor=request.user,
            )
        except MarketError as exc:
            service_error(form, exc.field, exc.message)
        else:
            if data["decision"] == "accept":
                messages.success(request, _("The milestone is accepted and its invoice issued."))
            else:
                messages.success(request, _("The milestone is rejected; the enterprise is told why."))
            return redirect("market:contract_detail", pk=contract.pk)
    return _show_again(request, contract, review_forms={milestone.pk: form})


@login_required
@require_POST
def invoice_payment(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, REVIEW)
    invoice = get_object_or_404(
        Invoice.objects.filter(
            milestone__contract__order__in=queries.orders_reviewed_by(request.user).order_by().values("pk")
        ).select_related("milestone__contract__order"),
        pk=pk,
    )
    contract = invoice.milestone.contract
    form = PaymentForm(request.POST, prefix=f"payment-{invoice.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            payment = record_sponsor_payment(
                invoice,
                amount=data["amount"],
                paid_on=data["paid_on"],
                reference=data["reference"],
                client_key=data["client_key"],
                actor=request.user,
            )
        except MarketError as exc:
            service_error(form, exc.field, exc.message)
        else:
            if getattr(payment, "replayed", False):
                messages.info(request, _("This payment was already recorded."))
            else:
                messages.success(request, _("The payment is recorded."))
            return redirect("market:contract_detail", pk=contract.pk)
    return _show_again(request, contract, payment_forms={invoice.pk: form})


@login_required
@require_GET
def report_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's photo (a re-encoded JPEG) to those who read the contract."""
    require(request, VIEW)
    photo = get_object_or_404(
        ReportPhoto.objects.filter(
            report__in=queries.reports_visible_to(request.user).order_by().values("pk")
        ),
        pk=pk,
    )
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg", filename=f"photo-{photo.pk}.jpg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
