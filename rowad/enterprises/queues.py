"""The mentor's home (issue 16): their caseload and the visits overdue in it. The caseload
is `caseload_dossiers` (the "my caseload" page's); a visit is overdue when the app's one
alert says so (`alerts.enterprise_alerts`, NO_VISIT), never by a second rule."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first, provide_queue

from .alerts import enterprise_alerts
from .models import Enterprise
from .queries import caseload_dossiers


def _caseload_enterprises(context: QueueContext):
    dossiers = caseload_dossiers(context.user).order_by().values("pk")
    return Enterprise.objects.filter(dossier__in=dossiers).select_related("dossier", "province")


def caseload(context: QueueContext) -> WorkQueue:
    """Every dossier the mentor accompanies; those with an enterprise link to it (the least
    recently visited first), the others to the dossier's next accompaniment session."""
    dossiers = list(caseload_dossiers(context.user).order_by("pk"))
    enterprises = {e.dossier_id: e for e in _caseload_enterprises(context)}
    items = []
    for dossier in dossiers:
        enterprise = enterprises.get(dossier.pk)
        if enterprise is not None:
            items.append(
                QueueItem(
                    enterprise.display_name,
                    reverse("enterprises:detail", args=[enterprise.pk]),
                    since=enterprise.last_visit_on or enterprise.created_on,
                    detail=f"{dossier.reference} · {enterprise.province}",
                )
            )
        else:
            items.append(
                QueueItem(
                    str(dossier),
                    reverse("enterprises:session_new", args=[dossier.pk]),
                    detail=f"{dossier.get_state_display()} · {dossier.province}",
                )
            )
    return WorkQueue(
        key="enterprises.caseload",
        title=_("My caseload"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        more_url=reverse("enterprises:my_caseload"),
        action=_("Open"),
        empty=_("No dossier is given to you to accompany."),
        order=20,
    )


def overdue_visits(context: QueueContext) -> WorkQueue:
    enterprises = _caseload_enterprises(context)
    alerts = enterprise_alerts(enterprises, on=context.today)
    overdue = {pk: a for pk, found in alerts.items() for a in found if a.is_no_visit}
    items = []
    for enterprise in enterprises.filter(pk__in=list(overdue)):
        alert = overdue[enterprise.pk]
        last = (
            gettext("last visit %(date)s") % {"date": date_format(alert.detail)}
            if alert.detail
            else gettext("never visited")
        )
        items.append(
            QueueItem(
                enterprise.display_name,
                reverse("enterprises:visit_new", args=[enterprise.pk]),
                since=alert.since,
                detail=f"{enterprise.province} · {last}",
                late=True,
            )
        )
    return WorkQueue(
        key="enterprises.overdue_visits",
        title=_("Overdue visits"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        more_url=reverse("enterprises:my_caseload"),
        action=_("Record the visit"),
        empty=_("No visit is overdue."),
        order=10,
    )


def register() -> None:
    provide_queue(Role.MENTOR, overdue_visits)
    provide_queue(Role.MENTOR, caseload)
