"""Field capture: visitor tallies and registrations, idempotent by the client's UUID."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.people import queries as people_queries
from rowad.people import services as people_services
from rowad.people.models import ConsentRecord, ConsentSource, Person

from ..enums import Channel, ErrorCode, age_band
from ..models import Event, Registration, Stop, VisitorTally
from .errors import OutreachError

# A counter entry above this asks the agent to confirm (10000 typed for 100).
TALLY_CONFIRM_ABOVE = 2000
# Devices may sync a backlog this many days after the stop's last day.
SYNC_GRACE_DAYS = 30
# Largest batch a device may send in one request.
MAX_BATCH = 200
# Clock skew tolerated on a device's capture time.
CLOCK_SKEW = timedelta(hours=2)


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    # "created", "duplicate" (same UUID sent again) or "already_registered" (the same
    # person at the same place, from another submission).
    status: str

    @property
    def created(self) -> bool:
        return self.status == "created"


def _place_kwargs(place: Stop | Event) -> dict[str, Any]:
    return {"stop": place} if isinstance(place, Stop) else {"event": place}


def _last_day(place: Stop | Event) -> date:
    return place.ends_on if isinstance(place, Stop) else place.last_day


@dataclass(frozen=True)
class RegistrationEnd:
    """Why and when a place stopped taking registrations from the field form."""

    reason: str  # "cancelled", "closed" or "finished"
    when: date | datetime


def registration_end(place: Stop | Event, *, today: date | None = None) -> RegistrationEnd | None:
    """The field form is not offered once the place is cancelled, closed by its organiser
    or past its last day; None while it may still register."""
    today = today or timezone.localdate()
    if place.cancelled_at:
        return RegistrationEnd("cancelled", place.cancelled_at)
    if place.closed_at:
        return RegistrationEnd("closed", place.closed_at)
    if today > _last_day(place):
        return RegistrationEnd("finished", _last_day(place))
    return None


def check_registration_open(place: Stop | Event, *, captured_at: datetime, channel: str) -> None:
    """Field submissions are accepted for what was captured during the stop (a device may
    sync its backlog later); self-registration only while the stop or event is on."""
    now = timezone.now()
    if place.cancelled_at:
        raise OutreachError(
            _("This stop or event was cancelled: registrations are not accepted."),
            code=ErrorCode.PLACE_CANCELLED,
        )
    if captured_at > now + CLOCK_SKEW:
        raise OutreachError(
            _("The capture time is in the future: check the device's clock."),
            code=ErrorCode.CAPTURED_IN_FUTURE,
        )
    captured_day = timezone.localdate(captured_at)
    last_day = _last_day(place)
    closed = place.closed_at is not None and captured_at > place.closed_at
    if channel == Channel.SELF:
        closed = (
            closed
            or timezone.localdate(now) > last_day
            or timezone.localdate(now) < place.starts_on - timedelta(days=30)
        )
    else:
        closed = (
            closed
            or captured_day > last_day
            or captured_day < place.starts_on
            or timezone.localdate(now) > last_day + timedelta(days=SYNC_GRACE_DAYS)
        )
    if closed:
        raise OutreachError(
            _("Registration for this stop or event is closed (last day %(day)s).")
            % {"day": last_day.isoformat()},
            code=ErrorCode.REGISTRATION_CLOSED,
        )


def _age_on(birth_date: date | None, day: date) -> int | None:
    if not birth_date:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _existing_result(client_uuid: uuid.UUID, place: Stop | Event) -> RegistrationResult | None:
    existing = Registration.objects.filter(client_uuid=client_uuid).select_related("person").first()
    if existing is None:
        return None
    same = existing.stop_id == place.pk if isinstance(place, Stop) else existing.event_id == place.pk
    if not same:
        raise OutreachError(
            _("This submission identifier was already used for another stop or event."),
            code=ErrorCode.UUID_REUSED,
            status_code=409,
        )
    return RegistrationResult(existing, "duplicate")


def register_visitor(
    place: Stop | Event,
    *,
    person_data: dict[str, Any] | None = None,
    client_uuid: uuid.UUID | str,
    actor: Any,
    channel: str = Channel.FIELD,
    person: Person | None = None,
    captured_at: datetime | None = None,
    specialty: Any = None,
    idea: str = "",
    consent: bool = False,
    check_window: bool = True,
) -> RegistrationResult:
    """Register a visitor at a stop or event. Sending the same `client_uuid` again returns
    the first registration (status "duplicate"); the same person at the same place is
    registered once ("already_registered"). `person` links an existing person (the agent
    picked a suggestion); otherwise `person_data` creates one through people.services, or
    links the person already holding that national ID. `check_window=False` loads past
    records (demo, imports of paper lists) whatever the stop's dates."""
    client_uuid = uuid.UUID(str(client_uuid))
    captured_at = captured_at or timezone.now()
    found = _existing_result(client_uuid, place)
    if found is not None:
        return found
    if check_window:
        check_registration_open(place, captured_at=captured_at, channel=channel)
    if not consent:
        raise OutreachError(
            _("The visitor's consent is required to register them."),
            code=ErrorCode.CONSENT_REQUIRED,
            field="consent",
        )
    cleaned = None
    if person is None:
        data = dict(person_data or {})
        data.setdefault("country", place.province.country_id)
        if not data.get("province"):
            data["province"] = place.province
        data.setdefault("first_met", str(place)[:200])
        if not data.get("organization"):
            data["organization"] = place.host_organization
        cleaned = people_services.clean_person_data(data)  # ValidationError keyed by field
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _register(
                    place, client_uuid, cleaned, person, actor, channel, captured_at, specialty, idea
                )
        except IntegrityError:
            # A concurrent submission won the race (same UUID, same person, or the same
            # national ID created a moment ago): answer with what it saved.
            found = _existing_result(client_uuid, place)
            if found is not None:
                return found
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


def _register(
    place, client_uuid, cleaned, person, actor, channel, captured_at, specialty, idea
) -> RegistrationResult:
    linked = person is not None
    if person is None:
        holder = people_queries.person_with_national_id(cleaned["country"], cleaned.get("national_id", ""))
        if holder is not None:
            person, linked = holder, True
        else:
            person = people_services.create_person(
                data=cleaned,
                actor=actor,
                consents=[ConsentRecord.Purpose.REGISTRATION],
                reason=f"outreach:{channel}",
                consent_source=ConsentSource.STOP,
            )
    if linked:
        people_services.record_consent(
            person,
            purpose=ConsentRecord.Purpose.REGISTRATION,
            actor=actor,
            method=f"outreach:{channel}",
            source=ConsentSource.STOP,
        )
    already = Registration.objects.filter(person=person, **_place_kwargs(place)).first()
    if already is not None:
        return RegistrationResult(already, "already_registered")
    age = _age_on(person.birth_date, timezone.localdate(captured_at))
    registration = Registration.objects.create(
        client_uuid=client_uuid,
        person=person,
        channel=channel,
        linked_existing=linked,
        captured_at=captured_at,
        recorded_by=acting_user(actor),
        specialty=specialty,
        idea=(idea or "")[:300],
        consent=True,
        sex=person.sex,
        age=age,
        age_band=age_band(age),
        residence_province=person.province,
        **_place_kwargs(place),
    )
    record_action(
        "outreach.registration.created",
        registration,
        actor=actor,
        channel=channel,
        place=f"{place._meta.model_name}:{place.pk}",
        person=person.pk,
        linked=linked,
    )
    return RegistrationResult(registration, "created")


def record_tally(
    place: Stop | Event,
    *,
    count: int,
    day: date | None,
    client_uuid: uuid.UUID | str,
    actor: Any,
    confirmed: bool = False,
    note: str = "",
) -> tuple[VisitorTally, bool]:
    """Add a counter entry (or a negative correction) for a day; idempotent by UUID."""
    client_uuid = uuid.UUID(str(client_uuid))
    existing = VisitorTally.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        return existing, False
    day = day or timezone.localdate()
    if place.cancelled_at:
        raise OutreachError(_("This stop or event was cancelled."), code=ErrorCode.PLACE_CANCELLED)
    if day < place.starts_on or day > _last_day(place):
        raise OutreachError(
            _("This day is outside the dates of the stop or event."),
            code=ErrorCode.DAY_OUTSIDE_PLACE,
            field="day",
        )
    if count == 0:
        raise OutreachError(_("Count at least one visitor."), code=ErrorCode.TALLY_ZERO, field="count")
    if abs(count) > TALLY_CONFIRM_ABOVE and not confirmed:
        raise OutreachError(
            _("%(count)s visitors in one entry is unusually many. Check the number and confirm it.")
            % {"count": count},
            code=ErrorCode.TALLY_NEEDS_CONFIRMATION,
            field="count",
        )
    try:
        with transaction.atomic():
            kwargs = _place_kwargs(place)
            if count < 0:
                type(place).objects.select_for_update().get(pk=place.pk)
                total = VisitorTally.objects.filter(day=day, **kwargs).aggregate(s=Sum("count"))["s"] or 0
                if total + count < 0:
                    raise OutreachError(
                        _("A correction cannot bring the day's count below zero (now %(total)s).")
                        % {"total": total},
                        code=ErrorCode.TALLY_NEGATIVE,
                        field="count",
                    )
            tally = VisitorTally.objects.create(
                client_uuid=client_uuid,
                day=day,
                count=count,
                recorded_by=acting_user(actor),
                note=note[:200],
                **kwargs,
            )
            record_action("outreach.tally.recorded", place, actor=actor, day=day.isoformat(), count=count)
    except IntegrityError:
        existing = VisitorTally.objects.filter(client_uuid=client_uuid).first()
        if existing is None:
            raise
        return existing, False
    return tally, True
