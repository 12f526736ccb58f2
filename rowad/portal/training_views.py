"""The holder's courses: their enrolments, each cohort's timetable, their attendance and
results, their certificate and, while the cohort runs, the QR code they show the trainer
to check in. Reads go through rowad.training.queries, limited to the holder's own."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.safestring import mark_safe

from rowad.accounts.scope import scope_for
from rowad.core.errors import translate_stored
from rowad.training.attendance import attendance_rate
from rowad.training.checkin import checkin_token
from rowad.training.enums import AttendanceStatus, CohortState, EnrolmentStatus
from rowad.training.queries import enrolments_visible_to, waiting_position

from .views import holder_required


def own_enrolments(user):
    """The holder's enrolments. enrolments_visible_to already limits a holder to theirs;
    the extra filter keeps a user who is also staff from seeing their staff scope here."""
    qs = enrolments_visible_to(user).select_related("cohort__course__specialty", "cohort__province")
    if scope_for(user).is_platform_admin:
        return qs
    return qs.filter(person__user=user, person__merged_into__isnull=True)


def timetable(cohort) -> dict[str, Any]:
    """The cohort's days (in the week's order from the cohort's first listed day) and hours."""
    return {
        "days": [str(WEEKDAYS[int(day) - 1]) for day in cohort.weekdays or () if 1 <= int(day) <= 7],
        "morning": (cohort.morning_starts_at, cohort.morning_ends_at) if cohort.morning_starts_at else None,
        "afternoon": (cohort.afternoon_starts_at, cohort.afternoon_ends_at)
        if cohort.afternoon_starts_at
        else None,
    }


def is_running(enrolment) -> bool:
    """Check-in is open while the cohort runs and the holder holds a seat in it."""
    cohort = enrolment.cohort
    today = timezone.localdate()
    return (
        enrolment.status == EnrolmentStatus.ENROLLED
        and cohort.state == CohortState.RUNNING
        and cohort.starts_on <= today <= cohort.ends_on
    )


def attendance_of(enrolment) -> dict[str, Any]:
    counts = dict(enrolment.marks.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "present": counts.get(AttendanceStatus.PRESENT, 0),
        "late": counts.get(AttendanceStatus.LATE, 0),
        "absent": counts.get(AttendanceStatus.ABSENT, 0),
        "excused": counts.get(AttendanceStatus.EXCUSED, 0),
        "rate": attendance_rate(enrolment),
    }


def results_of(enrolment) -> list[dict[str, Any]]:
    """Per module of the course, the best mark of every attempt (None when not assessed)."""
    best = dict(
        enrolment.assessments.values("module_id").annotate(m=Max("mark")).values_list("module_id", "m")
    )
    return [
        {"module": module, "mark": best.get(module.pk), "pass_mark": module.pass_mark}
        for module in enrolment.cohort.course.modules.all()
    ]


def reasons_of(enrolment) -> list[str]:
    """The stored reasons of the result, in the holder's language. Each is a dict
    {"reason", "params", "outcome"} or a plain text (kept tolerant)."""
    lines = []
    for item in enrolment.result_reasons or ():
        if isinstance(item, dict):
            if item.get("outcome") in ("passed", "met"):
                continue
            text = translate_stored(str(item.get("reason") or ""), item.get("params") or None)
        else:
            text = translate_stored(str(item))
        if text:
            lines.append(text)
    return lines


def qr_svg(data: str):
    import segno

    code = segno.make(data, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=6, border=2, dark="#000", light="#fff"))  # nosec B308 B703


@holder_required
def training(request: HttpRequest) -> HttpResponse:
    rows = []
    for enrolment in own_enrolments(request.user).order_by("-cohort__starts_on", "pk"):
        rows.append(
            {
                "enrolment": enrolment,
                "position": waiting_position(enrolment),
                "running": is_running(enrolment),
            }
        )
    return render(request, "portal/training_list.html", {"rows": rows})


@holder_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(own_enrolments(request.user), pk=pk)
    running = is_running(enrolment)
    certificate = getattr(enrolment, "certificate", None)
    return render(
        request,
        "portal/training_detail.html",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "position": waiting_position(enrolment),
            "timetable": timetable(enrolment.cohort),
            "attendance": attendance_of(enrolment),
            "results": results_of(enrolment),
            "reasons": reasons_of(enrolment),
            "certificate": certificate,
            "running": running,
            "qr": qr_svg(checkin_token(enrolment)) if running else None,
        },
    )
