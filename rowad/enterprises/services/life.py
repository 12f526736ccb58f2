"""The life of an enterprise after its creation: activity suspended, resumed, closed (with
its reason) or transferred to a new owner. Each event moves Enterprise.status (and
`ended_on`, the closing or transfer date) in the same transaction; survival
(definitions.py) is computed from those. Nobody is notified.

    operating  --suspended-->   suspended
    suspended  --resumed---->   operating
    operating | suspended --closed-->      closed       (a ClosureReason is required)
    operating | suspended --transferred--> transferred  (the new owner is required)

A closed or transferred enterprise takes no further event (none is an exception)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user

from ..enums import ClosureReason, EnterpriseStatus, ErrorCode, LifeEventKind
from ..models import Enterprise, LifeEvent
from .common import _check_version, _date, _error, _lock, _require_manager, _save

S, K = EnterpriseStatus, LifeEventKind
# kind -> (the statuses it may follow, the status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    K.SUSPENDED: (frozenset({S.OPERATING}), S.SUSPENDED),
    K.RESUMED: (frozenset({S.SUSPENDED}), S.OPERATING),
    K.CLOSED: (frozenset({S.OPERATING, S.SUSPENDED}), S.CLOSED),
    K.TRANSFERRED: (frozenset({S.OPERATING, S.SUSPENDED}), S.TRANSFERRED),
}
ENDED = frozenset({S.CLOSED, S.TRANSFERRED})
NEW_OWNER_MAX = 200


def _refused_transition(kind: str, status: str) -> str:
    if kind == K.RESUMED:
        return _("Only a suspended activity can resume: this enterprise is operating.")
    if kind == K.SUSPENDED:
        return _("The activity of this enterprise is already suspended.")
    return _("This event cannot follow the enterprise's current status (%(status)s).") % {
        "status": EnterpriseStatus(status).label
    }


def _ended_message(locked: Enterprise) -> str:
    values = {"date": locked.ended_on.isoformat() if locked.ended_on else "—"}
    if locked.status == S.TRANSFERRED:
        return (
            _(
                "This enterprise was transferred on %(date)s: no further event can be recorded on it "
                "(there is no exception)."
            )
            % values
        )
    return (
        _(
            "This enterprise closed on %(date)s: no further event can be recorded on it (there is no exception)."
        )
        % values
    )


def _check_details(kind: str, reason: str, transferred_to: str) -> None:
    if kind not in TRANSITIONS:
        raise _error(_("Choose the event."), ErrorCode.INVALID_EVENT, "kind")
    if kind == K.CLOSED and reason not in ClosureReason.values:
        raise _error(_("Give the reason the enterprise closed."), ErrorCode.INVALID_EVENT, "reason")
    if kind == K.TRANSFERRED and not transferred_to:
        raise _error(_("Name the new owner of the enterprise."), ErrorCode.INVALID_EVENT, "transferred_to")


def _check_order(locked: Enterprise, day: datetime.date) -> None:
    if day < locked.created_on:
        raise _error(
            _("The event cannot precede the enterprise's creation (%(date)s).")
            % {"date": locked.created_on.isoformat()},
            ErrorCode.BEFORE_CREATION,
            "occurred_on",
        )
    last = LifeEvent.objects.filter(enterprise=locked).order_by("-occurred_on", "-id").first()
    if last is not None and day < last.occurred_on:
        raise _error(
            _("The event cannot precede the last event recorded (%(event)s on %(date)s).")
            % {"event": last.get_kind_display(), "date": last.occurred_on.isoformat()},
            ErrorCode.INVALID_EVENT,
            "occurred_on",
        )


def record_life_event(
    enterprise: Enterprise,
    *,
    actor: Any,
    kind: str,
    occurred_on: datetime.date | str,
    reason: str = "",
    note: str = "",
    transferred_to: str = "",
    expected_version: int | str | None = None,
) -> LifeEvent:
    """Record what happened to the enterprise on `occurred_on` and move its status (see
    the module docstring); `expected_version` is the enterprise's version the page loaded."""
    reason = (reason or "").strip() if kind == K.CLOSED else ""
    transferred_to = (transferred_to or "").strip()[:NEW_OWNER_MAX] if kind == K.TRANSFERRED else ""
    _check_details(kind, reason, transferred_to)
    day = _date(occurred_on, "occurred_on", _("Date of the event"))
    with transaction.atomic():
        locked = _lock(enterprise)
        _require_manager(actor, locked)
        _check_version(locked, expected_version)
        if locked.status in ENDED:
            raise _error(_ended_message(locked), ErrorCode.CLOSED, "kind")
        sources, target = TRANSITIONS[kind]
        if locked.status not in sources:
            raise _error(_refused_transition(kind, locked.status), ErrorCode.INVALID_EVENT, "kind")
        _check_order(locked, day)
        event = LifeEvent.objects.create(
            enterprise=locked,
            kind=kind,
            occurred_on=day,
            reason=reason,
            note=(note or "").strip(),
            transferred_to=transferred_to,
            recorded_by=acting_user(actor),
        )
        previous = locked.status
        locked.status = target
        locked.ended_on = day if target in ENDED else None
        _save(locked, actor, ["status", "ended_on"])
        record_action(
            "enterprises.life_event.recorded",
            locked,
            actor=actor,
            event=event.pk,
            kind=kind,
            occurred_on=day.isoformat(),
            reason=reason,
            status_before=previous,
            status_after=target,
        )
    enterprise.status, enterprise.ended_on, enterprise.version = (
        locked.status,
        locked.ended_on,
        locked.version,
    )
    return event
