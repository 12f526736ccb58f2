"""Reads of data protection: the requests an officer handles (scoped per membership), a
holder's own requests, and who is due for anonymisation under the retention periods."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import DossierHolder, StateChange
from rowad.enterprises.enums import EnterpriseStatus, LifeEventKind
from rowad.enterprises.models import LifeEvent
from rowad.outreach.models import Registration
from rowad.people.models import Person
from rowad.training.models import Enrolment

from .enums import RequestKind, RequestStatus, RetentionCategory
from .models import DataSubjectRequest

# The role that handles people's requests (the one that exports and erases a person).
HANDLERS = (Role.AGENCY_OFFICER,)


# --- requests ----------------------------------------------------------------------------


def request_delay_days(kind: str) -> int:
    """The legal delay to answer a request of `kind` (ROWAD_SUBJECT_REQUEST_<KIND>_DAYS)."""
    return int(getattr(settings, f"ROWAD_SUBJECT_REQUEST_{RequestKind(kind).name}_DAYS"))


def requests_visible_to(user: Any) -> QuerySet[DataSubjectRequest]:
    """Requests of the people one agency-officer membership of the user reaches (their
    province among its provinces, or registered by its organization)."""
    scope = scope_for(user)
    base = DataSubjectRequest.objects.select_related("person", "person__province", "answered_by")
    if scope.is_platform_admin:
        return base
    if not scope.grants_for(*HANDLERS):
        return base.none()
    return base.filter(
        scope.reach_q(*HANDLERS, province="person__province_id", organization="person__organization_id")
    )


def queue_for(user: Any) -> QuerySet[DataSubjectRequest]:
    """The open requests, overdue first, then by due date."""
    return requests_visible_to(user).filter(status=RequestStatus.OPEN).order_by("due_on", "received_on", "pk")


@dataclass(frozen=True)
class QueueCounts:
    open: int
    due_soon: int
    overdue: int


def queue_counts(queue: QuerySet[DataSubjectRequest], *, today: datetime.date | None = None) -> QueueCounts:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.ROWAD_SUBJECT_REQUEST_DUE_SOON_DAYS)
    return QueueCounts(
        open=queue.count(),
        due_soon=queue.filter(due_on__gte=today, due_on__lte=soon).count(),
        overdue=queue.filter(due_on__lt=today).count(),
    )


def holder_person(user: Any) -> Person | None:
    """The registry record of a project holder (their own, never another's)."""
    person_id = scope_for(user).person_id
    if not person_id:
        return None
    return Person.objects.filter(pk=person_id, merged_into__isnull=True, erased_at__isnull=True).first()


def requests_of(person: Person) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(person=person).order_by("-received_on", "-pk")


# --- retention ---------------------------------------------------------------------------


def retention_days(category: str) -> int:
    """The retention period of `category` (ROWAD_RETENTION_<CATEGORY>_DAYS)."""
    return int(getattr(settings, f"ROWAD_RETENTION_{RetentionCategory(category).name}_DAYS"))


# A dossier has ended when it was refused or given up, or closed; one that became an
# enterprise ends when the enterprise does (closed, or transferred to a new owner).
ENDED_DOSSIER = (DossierState.REJECTED, DossierState.WITHDRAWN, DossierState.CLOSED)
ENDED_ENTERPRISE = (EnterpriseStatus.CLOSED, EnterpriseStatus.TRANSFERRED)


def _dossier_ended_q(prefix: str = "dossier__") -> Q:
    no_enterprise = Q(**{f"{prefix}enterprise__isnull": True})
    return (Q(**{f"{prefix}state__in": ENDED_DOSSIER}) & no_enterprise) | Q(
        **{f"{prefix}enterprise__status__in": ENDED_ENTERPRISE}
    )


@dataclass(frozen=True)
class Due:
    person_id: int
    category: str
    ended_on: datetime.date


def _day(value: Any) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def due_for_retention(today: datetime.date | None = None) -> list[Due]:
    """Every person whose records have all ended, and ended longer ago than the retention
    period of what they ended as: a closed enterprise, else a dossier that ended without
    one, else a registration never followed by a dossier, else a bare registry entry. The
    end is the newest of the outcome's date, their last registration and their last
    course (a person trained last month is not due). Erased and merged people are left
    out; so is anyone with an open request (an objection or a rectification in hand)."""
    today = today or timezone.localdate()
    shortest = min(retention_days(c) for c in RetentionCategory.values)
    links = DossierHolder.objects.filter(person=OuterRef("pk"))
    candidates = (
        Person.objects.filter(erased_at__isnull=True, merged_into__isnull=True)
        .filter(created_at__date__lte=today - datetime.timedelta(days=shortest))
        .exclude(Exists(links.exclude(_dossier_ended_q())))
        .exclude(Exists(DataSubjectRequest.objects.filter(person=OuterRef("pk"), status=RequestStatus.OPEN)))
        .annotate(
            has_dossier=Exists(links),
            has_enterprise=Exists(links.filter(dossier__enterprise__isnull=False)),
            has_registration=Exists(Registration.objects.filter(person=OuterRef("pk"))),
            last_change=Subquery(
                StateChange.objects.filter(dossier__holder_links__person=OuterRef("pk"))
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
            last_closing=Subquery(
                LifeEvent.objects.filter(
                    enterprise__dossier__holder_links__person=OuterRef("pk"),
                    kind__in=(LifeEventKind.CLOSED, LifeEventKind.TRANSFERRED),
                )
                .order_by("-occurred_on")
                .values("occurred_on")[:1]
            ),
            last_registration=Max("outreach_registrations__captured_at"),
            last_course=Subquery(
                Enrolment.objects.filter(person=OuterRef("pk"))
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
        )
        .order_by("pk")
    )
    due = []
    for person in candidates.iterator():
        if person.has_enterprise:
            category, ended = RetentionCategory.CLOSED_ENTERPRISE, [person.last_closing, person.last_change]
        elif person.has_dossier:
            category, ended = RetentionCategory.REJECTED_DOSSIER, [person.last_change]
        elif person.has_registration:
            category, ended = RetentionCategory.REGISTRATION, []
        else:
            category, ended = RetentionCategory.INACTIVE, [person.created_at]
        days = [d for d in (_day(v) for v in (*ended, person.last_registration, person.last_course)) if d]
        ended_on = max(days) if days else _day(person.created_at)
        if ended_on <= today - datetime.timedelta(days=retention_days(category)):
            due.append(Due(person.pk, category, ended_on))
    return due


def retention_runs() -> QuerySet:
    from .models import RetentionRun

    return RetentionRun.objects.all()
