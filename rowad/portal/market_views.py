"""The enterprise's market pages on the portal (a phone first): the offers to answer, the
invitations to quote, the means declared. Reads go through rowad.market.queries and
rowad.market.invitations (a holder reaches only their own enterprises' offers, quotes and
contracts: 404 otherwise); writes through rowad.market.services (only the manager answers
offers, quotes and declares means: the service refuses anyone else)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.accounts.scope import scope_for
from rowad.enterprises.queries import enterprises_visible_to
from rowad.market import invitations, services
from rowad.market import queries as mq
from rowad.market.enums import ContractStatus, ErrorCode, MilestoneStatus, OfferStatus, OrderStatus
from rowad.market.errors import MarketError
from rowad.market.invitations import Invitation
from rowad.market.models import ContractRating, Quote

from .market_forms import DECLINE, MeansForm, OfferAnswerForm, QuoteForm
from .views import holder_required


def market_holder_required(view):
    """A project holder (portal and market rules); the objects are then scoped."""

    @holder_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.has_perm("market.use_portal"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def is_admin(user: Any) -> bool:
    return scope_for(user).is_platform_admin


# --- What the holder reaches (the platform admin reads everything, acts on nothing) ------


def own_enterprises(user: Any) -> QuerySet:
    return enterprises_visible_to(user) if is_admin(user) else mq.enterprises_of_holder(user)


def managed_enterprises(user: Any) -> QuerySet:
    return enterprises_visible_to(user) if is_admin(user) else mq.enterprises_managed_as_holder(user)


def own_offers(user: Any) -> QuerySet:
    return mq.allocations_visible_to(user) if is_admin(user) else mq.offers_for_holder(user)


def own_contracts(user: Any) -> QuerySet:
    return mq.contracts_visible_to(user) if is_admin(user) else mq.contracts_of_holder(user)


def manages(user: Any, enterprise_id: int) -> bool:
    return mq.enterprises_managed_as_holder(user).filter(pk=enterprise_id).exists()


def apply_error(form: Any, exc: MarketError, fields: tuple[str, ...]) -> int:
    """Show a service error next to its field (or above the form); the response status."""
    form.add_error(exc.field if exc.field in fields else None, exc.message)
    if exc.code == ErrorCode.NOT_ALLOWED:
        return 403
    return 409 if exc.status_code == 409 else 400


# --- Home ---------------------------------------------------------------------------------


@market_holder_required
def market_home(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    enterprises = list(own_enterprises(user).order_by("pk")) if not is_admin(user) else []
    offers = list(own_offers(user).filter(status=OfferStatus.OFFERED).order_by("answer_by", "pk"))
    contracts = list(
        own_contracts(user)
        .filter(status=ContractStatus.ACTIVE)
        .prefetch_related("milestones")
        .order_by("ends_on", "pk")
    )
    ratings = ContractRating.objects.filter(contract__in=own_contracts(user).values("pk")).select_related(
        "contract", "contract__order"
    )
    means = {e.pk: mq.means_of(e) for e in enterprises}
    managed = set(mq.enterprises_managed_as_holder(user).values_list("pk", flat=True))
    context = {
        "offers": offers,
        "invitations": invitations.quote_invitations(user),
        "contracts": [
            {
                "contract": c,
                "to_report": [m for m in c.milestones.all() if m.status != MilestoneStatus.ACCEPTED],
            }
            for c in contracts
        ],
        "ratings": ratings.order_by("-rated_on", "-id"),
        "enterprises": [
            {"enterprise": e, "means": means[e.pk], "manages": e.pk in managed} for e in enterprises
        ],
        "today": today,
    }
    return render(request, "portal/market/home.html", context)


# --- An offer -----------------------------------------------------------------------------


@market_holder_required
@require_http_methods(["GET", "POST"])
def market_offer(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_object_or_404(own_offers(request.user), pk=pk)
    order = allocation.order
    can_answer = allocation.status == OfferStatus.OFFERED and manages(request.user, allocation.enterprise_id)
    form = OfferAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            accept = form.cleaned_data["answer"] != DECLINE
            try:
                services.respond_to_offer(
                    allocation, accept=accept, reason=form.cleaned_data["reason"], actor=request.user
                )
            except MarketError as exc:
                status = apply_error(form, exc, ("reason",))
            else:
                if accept:
                    messages.success(request, _("You accepted the order. The sponsor prepares the contract."))
                else:
                    messages.info(request, _("You declined the order. It goes to another enterprise."))
                return redirect("portal:market_home")
        else:
            status = 400
    context = {
        "allocation": allocation,
        "order": order,
        "documents": order.documents.all(),
        "form": form,
        "can_answer": can_answer,
        "declining": form.is_bound and form.data.get("answer") == DECLINE,
    }
    return render(request, "portal/market/offer.html", context, status=status)


# --- A quote ------------------------------------------------------------------------------


def _invitation(request: HttpRequest, pk: int) -> Invitation:
    invitation = invitations.invitation_for(request.user, pk)
    if invitation is not None:
        return invitation
    if is_admin(request.user):  # reads the order, quotes for nobody
        order = get_object_or_404(
            mq.orders_visible_to(request.user).filter(quote_deadline__isnull=False), pk=pk
        )
        return Invitation(order, None, None)
    raise Http404


@market_holder_required
@require_http_methods(["GET", "POST"])
def market_quote(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    order, enterprise = invitation.order, invitation.enterprise
    # Open while the order takes quotes and its deadline has not passed.
    is_open = order.status == OrderStatus.QUOTING and mq.quotes_are_sealed(order)
    quote = invitation.quote
    form = QuoteForm(
        request.POST or None, initial={"amount": quote.amount, "note": quote.note} if quote else None
    )
    status = 200
    if request.method == "POST":
        if enterprise is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                quote = services.submit_quote(
                    order,
                    enterprise,
                    amount=form.cleaned_data["amount"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except MarketError as exc:
                status = apply_error(form, exc, ("amount", "note"))
                is_open = exc.code not in (ErrorCode.QUOTE_CLOSED, ErrorCode.WRONG_STATE) and is_open
            else:
                messages.success(
                    request,
                    _(
                        "Your price is recorded. It stays sealed until the deadline; you may change it until then."
                    ),
                )
                return redirect("portal:market_quote", pk=order.pk)
        else:
            status = 400
    own = Quote.objects.filter(pk=quote.pk).first() if quote else None
    context = {"order": order, "enterprise": enterprise, "quote": own, "form": form, "is_open": is_open}
    return render(request, "portal/market/quote.html", context, status=status)


# --- The means declared ---------------------------------------------------------------------


@market_holder_required
@require_http_methods(["GET", "POST"])
def market_means(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(managed_enterprises(request.user).select_related("province"), pk=pk)
    means = mq.means_of(enterprise)
    initial = (
        {
            "version": means.version,
            "workers": means.workers,
            "max_concurrent_orders": means.max_concurrent_orders,
            "equipment": list(means.equipment.values_list("pk", flat=True)),
            "served_provinces": list(means.served_provinces.values_list("pk", flat=True)),
        }
        if means
        else {"workers": 1, "max_concurrent_orders": 1}
    )
    form = MeansForm(request.POST or None, initial=initial, enterprise=enterprise)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.declare_means(
                    enterprise,
                    workers=data["workers"],
                    equipment=data["equipment"],
                    max_concurrent_orders=data["max_concurrent_orders"],
                    served_provinces=data["served_provinces"],
                    actor=request.user,
                    expected_version=data["version"],
                )
            except MarketError as exc:
                status = apply_error(form, exc, tuple(form.fields))
            else:
                messages.success(request, _("Your means are recorded. They count for the next orders."))
                return redirect("portal:market_home")
        else:
            status = 400
    context = {"enterprise": enterprise, "means": means, "form": form}
    return render(request, "portal/market/means.html", context, status=status)
