"""Scoped reads of the caseload pages (built on queries.py): the mentors an officer may
assign in their provinces, the load of each, the dossiers waiting for a mentor, and a
mentor's own caseload with its alerts and next sessions."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.models import Membership
from rowad.accounts.scope import scope_for
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from rowad.dossiers.queries import dossiers_visible_to

from .alerts import enterprise_alerts
from .models import AccompanimentSession, Enterprise, MentorAssignment, Visit
from .queries import READERS, caseload_dossiers

# Dossiers a mentor accompanies: approved, on their way to financing, financed, created.
ACCOMPANIED_STATES = (
    DossierState.APPROVED,
    DossierState.TO_FINANCING,
    DossierState.FINANCED,
    DossierState.COMPANY_CREATED,
)
RECENT_DAYS = 90
LIMIT = 200


def mentors_in(province_ids: Any) -> QuerySet:
    """Users holding an active mentor membership covering one of `province_ids` (None:
    every province)."""
    memberships = Membership.objects.filter(role=Role.MENTOR, is_active=True, user__is_active=True)
    if province_ids is not None:
        ids = sorted(province_ids)
        memberships = memberships.filter(
            Q(provinces__in=ids) | Q(provinces__isnull=True, organization__provinces__in=ids)
        )
    return (
        get_user_model()
        .objects.filter(pk__in=memberships.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )


def mentors_for_dossier(dossier: Dossier) -> QuerySet:
    return mentors_in([dossier.province_id])


def officer_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers an officer or a director reaches that are (or will be) accompanied."""
    return dossiers_visible_to(user, roles=READERS).filter(state__in=ACCOMPANIED_STATES)


def mentor_loads(user: Any, on: datetime.date) -> dict[str, Any]:
    """For an officer or a director: each mentor of their provinces with the dossiers and
    enterprises they accompany (among those the user reaches), their visits of the last 90
    days and their enterprises with alerts; the accompanied enterprises with an alert; the
    dossiers without a mentor; the dossiers with one (for reassigning)."""
    dossiers = officer_dossiers(user)
    ids = dossiers.order_by().values("pk")
    open_rows = MentorAssignment.objects.filter(dossier__in=ids, ended_on__isnull=True)
    per_mentor = {
        row["mentor_id"]: row
        for row in open_rows.values("mentor_id").annotate(
            dossiers=Count("id"), enterprises=Count("dossier__enterprise")
        )
    }
    visits = dict(
        Visit.objects.filter(
            enterprise__dossier__in=ids, visited_on__gte=on - datetime.timedelta(days=RECENT_DAYS)
        )
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    mentor_of = dict(
        open_rows.filter(dossier__enterprise__isnull=False).values_list(
            "dossier__enterprise__id", "mentor_id"
        )
    )
    alerts = enterprise_alerts(Enterprise.objects.filter(pk__in=list(mentor_of)), on=on)
    alerted = Counter(mentor_of[pk] for pk in alerts)
    names = {u.pk: u for u in get_user_model().objects.filter(pk__in=set(mentor_of.values()))}
    flagged = list(Enterprise.objects.filter(pk__in=list(alerts)[:LIMIT]).select_related("dossier"))
    for enterprise in flagged:
        enterprise.alerts = alerts[enterprise.pk]
        enterprise.mentor = names.get(mentor_of[enterprise.pk])
    flagged.sort(key=lambda e: (e.last_visit_on or e.created_on, e.pk))
    mentor_ids = set(per_mentor)
    mentors = mentors_in(scope_for(user).province_ids(*READERS)) | get_user_model().objects.filter(
        pk__in=mentor_ids
    )
    rows = [
        {
            "mentor": mentor,
            "dossiers": per_mentor.get(mentor.pk, {}).get("dossiers", 0),
            "enterprises": per_mentor.get(mentor.pk, {}).get("enterprises", 0),
            "visits": visits.get(mentor.pk, 0),
            "alerts": alerted.get(mentor.pk, 0),
        }
        for mentor in mentors.distinct().order_by("first_name", "last_name", "username")
    ]
    base = dossiers.select_related("programme", "province").order_by("-id")
    unassigned = list(base.exclude(mentor_assignments__ended_on__isnull=True)[:LIMIT])
    assigned = list(base.filter(mentor_assignments__ended_on__isnull=True).distinct()[:LIMIT])
    current = {
        a.dossier_id: a
        for a in MentorAssignment.objects.filter(
            dossier__in=[d.pk for d in assigned], ended_on__isnull=True
        ).select_related("mentor")
    }
    for dossier in assigned:
        dossier.current_assignment = current.get(dossier.pk)
    return {"rows": rows, "unassigned": unassigned, "assigned": assigned, "alerted": flagged}


def my_caseload(user: Any, on: datetime.date) -> dict[str, Any]:
    """A mentor's caseload: dossiers without an enterprise yet, enterprises (those with an
    alert first), the alerts, and the next sessions planned."""
    dossiers = list(caseload_dossiers(user).order_by("-id"))
    enterprises = list(
        Enterprise.objects.filter(dossier__in=[d.pk for d in dossiers]).select_related("dossier", "province")
    )
    alerts = enterprise_alerts(Enterprise.objects.filter(pk__in=[e.pk for e in enterprises]), on=on)
    for enterprise in enterprises:
        enterprise.alerts = alerts.get(enterprise.pk, [])
    enterprises.sort(key=lambda e: (not e.alerts, e.last_visit_on or e.created_on, e.pk))
    with_enterprise = {e.dossier_id for e in enterprises}
    upcoming = list(
        AccompanimentSession.objects.filter(dossier__in=[d.pk for d in dossiers], next_session_on__gte=on)
        .select_related("dossier", "topic")
        .order_by("next_session_on", "id")[:20]
    )
    return {
        "dossiers": [d for d in dossiers if d.pk not in with_enterprise],
        "enterprises": enterprises,
        "alerted": [e for e in enterprises if e.alerts],
        "upcoming": upcoming,
    }
