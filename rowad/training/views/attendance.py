"""Training pages: attendance — the trainer's cohorts, the roll call (offline on a phone),
the QR check-in scan, the acknowledgement of absence alerts, and the attendance panel of
the cohort page."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rowad.core.errors import DomainError

from .. import queries
from ..attendance import attendance_rates, attended_counts, current_half_day, held_half_days, is_cohort_day
from ..checkin import read_checkin_token
from ..enums import AbsenceReason, AttendanceStatus, CohortState, EnrolmentStatus, HalfDay, MarkOutcome
from ..models import AttendanceMark, Cohort
from ..services import attendance as services


def _can_take_attendance(user: Any) -> bool:
    return user.has_perm("training.teach") or user.has_perm("training.manage_training")


def cohort_for_attendance(request: HttpRequest, pk: int) -> Cohort:
    """The one access helper: a role that takes attendance (403), then a cohort the user
    teaches or manages (404 outside)."""
    if not _can_take_attendance(request.user):
        raise PermissionDenied
    return get_object_or_404(queries.cohorts_attended_by(request.user), pk=pk)


def reverse_or_none(name: str, *args: Any) -> str | None:
    """A URL of another area, when that area has it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _cohort_page(cohort: Cohort) -> str:
    return reverse_or_none("training:cohort_detail", cohort.pk) or reverse(
        "training:roll_call", args=[cohort.pk]
    )


# --- the trainer's cohorts ---------------------------------------------------------------


@login_required
@require_GET
def my_cohorts(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("training.teach"):
        raise PermissionDenied
    today = timezone.localdate()
    now = timezone.localtime()
    cohorts = list(queries.cohorts_taught_by(request.user).exclude(state=CohortState.CANCELLED))
    for cohort in cohorts:
        cohort.meets_today = is_cohort_day(cohort, today)
        cohort.current_half_day = HalfDay(current_half_day(cohort, now)).label if cohort.meets_today else ""
        cohort.is_over = cohort.ends_on < today
        cohort.marks_url = reverse_or_none("training:marks", cohort.pk)
        cohort.page_url = reverse_or_none("training:cohort_detail", cohort.pk)
    # Today's sessions first, then the running ones, the coming ones, the finished ones.
    cohorts.sort(
        key=lambda c: (not c.meets_today, c.is_over, c.starts_on > today, abs((c.starts_on - today).days))
    )
    return render(request, "training/my_cohorts.html", {"cohorts": cohorts, "today": today})


# --- the roll call -----------------------------------------------------------------------


def _roll_call_slot(request: HttpRequest, cohort: Cohort) -> tuple[datetime.date, str]:
    """The half-day asked for (?day=YYYY-MM-DD&half=am|pm), by default today's current one."""
    try:
        day = parse_date(request.GET.get("day") or "")
    except ValueError:
        day = None
    half = request.GET.get("half")
    day = day or timezone.localdate()
    if half not in HalfDay.values:
        half = current_half_day(cohort) if day == timezone.localdate() else cohort.half_days[0]
    return day, half


@login_required
@require_GET
def roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_for_attendance(request, pk)
    day, half_day = _roll_call_slot(request, cohort)
    today = timezone.localdate()
    problem = ""
    if day > today:
        problem = _("Attendance cannot be taken for a day in the future.")
    elif not is_cohort_day(cohort, day):
        problem = _("The session does not meet on this day. Choose one of its days below.")
    elif half_day not in cohort.half_days:
        problem = _("The session does not meet in this half-day.")
    held = held_half_days(cohort)
    slot_held = (day, half_day) in held
    enrolments = list(
        cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED)
        .select_related("person")
        .order_by("person__family_name_ar", "person__given_name_ar", "pk")
    )
    marks = {
        m.enrolment_id: m
        for m in AttendanceMark.objects.filter(enrolment__cohort=cohort, day=day, half_day=half_day)
    }
    attended = attended_counts(cohort, held, leave_out=(day, half_day))
    held_other = len(held) - (1 if slot_held else 0)
    for enrolment in enrolments:
        enrolment.mark = marks.get(enrolment.pk)
        enrolment.attended_other = attended.get(enrolment.pk, 0)
    days = sorted({d for d, _slot in held}, reverse=True)
    if today not in days and is_cohort_day(cohort, today):
        days.insert(0, today)
    context = {
        "cohort": cohort,
        "day": day,
        "half_day": half_day,
        "half_day_label": HalfDay(half_day).label,
        "problem": problem,
        "enrolments": enrolments,
        "held_other": held_other,
        "slot_held": slot_held,
        "days": days,
        "half_days": [(value, HalfDay(value).label) for value in cohort.half_days],
        "labels_json": json.dumps({"": _("Tap to mark"), **{k: str(v) for k, v in AttendanceStatus.choices}}),
        "outcomes_json": json.dumps({k: str(v) for k, v in MarkOutcome.choices}),
        "reasons": AbsenceReason.choices,
        "api_url": reverse("training-attendance-list"),
        "scan_url": reverse("training:checkin_scan", args=[cohort.pk]),
        "cohort_url": reverse_or_none("training:cohort_detail", cohort.pk),
    }
    return render(request, "training/roll_call.html", context)


# --- QR check-in -------------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_http_methods(["GET", "POST"])
def checkin_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The trainer scans a trainee's QR code (or types it): present, or late after the
    half-day's start plus 15 minutes, for today's current half-day."""
    cohort = cohort_for_attendance(request, pk)
    if request.method == "POST":
        answer: dict[str, Any]
        try:
            enrolment_id = read_checkin_token(request.POST.get("token", ""))
            result = services.check_in(cohort, enrolment_id, actor=request.user)
        except DomainError as error:
            answer = {"status": MarkOutcome.REFUSED, "detail": error.message, "code": error.code}
        else:
            enrolment = cohort.enrolments.select_related("person").filter(pk=enrolment_id).first()
            mark = result.mark
            answer = {
                "status": result.outcome,
                "detail": result.detail,
                "code": result.code,
                "name": enrolment.person.display_name if enrolment else "",
                "attendance": mark.get_status_display() if mark else "",
            }
        answer["label"] = str(MarkOutcome(answer["status"]).label)
        if _wants_json(request):
            return JsonResponse(answer, status=403 if answer.get("code") == "not_their_cohort" else 200)
        text = " — ".join(
            v
            for v in (answer.get("name"), answer["label"], answer.get("attendance"), answer.get("detail"))
            if v
        )
        level = messages.ERROR if answer["status"] == MarkOutcome.REFUSED else messages.SUCCESS
        messages.add_message(request, level, text)
        return redirect("training:checkin_scan", pk=cohort.pk)
    context = {
        "cohort": cohort,
        "day": timezone.localdate(),
        "meets_today": is_cohort_day(cohort, timezone.localdate()),
        "half_day_label": HalfDay(current_half_day(cohort)).label,
        "roll_call_url": reverse("training:roll_call", args=[cohort.pk]),
    }
    return render(request, "training/checkin_scan.html", context)


# --- absence alerts ----------------------------------------------------------------------


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("training.manage_training"):
        raise PermissionDenied
    alert = get_object_or_404(queries.absence_alerts_visible_to(request.user), pk=pk)
    cohort = alert.enrolment.cohort
    if not queries.cohorts_managed_by(request.user).filter(pk=cohort.pk).exists():
        raise PermissionDenied
    try:
        services.acknowledge_alert(alert, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The alert was acknowledged."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = _cohort_page(cohort)
    return redirect(target)


# --- the cohort page's panel -------------------------------------------------------------

STATUS_SYMBOLS = {
    AttendanceStatus.PRESENT: "●",
    AttendanceStatus.LATE: "◐",
    AttendanceStatus.ABSENT: "○",
    AttendanceStatus.EXCUSED: "◌",
}


def cohort_panel(request: HttpRequest, cohort: Any) -> dict[str, Any]:
    """Context for this area's panel on the cohort page (training/cohort/_panel_attendance.html):
    each trainee's rate, the open absence alerts, and the marks by day."""
    user = request.user
    held = held_half_days(cohort)
    days = sorted({d for d, _slot in held})
    enrolments = list(
        cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED)
        .select_related("person")
        .order_by("person__family_name_ar", "person__given_name_ar", "pk")
    )
    rates = attendance_rates(cohort)
    cells: dict[tuple[int, datetime.date, str], str] = {}
    for enrolment_id, day, half, status in AttendanceMark.objects.filter(
        enrolment__cohort=cohort
    ).values_list("enrolment_id", "day", "half_day", "status"):
        cells[(enrolment_id, day, half)] = status
    labels = dict(AttendanceStatus.choices)
    rows = []
    for enrolment in enrolments:
        row_cells = []
        for day, half in held:
            status = cells.get((enrolment.pk, day, half), "")
            row_cells.append(
                {"status": status, "symbol": STATUS_SYMBOLS.get(status, "·"), "label": labels.get(status, "")}
            )
        rows.append({"enrolment": enrolment, "rate": rates.get(enrolment.pk), "cells": row_cells})
    can_manage = (
        user.has_perm("training.manage_training")
        and queries.cohorts_managed_by(user).filter(pk=cohort.pk).exists()
    )
    can_take = _can_take_attendance(user) and queries.cohorts_attended_by(user).filter(pk=cohort.pk).exists()
    alerts = list(
        queries.absence_alerts_visible_to(user)
        .filter(enrolment__cohort=cohort, acknowledged_at__isnull=True)
        .order_by("since_day", "pk")
    )
    return {
        "attendance_panel": {
            "rows": rows,
            "held": held,
            "days": days,
            "alerts": alerts,
            "can_manage": can_manage,
            "can_take": can_take,
            "legend": [(STATUS_SYMBOLS[s], labels[s]) for s in AttendanceStatus.values],
            "min_rate": cohort.course.min_attendance_rate,
            "roll_call_url": reverse("training:roll_call", args=[cohort.pk]),
            "scan_url": reverse("training:checkin_scan", args=[cohort.pk]),
        }
    }
