"""The order pages of the sponsor and the agency: the list (filtered, paginated, scoped),
posting and editing an order, the order's page, and its private documents. The actions
on an order (allocate, override, cancel, attach) are in views/order_actions.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rowad.core.audit import record_action
from rowad.core.errors import DomainError

from .. import queries
from ..enums import ALLOCATABLE, AWARDED_STATES, OrderStatus
from ..forms.orders import (
    CancelForm,
    OrderDocumentForm,
    OrderFilterForm,
    OrderForm,
    OverrideForm,
    VersionForm,
)
from ..models import OrderDocument, WorkOrder
from ..services import post_order, update_order
from .order_context import STATUS_BADGES, allocation_rows, explained_candidates, quotes_context

VIEW, MANAGE = "market.view_market", "market.manage_orders"
PAGE_SIZE = 25


def require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def visible_order(request: HttpRequest, pk: int) -> WorkOrder:
    require(request, VIEW)
    order = queries.orders_visible_to(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


def managed_order(request: HttpRequest, pk: int) -> WorkOrder:
    require(request, MANAGE)
    order = queries.orders_managed_by(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


def form_error(form, error: DomainError) -> None:
    """A service's error next to its field (or on top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@login_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    orders = queries.orders_visible_to(request.user)
    form = OrderFilterForm(request.GET or None, orders=orders)
    filtered = False
    if form.is_valid():
        for name in ("status", "province", "specialty", "programme"):
            value = form.cleaned_data.get(name)
            if value:
                orders = orders.filter(**{name: value})
                filtered = True
    page = Paginator(orders.order_by("-starts_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    rows = [{"order": order, "badge": STATUS_BADGES.get(order.status, "")} for order in page]
    return render(
        request,
        "market/orders/order_list.html",
        {
            "filter_form": form,
            "page": page,
            "rows": rows,
            "filtered": filtered,
            "query_string": query,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def order_create(request: HttpRequest) -> HttpResponse:
    require(request, MANAGE)
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            order = post_order(
                sponsor=form.cleaned_data["sponsor"],
                programme=form.cleaned_data["programme"],
                data=form.order_data(),
                actor=request.user,
                client_uuid=form.cleaned_data.get("client_uuid"),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("The order %(reference)s is posted.") % {"reference": order.reference}
            )
            return redirect("market:order_detail", pk=order.pk)
    return render(request, "market/orders/order_form.html", {"form": form, "order": None})


@login_required
@require_http_methods(["GET", "POST"])
def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    order = managed_order(request, pk)
    form = OrderForm(request.POST or None, user=request.user, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            update_order(
                order,
                data=form.order_data(),
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The order is saved."))
            return redirect("market:order_detail", pk=order.pk)
    return render(request, "market/orders/order_form.html", {"form": form, "order": order})


def _override_choices(candidates: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(row["facts"].id, f"{row['facts'].reference} · {row['facts'].name}") for row in candidates]


@login_required
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = visible_order(request, pk)
    can_manage = (
        request.user.has_perm(MANAGE) and queries.orders_managed_by(request.user).filter(pk=pk).exists()
    )
    candidates = explained_candidates(order) if order.status != OrderStatus.CANCELLED else []
    contract = getattr(order, "contract", None) if order.status in AWARDED_STATES else None
    initial = {"version": order.version}
    context = {
        "order": order,
        "badge": STATUS_BADGES.get(order.status, ""),
        "documents": order.documents.all(),
        "candidates": candidates,
        "eligible_count": sum(1 for row in candidates if row["eligible"]),
        "allocations": allocation_rows(order),
        "can_manage": can_manage,
        "can_allocate": can_manage and (order.status in ALLOCATABLE or order.status == OrderStatus.QUOTING),
        "can_override": can_manage
        and order.status in (*ALLOCATABLE, OrderStatus.QUOTING, OrderStatus.OFFERED),
        "can_edit": can_manage and order.status in (*ALLOCATABLE, OrderStatus.QUOTING),
        "can_cancel": can_manage and order.status not in (*AWARDED_STATES, OrderStatus.CANCELLED),
        "contract": contract,
        "version_form": VersionForm(initial=initial),
        "override_form": OverrideForm(
            initial=initial, choices=_override_choices([r for r in candidates if r["eligible"]])
        ),
        "cancel_form": CancelForm(initial=initial),
        "document_form": OrderDocumentForm(),
        **quotes_context(request.user, order),
    }
    return render(request, "market/orders/order_detail.html", context)


@login_required
@require_GET
def order_document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    order = visible_order(request, pk)
    document = OrderDocument.objects.filter(pk=document_pk, order=order).first()
    if document is None:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    record_action("market.order.document_read", order, actor=request.user, document=document.pk)
    response = FileResponse(
        handle, content_type=document.content_type, as_attachment=True, filename=document.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
