"""Repayment schedule pages: a schedule with its instalments, payments and earlier
versions; generating a line's schedule; recording a payment; rescheduling.

Agency officers of the dossier write (generate, reschedule, pay); a funder's officer posts
payments on their organization's lines; readers read. The permission first, then the
object through the scoped queries (404 outside)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.core.errors import ConflictError, DomainError

from .. import queries
from ..enums import ScheduleState
from ..forms.schedules import GenerateScheduleForm, PaymentForm, RescheduleForm
from ..models import RepaymentSchedule
from ..money import format_amount, format_money
from ..services import schedules as services

VIEW, MANAGE, DECIDE = "financing.view_financing", "financing.manage_financing", "financing.decide_financing"
ZERO = Decimal("0.00")


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _managed_schedules(user: Any):
    return queries.schedules_visible_to(user, roles=queries.MANAGERS)


def _paying_schedules(user: Any):
    """Schedules of the lines whose payments the user posts: the agency officers' and the
    line's funder officers'."""
    return queries.schedules_visible_to(user, roles=queries.MANAGERS + queries.FUNDERS)


def _save(request: HttpRequest, form: Any, write: Callable[[], Any]) -> tuple[Any, str | None]:
    """Run a service write for a valid bound form: (result or None, conflict message or
    None). A refusal lands on the form (its field when the form has it)."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    try:
        return write(), None
    except ConflictError as exc:
        return None, exc.message
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None, None


def _instalment_rows(schedule: RepaymentSchedule, today) -> tuple[list[dict], dict]:
    rows = []
    totals = dict.fromkeys(("principal", "interest", "due", "subsidised", "paid", "remaining"), ZERO)
    for instalment in schedule.instalments.order_by("number"):
        remaining = instalment.remaining
        row = {
            "number": instalment.number,
            "due_on": instalment.due_on,
            "principal": instalment.principal,
            "interest": instalment.interest,
            "due": instalment.amount_due,
            "subsidised": instalment.subsidised_interest,
            "paid": instalment.amount_paid,
            "remaining": remaining,
            "settled_on": instalment.settled_on,
            "late": instalment.settled_on is None and instalment.due_on < today,
        }
        for key in totals:
            totals[key] += row[key]
        rows.append(row)
    return rows, totals


def _formatted(values: dict) -> dict:
    return {k: format_amount(v) if isinstance(v, Decimal) else v for k, v in values.items()}


@login_required
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, VIEW)
    schedule = get_object_or_404(queries.schedules_visible_to(request.user), pk=pk)
    today = timezone.localdate()
    rows, totals = _instalment_rows(schedule, today)
    payments = [
        {
            "payment": payment,
            "amount": format_money(payment.amount, payment.currency),
            "allocations": [
                {
                    "number": allocation.instalment.number,
                    "interest": format_amount(allocation.interest),
                    "principal": format_amount(allocation.principal),
                }
                for allocation in payment.allocations.all()
            ],
        }
        for payment in schedule.payments.prefetch_related("allocations__instalment").order_by("paid_on", "pk")
    ]
    versions = queries.schedules_visible_to(request.user).filter(line_id=schedule.line_id).order_by("number")
    active = schedule.state == ScheduleState.ACTIVE
    context = {
        "schedule": schedule,
        "line": schedule.line,
        "dossier": schedule.line.plan.dossier,
        "rows": [_formatted(row) for row in rows],
        "totals": _formatted(totals),
        "late_count": sum(1 for row in rows if row["late"]),
        "principal": format_money(schedule.principal, schedule.currency),
        "outstanding": format_money(schedule.outstanding_principal, schedule.currency),
        "payments": payments,
        "versions": versions,
        "successor": RepaymentSchedule.objects.filter(supersedes=schedule).first(),
        "plan_visible": queries.plans_visible_to(request.user).filter(pk=schedule.line.plan_id).exists(),
        "can_pay": active
        and request.user.has_perm(DECIDE)
        and _paying_schedules(request.user).filter(pk=schedule.pk).exists(),
        "can_reschedule": active
        and request.user.has_perm(MANAGE)
        and _managed_schedules(request.user).filter(pk=schedule.pk).exists(),
    }
    return render(request, "financing/schedule_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_generate(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, MANAGE)
    line = get_object_or_404(queries.lines_managed_by(request.user), pk=pk)
    existing = line.schedules.filter(state=ScheduleState.ACTIVE).first()
    form = GenerateScheduleForm(request.POST or None)
    schedule, _conflict = _save(
        request,
        form,
        lambda: services.generate_schedule(
            line, first_due=form.cleaned_data["first_due"], actor=request.user
        ),
    )
    if schedule is not None:
        messages.success(request, _("The repayment schedule was generated."))
        return redirect("financing:schedule_detail", pk=schedule.pk)
    context = {
        "form": form,
        "line": line,
        "dossier": line.plan.dossier,
        "existing": existing,
        "amount": format_money(line.approved_amount, line.plan.currency) if line.approved_amount else "",
    }
    return render(request, "financing/schedule_generate.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, DECIDE)
    schedule = get_object_or_404(_paying_schedules(request.user), pk=pk)
    form = PaymentForm(request.POST or None, schedule=schedule)
    payment, conflict = _save(
        request,
        form,
        lambda: services.record_payment(
            schedule,
            amount=form.cleaned_data["amount"],
            currency=form.cleaned_data["currency"],
            paid_on=form.cleaned_data["paid_on"],
            reference=form.cleaned_data["reference"],
            client_uuid=form.cleaned_data.get("client_uuid"),
            expected_version=form.cleaned_data.get("version"),
            actor=request.user,
        ),
    )
    if payment is not None:
        messages.success(
            request,
            _("The payment of %(amount)s was recorded.")
            % {"amount": format_money(payment.amount, payment.currency)},
        )
        return redirect("financing:schedule_detail", pk=schedule.pk)
    schedule.refresh_from_db()
    context = {
        "form": form,
        "schedule": schedule,
        "dossier": schedule.line.plan.dossier,
        "conflict": conflict,
        "outstanding": format_money(schedule.outstanding_principal, schedule.currency),
    }
    return render(request, "financing/payment_form.html", context, status=409 if conflict else 200)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, MANAGE)
    schedule = get_object_or_404(_managed_schedules(request.user), pk=pk)
    form = RescheduleForm(request.POST or None, schedule=schedule)
    new, conflict = _save(
        request,
        form,
        lambda: services.reschedule(
            schedule,
            first_due=form.cleaned_data["first_due"],
            reason=form.cleaned_data["reason"],
            term_months=form.cleaned_data["term_months"],
            grace_months=form.cleaned_data["grace_months"],
            frequency=form.cleaned_data["frequency"],
            expected_version=form.cleaned_data.get("version"),
            actor=request.user,
        ),
    )
    if new is not None:
        messages.success(request, _("The schedule was rescheduled; the earlier version is kept."))
        return redirect("financing:schedule_detail", pk=new.pk)
    context = {
        "form": form,
        "schedule": schedule,
        "dossier": schedule.line.plan.dossier,
        "conflict": conflict,
        "outstanding": format_money(schedule.outstanding_principal, schedule.currency),
    }
    return render(request, "financing/reschedule_form.html", context, status=409 if conflict else 200)
