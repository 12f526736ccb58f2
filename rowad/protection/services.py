"""Writes of data protection: people's requests (open, answer, close) and the retention
run that anonymises whoever is past their period (through the erasure machinery)."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.errors import DomainError
from rowad.messaging import services as messaging
from rowad.people import services as people_services
from rowad.people.models import Person

from .enums import ProtectionErrorCode, RequestKind, RequestStatus, RetentionCategory
from .models import DataSubjectRequest, RetentionRun
from .queries import due_for_retention, request_delay_days

CHANNELS = ("email", "sms")
SAMPLE_SIZE = 10
# What the retention job keeps on the anonymous person row beyond what every erasure
# keeps (province, sex, target categories, dates): the birth date, from which the figures
# compute the age band at each step (docs/protection.md).
RETENTION_KEEPS = ("birth_date",)


class ProtectionError(DomainError):
    pass


# --- requests ----------------------------------------------------------------------------


def _notify(request: DataSubjectRequest, event: str, compose, *, actor: Any) -> None:
    messaging.notify(
        request.person,
        channels=CHANNELS,
        kind=f"protection.request.{event}",
        compose=compose,
        idempotency_key=f"protection.request:{request.pk}:{event}",
        actor=actor,
        topic=f"protection.datasubjectrequest:{request.pk}",
    )


def open_request(
    person: Any,
    *,
    kind: str,
    channel: str,
    actor: Any,
    received_on: datetime.date | None = None,
    details: str = "",
) -> DataSubjectRequest:
    """Record a person's request; its due date is the day received plus the legal delay of
    its kind. The person is told it was received (and by when it will be answered)."""
    if getattr(person, "erased_at", None):
        raise ProtectionError(_("This person's data was erased."), code=ProtectionErrorCode.ERASED)
    received_on = received_on or timezone.localdate()
    with transaction.atomic():
        request = DataSubjectRequest.objects.create(
            person=person,
            kind=RequestKind(kind),
            channel=channel,
            received_on=received_on,
            due_on=received_on + datetime.timedelta(days=request_delay_days(kind)),
            details=details.strip(),
            opened_by=acting_user(actor),
        )
        record_action(
            "protection.request.opened", request, actor=actor, kind=kind, due_on=str(request.due_on)
        )

        def compose(person, request=request):
            return (
                _("Your request about your personal data"),
                _("We received your request (%(kind)s) on %(received)s. We will answer by %(due)s.")
                % {
                    "kind": request.get_kind_display(),
                    "received": request.received_on.isoformat(),
                    "due": request.due_on.isoformat(),
                },
            )

        _notify(request, "opened", compose, actor=actor)
    return request


def answer_request(request: DataSubjectRequest, *, answer: str, actor: Any) -> DataSubjectRequest:
    """Record the answer to an open request and send it to the person."""
    answer = (answer or "").strip()
    if not answer:
        raise ProtectionError(_("Write the answer."), code=ProtectionErrorCode.EMPTY_ANSWER)
    with transaction.atomic():
        locked = DataSubjectRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
        if locked.status != RequestStatus.OPEN:
            raise ProtectionError(_("This request was already answered."), code=ProtectionErrorCode.STATE)
        locked.answer = answer
        locked.status = RequestStatus.ANSWERED
        locked.answered_by = acting_user(actor)
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "status", "answered_by", "answered_at", "updated_at"])
        late = locked.answered_at.date() > locked.due_on
        record_action("protection.request.answered", locked, actor=actor, late=late)

        def compose(person, request=locked):
            return (
                _("The answer to your request about your personal data"),
                _("Your request (%(kind)s) of %(received)s: %(answer)s")
                % {
                    "kind": request.get_kind_display(),
                    "received": request.received_on.isoformat(),
                    "answer": request.answer,
                },
            )

        _notify(locked, "answered", compose, actor=actor)
    return locked


def close_request(request: DataSubjectRequest, *, actor: Any) -> DataSubjectRequest:
    """Close an answered request (nothing more to do)."""
    with transaction.atomic():
        locked = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.ANSWERED:
            raise ProtectionError(
                _("Only an answered request can be closed."), code=ProtectionErrorCode.STATE
            )
        locked.status = RequestStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        record_action("protection.request.closed", locked, actor=actor)
    return locked


# --- retention ---------------------------------------------------------------------------


def apply_retention(
    *, actor: Any = None, dry_run: bool = False, today: datetime.date | None = None
) -> RetentionRun:
    """Anonymise every person past the retention period of what their records ended as
    (queries.due_for_retention), each through `people.services.erase_person` — the one
    erasure, which keeps the anonymous rows the figures count — keeping their birth date
    for the age bands. A dry run changes nothing but its own record. One audit entry per
    run; each person erased in their own transaction (one failure does not undo the rest)."""
    today = today or timezone.localdate()
    due = due_for_retention(today)
    counts = Counter(d.category for d in due)
    samples: dict[str, list[int]] = {}
    for d in due:
        picked = samples.setdefault(d.category, [])
        if len(picked) < SAMPLE_SIZE:
            picked.append(d.person_id)
    anonymised = 0
    if not dry_run:
        people = {p.pk: p for p in Person.objects.filter(pk__in=[d.person_id for d in due])}
        for d in due:
            reason = _("Retention period over: %(category)s, ended on %(ended)s") % {
                "category": RetentionCategory(d.category).label,
                "ended": d.ended_on.isoformat(),
            }
            try:
                people_services.erase_person(
                    people[d.person_id], actor=actor, reason=reason, keep=RETENTION_KEEPS
                )
            except DomainError:  # erased meanwhile (by hand): nothing left to do
                continue
            anonymised += 1
    with transaction.atomic():
        run = RetentionRun.objects.create(
            as_of=today,
            dry_run=dry_run,
            counts={c: counts.get(c, 0) for c in RetentionCategory.values},
            samples=samples,
            anonymised=anonymised,
            actor=acting_user(actor),
        )
        record_action(
            "protection.retention.dry_run" if dry_run else "protection.retention.applied",
            run,
            actor=actor,
            counts=run.counts,
            anonymised=anonymised,
        )
    return run
