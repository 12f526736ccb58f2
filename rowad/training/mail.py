"""Mail to staff about training (staff are users, not persons: `messaging.notify` is for
the people in the registry). Called after the commit of the write that asked for it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from . import queries
from .models import AbsenceAlert


def _cohort_link(cohort) -> str:
    for name in ("training:cohort_detail", "training:roll_call"):
        try:
            path = reverse(name, kwargs={"pk": cohort.pk})
        except NoReverseMatch:
            continue
        return settings.ROWAD_PUBLIC_BASE_URL.rstrip("/") + path
    return ""


def send_absence_alert(alert_id: int) -> int:
    """Mail the alert to the agency officers of the cohort's province, each in their
    language; the number of mails sent."""
    alert = (
        AbsenceAlert.objects.select_related("enrolment__person", "enrolment__cohort__course")
        .filter(pk=alert_id, acknowledged_at__isnull=True)
        .first()
    )
    if alert is None:
        return 0
    cohort = alert.enrolment.cohort
    context = {
        "alert": alert,
        "person": alert.enrolment.person,
        "cohort": cohort,
        "link": _cohort_link(cohort),
    }
    sent = 0
    for user in queries.absence_alert_recipients(cohort):
        with translation.override(user.preferred_language or "ar"):
            subject = render_to_string("training/email/absence_alert_subject.txt", context).strip()
            body = render_to_string("training/email/absence_alert_body.txt", {**context, "user": user})
        send_mail(" ".join(subject.split()), body, None, [user.email])
        sent += 1
    return sent
