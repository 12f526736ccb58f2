"""Attendance: the trainer's roll call (on a phone, often offline, synced later), QR
self check-in, and the absence alert.

Exactly once. Every mark a device takes carries its client UUID. A mark whose UUID was
already received (the current mark or any earlier version in its history) is answered
"already recorded" and changes nothing. A new mark for a half-day already marked
replaces it only if the device took it later (`taken_at`: last write by device time
wins; the history keeps both); an older one is answered "superseded". There is never a
second row for one trainee and one half-day (a unique constraint backs this).

Who. The cohort's trainers, through a trainer membership in the course's provider
(`queries.cohorts_taught_by`), and the cohort's managers correcting a mark
(`queries.cohorts_managed_by`). Anyone else is refused, the whole batch.

Absence alert. After each batch, for each trainee it touched: when their last
`course.absence_alert_after` marked half-days are all ABSENT (an excused absence does
not count and ends the run), one `AbsenceAlert` is raised for that run (unique per
run start) and the agency officers of the cohort's province are emailed after commit.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.errors import DomainError

from .. import queries
from ..attendance import absence_run, current_half_day, half_day_starts_at, is_cohort_day
from ..enums import (
    ATTENDED,
    AbsenceReason,
    AttendanceMethod,
    AttendanceStatus,
    EnrolmentStatus,
    ErrorCode,
    HalfDay,
    MarkOutcome,
)
from ..models import AbsenceAlert, AttendanceMark, Cohort, Enrolment

# A QR check-in later than this after the half-day's start is a late arrival.
LATE_AFTER = datetime.timedelta(minutes=15)
# At most this many marks in one request (a roll call of a full cohort over a few days).
MAX_BATCH = 500
# Namespace of the UUIDs of QR check-ins: one per trainee and half-day, so a second scan
# is the same mark.
CHECKIN_NAMESPACE = uuid.UUID("6f1c2e0a-4a7b-4c55-9a51-2f0f3f6b7d11")


class AttendanceError(DomainError):
    pass


@dataclass(frozen=True)
class MarkResult:
    """The answer for one mark: its outcome, the row it is in (None when refused), and
    the reason when refused."""

    client_uuid: str
    outcome: str
    mark: AttendanceMark | None = None
    code: str = ""
    detail: str = ""


def _refusal(client_uuid: str, error: DomainError) -> MarkResult:
    return MarkResult(client_uuid, MarkOutcome.REFUSED, code=error.code, detail=error.message)


def check_can_take_attendance(cohort: Cohort, actor: Any) -> None:
    """The actor teaches the cohort (trainer membership in its provider) or manages it."""
    if queries.cohorts_taught_by(actor).filter(pk=cohort.pk).exists():
        return
    if queries.cohorts_managed_by(actor).filter(pk=cohort.pk).exists():
        return
    raise AttendanceError(
        _("You do not teach this training session: you cannot take its attendance."),
        code=ErrorCode.NOT_THEIR_COHORT,
        status_code=403,
    )


def _validate(cohort: Cohort, mark: Mapping[str, Any], enrolled: set[int], today: datetime.date) -> None:
    day, half_day = mark["day"], mark["half_day"]
    if mark["enrolment"] not in enrolled:
        raise AttendanceError(
            _("This trainee is not enrolled in this training session."), code=ErrorCode.NOT_ENROLLED
        )
    if day > today:
        raise AttendanceError(
            _("Attendance cannot be taken for a day in the future (%(day)s)."),
            code=ErrorCode.FUTURE_DAY,
            params={"day": day.isoformat()},
        )
    if not is_cohort_day(cohort, day):
        raise AttendanceError(
            _("%(day)s is not a day of this training session (outside its dates or its timetable)."),
            code=ErrorCode.NOT_A_COHORT_DAY,
            params={"day": day.isoformat()},
        )
    if half_day not in cohort.half_days:
        raise AttendanceError(
            _("This training session does not meet in the %(half_day)s."),
            code=ErrorCode.HALF_DAY_NOT_IN_TIMETABLE,
            params={"half_day": HalfDay(half_day).label if half_day in HalfDay.values else half_day},
        )


def _fields(mark: Mapping[str, Any]) -> dict[str, Any]:
    status = mark["status"]
    reason = mark.get("reason") or ""
    return {
        "status": status,
        "reason": reason
        if status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED) and reason in AbsenceReason.values
        else "",
        "arrived_at": mark.get("arrived_at") if status == AttendanceStatus.LATE else None,
        "method": mark.get("method") or AttendanceMethod.ROLL_CALL,
        "taken_at": mark["taken_at"],
    }


def _save_mark(
    mark: Mapping[str, Any], client_uuid: str, actor: Any, current: dict[tuple, AttendanceMark]
) -> tuple[str, AttendanceMark]:
    """Create or update the half-day's one row; (outcome, row). `current` holds the
    batch's half-days already marked, and is kept up to date. The caller holds the
    cohort's row lock: no other batch of this cohort writes in between (a unique
    constraint stands behind it all the same)."""
    key = (mark["enrolment"], mark["day"], mark["half_day"])
    fields = _fields(mark)
    existing = current.get(key)
    if existing is None:
        row = AttendanceMark(
            enrolment_id=key[0],
            day=key[1],
            half_day=key[2],
            client_uuid=client_uuid,
            recorded_by=acting_user(actor),
            **fields,
        )
        row._history_user = acting_user(actor)
        row.save()
        current[key] = row
        return MarkOutcome.RECORDED, row
    if fields["taken_at"] <= existing.taken_at:
        return MarkOutcome.SUPERSEDED, existing
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.client_uuid = client_uuid
    existing.recorded_by = acting_user(actor)
    existing._history_user = acting_user(actor)
    existing.save()
    return MarkOutcome.UPDATED, existing


def _current_marks(cohort: Cohort, marks: list[Mapping[str, Any]]) -> dict[tuple, AttendanceMark]:
    """The rows already there for the half-days of the batch, by (enrolment, day, half-day)."""
    days = {m["day"] for m in marks}
    rows = AttendanceMark.objects.filter(enrolment__cohort=cohort, day__in=days)
    return {(row.enrolment_id, row.day, row.half_day): row for row in rows}


def _received_uuids(uuids: list[str]) -> set[str]:
    """UUIDs already received: in a current mark or in an earlier version of one."""
    current = AttendanceMark.objects.filter(client_uuid__in=uuids).values_list("client_uuid", flat=True)
    earlier = AttendanceMark.history.filter(client_uuid__in=uuids).values_list("client_uuid", flat=True)
    return {str(u) for u in current} | {str(u) for u in earlier}


def record_marks(cohort: Cohort, marks: Iterable[Mapping[str, Any]], *, actor: Any) -> list[MarkResult]:
    """Record a device's marks for one cohort; one answer per mark, in order.

    Each mark: `client_uuid`, `enrolment` (id), `day` (date), `half_day` (am/pm),
    `status`, `reason` (absences), `arrived_at` (late arrivals, a time), `taken_at`
    (aware datetime, the device's time) and optionally `method`. Raises
    AttendanceError (NOT_THEIR_COHORT, 403) when the actor may not take the cohort's
    attendance; a mark that breaks a rule is answered REFUSED with its reason."""
    marks = list(marks)
    results: list[MarkResult] = []
    touched: set[int] = set()
    with transaction.atomic():
        check_can_take_attendance(cohort, actor)
        locked = Cohort.objects.select_for_update(of=("self",)).get(pk=cohort.pk)
        today = timezone.localdate()
        enrolled = set(
            Enrolment.objects.filter(cohort=locked, status=EnrolmentStatus.ENROLLED).values_list(
                "pk", flat=True
            )
        )
        received = _received_uuids([str(m["client_uuid"]) for m in marks])
        current = _current_marks(locked, marks)
        for mark in marks:
            client_uuid = str(mark["client_uuid"])
            if client_uuid in received:
                results.append(MarkResult(client_uuid, MarkOutcome.ALREADY_RECORDED))
                continue
            try:
                _validate(locked, mark, enrolled, today)
            except AttendanceError as error:
                results.append(_refusal(client_uuid, error))
                continue
            outcome, row = _save_mark(mark, client_uuid, actor, current)
            received.add(client_uuid)
            results.append(MarkResult(client_uuid, outcome, row))
            if outcome in (MarkOutcome.RECORDED, MarkOutcome.UPDATED):
                touched.add(mark["enrolment"])
        counts = {o: sum(r.outcome == o for r in results) for o in MarkOutcome.values}
        if touched:
            record_action(
                "training.attendance.recorded",
                locked,
                actor=actor,
                **{k: v for k, v in counts.items() if v},
                uuids=[
                    r.client_uuid for r in results if r.outcome in (MarkOutcome.RECORDED, MarkOutcome.UPDATED)
                ],
            )
            for alert in _raise_absence_alerts(locked, sorted(touched)):
                transaction.on_commit(lambda pk=alert.pk: notify_absence_alert(pk))
    return results


def _raise_absence_alerts(cohort: Cohort, enrolment_ids: list[int]) -> list[AbsenceAlert]:
    """New alerts for the trainees whose last N marked half-days are all absences."""
    after = cohort.course.absence_alert_after
    by_enrolment: dict[int, list[dict[str, Any]]] = {pk: [] for pk in enrolment_ids}
    rows = AttendanceMark.objects.filter(enrolment_id__in=enrolment_ids).order_by(
        "enrolment_id", "-day", "-half_day"
    )
    for row in rows.values("enrolment_id", "day", "half_day", "status"):
        by_enrolment[row["enrolment_id"]].append(row)
    created: list[AbsenceAlert] = []
    for enrolment_id, marks in by_enrolment.items():
        count, since = absence_run(marks)
        if count < after:
            continue
        alert, is_new = AbsenceAlert.objects.get_or_create(
            enrolment_id=enrolment_id, since_day=since, defaults={"absences": count}
        )
        if is_new:
            created.append(alert)
        elif alert.absences != count:
            AbsenceAlert.objects.filter(pk=alert.pk).update(absences=count, updated_at=timezone.now())
    return created


def notify_absence_alert(alert_id: int) -> None:
    """Email the agency officers of the cohort's province (each in their language)."""
    from ..mail import send_absence_alert

    send_absence_alert(alert_id)


def acknowledge_alert(alert: AbsenceAlert, *, actor: Any) -> AbsenceAlert:
    """A manager of the cohort acknowledges an absence alert (once)."""
    with transaction.atomic():
        locked = (
            AbsenceAlert.objects.select_for_update(of=("self",)).select_related("enrolment").get(pk=alert.pk)
        )
        if not queries.cohorts_managed_by(actor).filter(pk=locked.enrolment.cohort_id).exists():
            raise AttendanceError(
                _("Only an officer who manages this training session may acknowledge its alerts."),
                code=ErrorCode.NOT_ALLOWED,
                status_code=403,
            )
        if locked.acknowledged_at is not None:
            raise AttendanceError(
                _("This alert was already acknowledged."), code=ErrorCode.ALERT_ACKNOWLEDGED
            )
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = acting_user(actor)
        locked.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
        record_action(
            "training.absence_alert.acknowledged",
            locked,
            actor=actor,
            enrolment=locked.enrolment_id,
            since_day=locked.since_day.isoformat(),
        )
    return locked


def check_in(
    cohort: Cohort, enrolment_id: int, *, actor: Any, now: datetime.datetime | None = None
) -> MarkResult:
    """A scanned QR check-in: PRESENT (LATE from 15 minutes after the half-day's start)
    for today's current half-day, through `record_marks`. A trainee already marked
    present or late for that half-day is answered "already recorded" (counted once)."""
    now = timezone.localtime(now) if now else timezone.localtime()
    day = now.date()
    half_day = current_half_day(cohort, now)
    client_uuid = str(uuid.uuid5(CHECKIN_NAMESPACE, f"{enrolment_id}:{day.isoformat()}:{half_day}"))
    if not Enrolment.objects.filter(pk=enrolment_id, cohort=cohort).exists():
        check_can_take_attendance(cohort, actor)
        return _refusal(
            client_uuid,
            AttendanceError(
                _("This trainee is not enrolled in this training session."), code=ErrorCode.NOT_ENROLLED
            ),
        )
    current = AttendanceMark.objects.filter(enrolment_id=enrolment_id, day=day, half_day=half_day).first()
    if current is not None and current.status in ATTENDED:
        check_can_take_attendance(cohort, actor)
        return MarkResult(client_uuid, MarkOutcome.ALREADY_RECORDED, current)
    start = half_day_starts_at(cohort, half_day)
    late = start is not None and now.replace(tzinfo=None) > datetime.datetime.combine(day, start) + LATE_AFTER
    mark = {
        "client_uuid": client_uuid,
        "enrolment": enrolment_id,
        "day": day,
        "half_day": half_day,
        "status": AttendanceStatus.LATE if late else AttendanceStatus.PRESENT,
        "arrived_at": now.time().replace(microsecond=0) if late else None,
        "method": AttendanceMethod.QR,
        "taken_at": now,
    }
    return record_marks(cohort, [mark], actor=actor)[0]
