"""The cohort page gathers one panel per area; each area's views module gives its context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import assessments, attendance, certificates, enrolment

PANEL_TEMPLATES = (
    "training/cohort/_panel_enrolment.html",
    "training/cohort/_panel_attendance.html",
    "training/cohort/_panel_assessments.html",
    "training/cohort/_panel_certificates.html",
)


def cohort_panels(request: HttpRequest, cohort: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"panel_templates": PANEL_TEMPLATES}
    for area in (enrolment, attendance, assessments, certificates):
        context.update(area.cohort_panel(request, cohort))
    return context
