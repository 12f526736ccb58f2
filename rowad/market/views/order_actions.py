"""What an order manager does from the order's page (POST only): run the rule, override
it with a written reason, cancel the order, attach a document. Each is one service call;
a refusal comes back as a message with the service's reasons."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rowad.core.errors import DomainError
from rowad.enterprises.models import Enterprise

from ..forms.orders import CancelForm, OrderDocumentForm, OverrideForm, VersionForm
from ..services import add_order_document, allocate_order, cancel_order, override_allocation
from .orders import managed_order


def _back(order_pk: int) -> HttpResponse:
    return redirect("market:order_detail", pk=order_pk)


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)


def _run(request: HttpRequest, order_pk: int, write: Callable[[], object], success: str) -> HttpResponse:
    try:
        write()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(order_pk)


@login_required
@require_POST
def order_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    order = managed_order(request, pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None

    def write() -> None:
        allocation = allocate_order(order, actor=request.user, expected_version=version)
        order.refresh_from_db()
        if allocation is not None:
            messages.info(
                request, _("The order is offered to %(enterprise)s.") % {"enterprise": allocation.enterprise}
            )
        elif order.status == "quoting":
            messages.info(request, _("The order now takes quotes until its deadline."))
        else:
            messages.warning(request, _("No eligible enterprise: the order is marked without an enterprise."))

    return _run(request, pk, write, _("The order's rule was run."))


@login_required
@require_POST
def order_override(request: HttpRequest, pk: int) -> HttpResponse:
    order = managed_order(request, pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(pk)
    # Any enterprise of the order's programme: the service refuses an ineligible one with its reasons.
    enterprise = Enterprise.objects.filter(
        pk=form.cleaned_data["enterprise"], programme_id=order.programme_id
    ).first()
    if enterprise is None:
        raise Http404
    return _run(
        request,
        pk,
        lambda: override_allocation(
            order,
            enterprise,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
        ),
        _("The order is offered to %(enterprise)s (override).") % {"enterprise": enterprise},
    )


@login_required
@require_POST
def order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    order = managed_order(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(pk)
    return _run(
        request,
        pk,
        lambda: cancel_order(
            order,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
        ),
        _("The order is cancelled."),
    )


@login_required
@require_POST
def order_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    order = managed_order(request, pk)
    form = OrderDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(pk)
    return _run(
        request,
        pk,
        lambda: add_order_document(order, file=form.cleaned_data["file"], actor=request.user),
        _("The document is attached."),
    )
