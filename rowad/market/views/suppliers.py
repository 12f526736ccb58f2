"""The sponsor's suppliers: the enterprises offered or contracted its orders (never the
registry), each with its declared means, its mean rating and its allocations and
contracts with this sponsor. The agency reads the enterprises of its provinces."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import queries
from ..models import ContractRating
from .order_context import OFFER_BADGES, describe_reason
from .orders import VIEW, require

PAGE_SIZE = 50


@login_required
@require_GET
def supplier_list(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    enterprises = queries.enterprises_contracted_by(request.user).annotate(
        mean_rating=Avg("contracts__rating__score")
    )
    page = Paginator(enterprises.order_by("reference"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "market/suppliers/supplier_list.html", {"page": page})


@login_required
@require_GET
def supplier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, VIEW)
    enterprise = queries.enterprises_contracted_by(request.user).filter(pk=pk).first()
    if enterprise is None:
        raise Http404
    allocations = (
        queries.allocations_visible_to(request.user)
        .filter(enterprise=enterprise)
        .select_related("order", "order__sponsor")
        .order_by("-offered_at")
    )
    contracts = (
        queries.contracts_visible_to(request.user).filter(enterprise=enterprise).order_by("-signed_on")
    )
    rating = ContractRating.objects.filter(contract__enterprise=enterprise).aggregate(mean=Avg("score"))[
        "mean"
    ]
    rows = [
        {"allocation": a, "why": describe_reason(a), "badge": OFFER_BADGES.get(a.status, "")}
        for a in allocations
    ]
    return render(
        request,
        "market/suppliers/supplier_detail.html",
        {
            "enterprise": enterprise,
            "means": queries.means_of(enterprise),
            "rating": rating,
            "allocations": rows,
            "contracts": contracts,
        },
    )
