"""The monthly reports: on the 1st of each month, each report sent monthly goes to each
of its subscribers as a PDF of the month before, computed with THAT subscriber's scope
(a province officer never receives another province's numbers), in their language.

Subscribers are staff users (not project holders): the PDF goes by plain email
(EmailMessage), sent after the transaction that marks the report sent commits. A report
already sent this month (`last_sent_on`) is skipped: running the command twice, or two
runs at once, sends each report once.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import engine
from .errors import FigureError
from .models import SavedReport
from .pdf import report_pdf
from .queries import figures_scope
from .report_queries import monthly_reports, reads_for

logger = logging.getLogger(__name__)


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def subscriber_message(
    report: SavedReport, user: Any, start: datetime.date, end: datetime.date
) -> EmailMessage | None:
    """The email of one subscriber with the PDF computed with their own scope, or None
    when they no longer read the organization's figures or have no address."""
    scope = figures_scope(user)
    if not user.email or not user.is_active or not reads_for(scope, report.organization_id):
        return None
    language = getattr(user, "preferred_language", "") or "ar"
    with translation.override(language):
        try:
            filters = engine.parse_filters(QueryDict(report.query), scope)
        except FigureError as error:
            logger.warning("Monthly report %s not sent to user %s: %s", report.pk, user.pk, error.message_id)
            return None
        filters = replace(filters, start=start, end=end)
        month = start.strftime("%Y-%m")
        pdf = report_pdf(
            scope,
            filters,
            list(report.indicators),
            breakdown=report.breakdown or "province",
            title=report.name,
        )
        message = EmailMessage(
            subject=_("%(report)s — %(month)s") % {"report": report.name, "month": month},
            body=_(
                "Please find attached the report “%(report)s” for %(month)s, computed for the provinces you read."
            )
            % {"report": report.name, "month": month},
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
    message.attach(f"rowad-{report.pk}-{month}.pdf", pdf, "application/pdf")
    return message


def _send(messages: list[EmailMessage]) -> None:
    for message in messages:
        message.send()


def send_report(report_pk: int, today: datetime.date) -> int:
    """Send one report for the month before `today`, if not sent yet this month."""
    start, end = previous_month(today)
    with transaction.atomic():
        report = (
            SavedReport.objects.select_for_update()
            .filter(pk=report_pk)
            .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=today.replace(day=1)))
            .first()
        )
        if report is None:
            return 0
        messages = [
            message
            for user in report.subscribers.order_by("pk")
            if (message := subscriber_message(report, user, start, end)) is not None
        ]
        SavedReport.objects.filter(pk=report.pk).update(last_sent_on=today)
        transaction.on_commit(lambda: _send(messages))
    return len(messages)


def send_monthly_reports(today: datetime.date | None = None) -> int:
    """Every monthly report not sent this month, for the month before; the number of
    emails sent."""
    today = today or timezone.localdate()
    return sum(send_report(pk, today) for pk in monthly_reports().values_list("pk", flat=True))
