"""Enrolment and the waiting list: enrol a person (found in the registry, from a
registration, or as a holder of an approved dossier), withdraw, promote the waiting list.

Every write locks the cohort's row first (then the enrolment's): the seats are counted
under that lock, so two officers enrolling at the same moment never put a cohort over
its capacity — the second one waits for the first and then finds the seat taken. A seat
that frees goes to the first on the waiting list (oldest `waitlisted_at`) in the same
transaction. Each write keeps the enrolment's history, writes its audit entry and records
the message to the trainee (sent after commit, consent checked at send time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.core.errors import ConflictError, DomainError
from rowad.dossiers.eligibility import AID_STATES

from .. import eligibility
from ..enums import EnrolmentSource, EnrolmentStatus, ErrorCode
from ..models import Cohort, Enrolment
from ..queries import CLOSED_DOSSIER_STATES, waiting_position
from . import enrolment_notices as notices

# A seat is held, or freed and given to the waiting list, only in these cohort states.
ACTIVE_COHORT_STATES = eligibility.ACTIVE_COHORT_STATES


class EnrolmentError(DomainError):
    pass


class EnrolmentConflict(EnrolmentError, ConflictError):
    status_code = 409


@dataclass(frozen=True)
class HolderResult:
    """What became of one holder when a dossier's holders were enrolled: `enrolment` is
    None when they were refused, `message` says why (in the active language)."""

    person: Any
    enrolment: Enrolment | None
    code: str
    message: str


def _lock_cohort(cohort: Cohort) -> Cohort:
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("course", "course__programme", "course__specialty", "province")
        .get(pk=cohort.pk)
    )


def _save(enrolment: Enrolment, actor: Any) -> None:
    enrolment._history_user = acting_user(actor)
    enrolment.save()


def _seats_free(cohort: Cohort) -> int:
    taken = Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ENROLLED).count()
    return cohort.capacity - taken


def _refusal_text(lines: list[eligibility.Line]) -> str:
    described = [eligibility.describe(line.as_dict()) for line in eligibility.failed_lines(lines)]
    return " ".join(f"{d['label']}: {d['reason']}" for d in described)


def enrol(
    cohort: Cohort,
    person: Any,
    *,
    source: str,
    dossier: Any = None,
    registration: Any = None,
    actor: Any,
    client_uuid: UUID | str | None = None,
) -> Enrolment:
    """Enrol `person` into `cohort` if a seat is free, else put them on its waiting list.
    Refused when the course's prerequisites fail (the message lists the failed rules) or
    the person is already in the cohort. The same `client_uuid` sent again returns the
    enrolment it made."""
    source = EnrolmentSource(source)
    with transaction.atomic():
        locked = _lock_cohort(cohort)
        if client_uuid:
            done = Enrolment.objects.filter(client_uuid=client_uuid).first()
            if done is not None:
                return done
        return _enrol_locked(
            locked,
            person,
            source=source,
            dossier=dossier,
            registration=registration,
            actor=actor,
            client_uuid=client_uuid,
        )


def _enrol_locked(
    cohort: Cohort,
    person: Any,
    *,
    source: str,
    dossier: Any,
    registration: Any,
    actor: Any,
    client_uuid: UUID | str | None,
) -> Enrolment:
    existing = Enrolment.objects.select_for_update(of=("self",)).filter(cohort=cohort, person=person).first()
    if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
        raise EnrolmentError(
            gettext_lazy(
                "%(name)s is already in cohort %(reference)s (%(status)s): nobody is enrolled twice."
            ),
            code=ErrorCode.ALREADY_IN_COHORT,
            params={
                "name": person.display_name,
                "reference": cohort.reference,
                "status": existing.get_status_display(),
            },
        )
    lines = eligibility.evaluate(cohort, person, exclude=existing.pk if existing else None)
    if eligibility.failed_lines(lines):
        raise EnrolmentError(
            gettext_lazy("%(name)s cannot be enrolled: %(reasons)s"),
            code=ErrorCode.NOT_ELIGIBLE,
            params={"name": person.display_name, "reasons": _refusal_text(lines)},
        )
    # Seats freed earlier go to those already waiting before anyone new.
    _promote_locked(cohort, actor=actor)
    now = timezone.now()
    enrolment = existing or Enrolment(cohort=cohort, person=person, created_by=acting_user(actor))
    if existing is not None:
        enrolment.version += 1
    enrolment.source = source
    enrolment.dossier = dossier
    enrolment.registration = registration
    enrolment.eligibility = [line.as_dict() for line in lines]
    enrolment.withdrawn_at = None
    enrolment.withdrawal_reason = ""
    enrolment.client_uuid = client_uuid or None
    if _seats_free(cohort) > 0:
        enrolment.status, enrolment.enrolled_at, enrolment.waitlisted_at = EnrolmentStatus.ENROLLED, now, None
        event = notices.ENROLLED
    else:
        enrolment.status, enrolment.enrolled_at, enrolment.waitlisted_at = (
            EnrolmentStatus.WAITLISTED,
            None,
            now,
        )
        event = notices.WAITLISTED
    try:
        with transaction.atomic():
            _save(enrolment, actor)
    except IntegrityError as exc:  # the same person enrolled by a request that won the race
        raise EnrolmentError(
            gettext_lazy("%(name)s is already in cohort %(reference)s: nobody is enrolled twice."),
            code=ErrorCode.ALREADY_IN_COHORT,
            params={"name": person.display_name, "reference": cohort.reference},
        ) from exc
    position = waiting_position(enrolment)
    record_action(
        f"training.enrolment.{event}",
        enrolment,
        actor=actor,
        cohort=cohort.pk,
        person=person.pk,
        source=str(source),
        dossier=getattr(dossier, "pk", None),
        registration=getattr(registration, "pk", None),
        position=position,
    )
    notices.tell_trainee(enrolment, event, actor=actor, position=position)
    return enrolment


def enrol_registration(
    cohort: Cohort, registration: Any, *, actor: Any, client_uuid: UUID | str | None = None
) -> Enrolment:
    """Enrol the person registered at an outreach stop or event."""
    return enrol(
        cohort,
        registration.person,
        source=EnrolmentSource.REGISTRATION,
        registration=registration,
        actor=actor,
        client_uuid=client_uuid,
    )


def enrol_dossier_holders(cohort: Cohort, dossier: Any, *, actor: Any) -> list[HolderResult]:
    """Enrol every holder of an approved dossier (every member of a cooperative) in one
    transaction under the cohort's lock, in the dossier's order (the lead holder first).
    A holder already in the cohort or not eligible is reported and the others enrolled;
    a dossier that is not approved enrols nobody into a course that requires approval; a
    course that does not (a pre-creation workshop) takes the holders of any dossier still
    under way."""
    if cohort.course.requires_approved_dossier and dossier.state not in AID_STATES:
        raise EnrolmentError(
            gettext_lazy("Dossier %(reference)s is not approved: its holders are enrolled once it is."),
            code=ErrorCode.DOSSIER_NOT_APPROVED,
            params={"reference": dossier.reference},
        )
    if dossier.state in CLOSED_DOSSIER_STATES:
        raise EnrolmentError(
            gettext_lazy("Dossier %(reference)s is %(state)s: its holders are not enrolled from it."),
            code=ErrorCode.DOSSIER_CLOSED,
            params={"reference": dossier.reference, "state": dossier.get_state_display()},
        )
    results: list[HolderResult] = []
    with transaction.atomic():
        locked = _lock_cohort(cohort)
        for link in dossier.holder_links.select_related("person"):
            person = link.person
            try:
                with transaction.atomic():
                    enrolment = _enrol_locked(
                        locked,
                        person,
                        source=EnrolmentSource.DOSSIER,
                        dossier=dossier,
                        registration=None,
                        actor=actor,
                        client_uuid=None,
                    )
            except EnrolmentError as error:
                results.append(HolderResult(person, None, error.code, error.message))
                continue
            if enrolment.status == EnrolmentStatus.ENROLLED:
                message = _("%(name)s is enrolled.") % {"name": person.display_name}
            else:
                message = _("%(name)s is number %(position)s on the waiting list.") % {
                    "name": person.display_name,
                    "position": waiting_position(enrolment),
                }
            results.append(HolderResult(person, enrolment, enrolment.status, message))
        record_action(
            "training.cohort.dossier_enrolled",
            locked,
            actor=actor,
            dossier=dossier.pk,
            results={str(r.person.pk): r.code for r in results},
        )
    return results


def withdraw(
    enrolment: Enrolment, *, actor: Any, reason: str, expected_version: int | str | None = None
) -> Enrolment:
    """Withdraw a trainee (or take them off the waiting list), with the reason. A seat
    freed goes to the first on the waiting list in the same transaction."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrolmentError(
            _("Say why the enrolment is withdrawn."), code=ErrorCode.WITHDRAWAL_REASON_MISSING, field="reason"
        )
    with transaction.atomic():
        cohort = _lock_cohort(enrolment.cohort)
        locked = (
            Enrolment.objects.select_for_update(of=("self",)).select_related("person").get(pk=enrolment.pk)
        )
        check_version(
            locked.version,
            expected_version,
            _("This enrolment was changed since you opened the page. Reload it and try again."),
            error=EnrolmentConflict,
        )
        if locked.status == EnrolmentStatus.WITHDRAWN:
            raise EnrolmentError(_("This enrolment is already withdrawn."), code=ErrorCode.NOT_WITHDRAWABLE)
        if cohort.state not in ACTIVE_COHORT_STATES:
            raise EnrolmentError(
                _("The cohort is %(state)s: its enrolments no longer change.")
                % {"state": cohort.get_state_display()},
                code=ErrorCode.NOT_WITHDRAWABLE,
            )
        held_seat = locked.status == EnrolmentStatus.ENROLLED
        previous = locked.status
        locked.status = EnrolmentStatus.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason
        locked.waitlisted_at = None
        locked.version += 1
        _save(locked, actor)
        record_action(
            "training.enrolment.withdrawn", locked, actor=actor, previous=str(previous), reason=reason
        )
        notices.tell_trainee(locked, notices.WITHDRAWN, actor=actor)
        if held_seat:
            _promote_locked(cohort, actor=actor)
    return locked


def promote_waitlist(cohort: Cohort, *, actor: Any) -> list[Enrolment]:
    """Give the cohort's free seats to the first on its waiting list, in order. The
    cohorts' edit service calls it when a cohort's capacity grows; withdrawing calls it
    itself."""
    with transaction.atomic():
        return _promote_locked(_lock_cohort(cohort), actor=actor)


def _promote_locked(cohort: Cohort, *, actor: Any) -> list[Enrolment]:
    if cohort.state not in ACTIVE_COHORT_STATES:
        return []
    free = _seats_free(cohort)
    if free <= 0:
        return []
    queue = list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(cohort=cohort, status=EnrolmentStatus.WAITLISTED)
        .order_by("waitlisted_at", "id")[:free]
    )
    now = timezone.now()
    for enrolment in queue:
        waited_since = enrolment.waitlisted_at
        enrolment.cohort = cohort
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_at = now
        enrolment.waitlisted_at = None
        enrolment.version += 1
        _save(enrolment, actor)
        record_action(
            "training.enrolment.promoted",
            enrolment,
            actor=actor,
            cohort=cohort.pk,
            waited_since=waited_since.isoformat() if waited_since else None,
        )
        notices.tell_trainee(enrolment, notices.PROMOTED, actor=actor)
    return queue
