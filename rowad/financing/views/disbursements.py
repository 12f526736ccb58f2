"""Financing pages: the tranches of a line (with the form to record one) and of a plan,
and the private download of a tranche's invoice. Thin: parse the form, call
services.disbursements, say what happened. Reads through `lines_visible_to` /
`disbursements_visible_to`, writes through `lines_decided_by` (the dossier's agency
officers and the officers of the line's own funder)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.core.audit import record_action
from rowad.core.errors import DomainError
from rowad.core.uploads import sniffed_type

from .. import queries
from ..forms.disbursements import DisbursementForm
from ..models import ZERO, PlanLine
from ..money import format_money
from ..services import disbursements as services

# Staff who read the tranches: the plan's readers and the line's funder officers.
STAFF = queries.READERS + queries.FUNDERS


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _row(line: PlanLine) -> dict[str, Any]:
    """A line with its tranches and what remains to disburse on it."""
    tranches = list(line.disbursements.select_related("paid_by", "recorded_by").order_by("paid_on", "id"))
    approved = line.approved_amount
    return {
        "line": line,
        "currency": line.plan.currency,
        "tranches": tranches,
        "approved": approved,
        "disbursed": line.disbursed_amount,
        "remaining": max(approved - line.disbursed_amount, ZERO) if approved is not None else None,
    }


def _can_record(request: HttpRequest, line: PlanLine) -> bool:
    return (
        request.user.has_perm("financing.decide_financing")
        and queries.lines_decided_by(request.user).filter(pk=line.pk).exists()
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_disbursements(request: HttpRequest, pk: int) -> HttpResponse:
    """A line's tranches and what remains to disburse; the form to record one."""
    _require(request, "financing.view_financing")
    line = get_object_or_404(queries.lines_visible_to(request.user, roles=STAFF), pk=pk)
    can_record = _can_record(request, line)
    form = None
    if can_record:
        form = DisbursementForm(request.POST or None, request.FILES or None, line=line)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                disbursement = services.record_disbursement(
                    line,
                    amount=data["amount"],
                    paid_on=data["paid_on"],
                    purpose=data["purpose"],
                    supplier=data["supplier"],
                    invoice_number=data["invoice_number"],
                    invoice=data["invoice"],
                    paid_by=data["paid_by"],
                    client_uuid=data["client_uuid"],
                    actor=request.user,
                )
            except DomainError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
                else:
                    form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Tranche recorded: %(amount)s")
                    % {"amount": format_money(disbursement.amount, line.plan.currency)},
                )
                return redirect("financing:line_disbursements", pk=line.pk)
        line.refresh_from_db(fields=["disbursed_amount"])
    return render(
        request,
        "financing/disbursements/line.html",
        {
            "line": line,
            "plan": line.plan,
            "dossier": line.plan.dossier,
            "row": _row(line),
            "form": form,
            "can_record": can_record,
            "open": line.approved_amount is not None and line.disbursed_amount < line.approved_amount,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def plan_disbursements(request: HttpRequest, pk: int) -> HttpResponse:
    """The tranches of every line of a plan the user reads (a funder's officer: only the
    lines their organization finances), with what remains on each and in all."""
    _require(request, "financing.view_financing")
    plan = get_object_or_404(queries.plans_visible_to(request.user, roles=STAFF), pk=pk)
    lines = list(
        queries.lines_visible_to(request.user, roles=STAFF).filter(plan=plan).order_by("position", "id")
    )
    rows = [_row(line) for line in lines]
    approved = sum((row["approved"] for row in rows if row["approved"] is not None), Decimal("0"))
    disbursed = sum((row["disbursed"] for row in rows), Decimal("0"))
    return render(
        request,
        "financing/disbursements/plan.html",
        {
            "plan": plan,
            "dossier": plan.dossier,
            "rows": rows,
            "approved": approved,
            "disbursed": disbursed,
            "remaining": max(approved - disbursed, ZERO),
            "count": sum(len(row["tranches"]) for row in rows),
        },
    )


@login_required
def disbursement_invoice(request: HttpRequest, pk: int) -> HttpResponse:
    """The invoice of a tranche, as an attachment, to those who read the line."""
    _require(request, "financing.view_financing")
    disbursement = get_object_or_404(queries.disbursements_visible_to(request.user, roles=STAFF), pk=pk)
    if not disbursement.invoice:
        raise Http404
    try:
        handle = disbursement.invoice.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = sniffed_type(handle) or "application/octet-stream"
    record_action("financing.disbursement.invoice_downloaded", disbursement, actor=request.user)
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=True,
        filename=disbursement.invoice_name or disbursement.invoice.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
