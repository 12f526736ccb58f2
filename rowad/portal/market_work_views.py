"""The enterprise's contracts on the portal: milestones and their reviews, invoices and
payments (late ones flagged), execution reports from the site with photos (private,
served after the scope check), and the contract's rating with the enterprise's comment.
Any current owner reports; the scope is the holder's own enterprises' contracts (404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.market import queries as mq
from rowad.market import services
from rowad.market.enums import ContractStatus, MilestoneStatus, ReviewDecision
from rowad.market.errors import MarketError
from rowad.market.models import ContractRating, ExecutionReport, Invoice, Milestone, ReportPhoto

from .market_forms import ContestForm, ReportForm
from .market_views import apply_error, market_holder_required, own_contracts

REPORT_FIELDS = ("quantity", "done_on", "note", "photos")


def _milestone_rows(contract) -> list[dict]:
    rows = []
    milestones = contract.milestones.prefetch_related("reviews", "reports__photos").select_related("invoice")
    for milestone in milestones:
        quantity = milestone.quantity or 0
        rows.append(
            {
                "milestone": milestone,
                "percent": min(100, int(milestone.reported_quantity * 100 / quantity)) if quantity else 0,
                "rejections": [r for r in milestone.reviews.all() if r.decision == ReviewDecision.REJECTED],
                "reports": list(milestone.reports.all()),
                "can_report": contract.status == ContractStatus.ACTIVE
                and milestone.status != MilestoneStatus.ACCEPTED,
            }
        )
    return rows


def _invoice_rows(contract, today) -> list[dict]:
    invoices = (
        Invoice.objects.filter(milestone__contract=contract)
        .prefetch_related("payments")
        .select_related("milestone")
    )
    late = set(mq.late_invoices(invoices, as_of=today).values_list("pk", flat=True))
    return [
        {
            "invoice": invoice,
            "late": invoice.pk in late,
            "days_late": (today - invoice.due_on).days if invoice.pk in late else 0,
            "remaining": invoice.amount - invoice.paid_amount,
        }
        for invoice in invoices.order_by("issued_on", "pk")
    ]


@market_holder_required
def market_contract(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(own_contracts(request.user).select_related("order__province"), pk=pk)
    today = timezone.localdate()
    context = {
        "contract": contract,
        "order": contract.order,
        "milestones": _milestone_rows(contract),
        "invoices": _invoice_rows(contract, today),
        "rating": ContractRating.objects.filter(contract=contract).first(),
    }
    return render(request, "portal/market/contract.html", context)


def _own_milestones(user):
    return Milestone.objects.filter(contract__in=own_contracts(user).values("pk")).select_related(
        "contract", "contract__order", "contract__enterprise"
    )


@market_holder_required
@require_http_methods(["GET", "POST"])
def market_report(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(_own_milestones(request.user), pk=pk)
    form = ReportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_execution(
                    milestone,
                    quantity=data["quantity"],
                    done_on=data["done_on"],
                    note=data["note"],
                    photos=data["photos"],
                    client_uuid=data["client_uuid"],
                    actor=request.user,
                )
            except MarketError as exc:
                status = apply_error(form, exc, REPORT_FIELDS)
            else:
                messages.success(request, _("Your report is sent. The sponsor reviews the milestone."))
                return redirect("portal:market_contract", pk=milestone.contract_id)
        else:
            status = 400
    context = {"milestone": milestone, "contract": milestone.contract, "form": form}
    return render(request, "portal/market/report.html", context, status=status)


@market_holder_required
def market_photo(request: HttpRequest, pk: int) -> HttpResponse:
    reports = ExecutionReport.objects.filter(milestone__in=_own_milestones(request.user).values("pk"))
    photo = get_object_or_404(ReportPhoto.objects.filter(report__in=reports.values("pk")), pk=pk)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.jpg"'
    return response


@market_holder_required
@require_http_methods(["GET", "POST"])
def market_contest(request: HttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(
        ContractRating.objects.filter(contract__in=own_contracts(request.user).values("pk")).select_related(
            "contract", "contract__order"
        ),
        pk=pk,
    )
    form = ContestForm(request.POST or None, initial={"comment": rating.contest_comment})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contest_rating(rating, comment=form.cleaned_data["comment"], actor=request.user)
            except MarketError as exc:
                status = apply_error(form, exc, ("comment",))
            else:
                messages.success(
                    request, _("Your comment is kept with the rating. The sponsor and the agency read it.")
                )
                return redirect("portal:market_contract", pk=rating.contract_id)
        else:
            status = 400
    context = {"rating": rating, "contract": rating.contract, "form": form}
    return render(request, "portal/market/contest.html", context, status=status)
