"""The legal follow-up calendar of an enterprise: an officer managing the enterprise marks
an obligation done (on a day that has come), reopens it when marked by mistake, and adds
the obligations the generated calendar does not hold. Each write is audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user

from .. import checklists
from ..enums import ALIVE_STATUSES, ErrorCode, ObligationKind
from ..models import Enterprise, Obligation
from .common import _check_open, _date, _error, _require_manager

LABEL_MAX = 200


def _lock(obligation: Obligation) -> Obligation:
    return (
        Obligation.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=obligation.pk)
    )


def _save(obligation: Obligation, actor: Any, fields: list[str]) -> None:
    obligation._history_user = acting_user(actor)
    obligation.save(update_fields=fields)


def complete_obligation(
    obligation: Obligation, *, actor: Any, done_on: datetime.date | str, note: str = ""
) -> Obligation:
    """Mark the obligation done on `done_on` (not in the future, not before the enterprise
    was created)."""
    done = _date(done_on, "done_on", _("Done on"))
    with transaction.atomic():
        locked = _lock(obligation)
        enterprise = locked.enterprise
        _require_manager(actor, enterprise)
        if locked.done_on is not None:
            raise _error(
                _("This obligation is already marked done (on %(date)s).")
                % {"date": locked.done_on.isoformat()},
                ErrorCode.STEP_DONE,
            )
        if done < enterprise.created_on:
            raise _error(
                _("An obligation cannot be done before the enterprise was created (%(date)s).")
                % {"date": enterprise.created_on.isoformat()},
                ErrorCode.BEFORE_CREATION,
                "done_on",
            )
        locked.done_on = done
        locked.done_by = acting_user(actor)
        if note and note.strip():
            locked.note = note.strip()
        _save(locked, actor, ["done_on", "done_by", "note"])
        record_action(
            "enterprises.obligation.completed",
            enterprise,
            actor=actor,
            obligation=locked.pk,
            kind=locked.kind,
            due_on=locked.due_on.isoformat(),
            done_on=done.isoformat(),
        )
    return locked


def reopen_obligation(obligation: Obligation, *, actor: Any) -> Obligation:
    """Undo "done" (marked by mistake): the obligation is to do (or late) again."""
    with transaction.atomic():
        locked = _lock(obligation)
        enterprise = locked.enterprise
        _require_manager(actor, enterprise)
        if locked.done_on is None:
            raise _error(_("This obligation is not marked done."), ErrorCode.INVALID)
        was = locked.done_on
        locked.done_on = None
        locked.done_by = None
        _save(locked, actor, ["done_on", "done_by"])
        record_action(
            "enterprises.obligation.reopened",
            enterprise,
            actor=actor,
            obligation=locked.pk,
            kind=locked.kind,
            was_done_on=was.isoformat(),
        )
    return locked


def add_obligation(
    enterprise: Enterprise,
    *,
    actor: Any,
    kind: str,
    due_on: datetime.date | str,
    label: str = "",
    note: str = "",
) -> Obligation:
    """Add an obligation to the calendar of an enterprise still alive (an "other" one needs
    its label); one obligation of a kind per due date."""
    if kind not in ObligationKind.values:
        raise _error(_("Choose the kind of obligation."), ErrorCode.INVALID, "kind")
    due = _date(due_on, "due_on", _("Due on"), past_only=False)
    label = (label or "").strip()[:LABEL_MAX]
    if kind == ObligationKind.OTHER and not label:
        raise _error(_("Say what this obligation is."), ErrorCode.INVALID, "label")
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update(of=("self",)).get(pk=enterprise.pk)
        _require_manager(actor, locked)
        _check_open(locked)
        if due < locked.created_on:
            raise _error(
                _("An obligation cannot fall due before the enterprise was created (%(date)s).")
                % {"date": locked.created_on.isoformat()},
                ErrorCode.BEFORE_CREATION,
                "due_on",
            )
        obligation = Obligation(
            enterprise=locked, kind=kind, due_on=due, label=label, note=(note or "").strip()
        )
        obligation._history_user = acting_user(actor)
        try:
            with transaction.atomic():
                obligation.save()
        except IntegrityError as exc:
            raise _error(
                _("The calendar already holds this obligation on this date."), ErrorCode.INVALID, "due_on"
            ) from exc
        record_action(
            "enterprises.obligation.added",
            locked,
            actor=actor,
            obligation=obligation.pk,
            kind=kind,
            due_on=due.isoformat(),
        )
    return obligation


def extend_calendars(on: datetime.date | None = None) -> int:
    """Roll the yearly obligations of the living enterprises on to the year after `on`
    (run daily before the reminders; generated rows already there are left as they are).
    Returns how many obligations were added."""
    from .common import today

    on = on or today()
    horizon = datetime.date(on.year + 1, 1, 1)
    behind = (
        Enterprise.objects.filter(status__in=sorted(ALIVE_STATUSES))
        .annotate(last_due=Max("obligations__due_on"))
        .filter(Q(last_due__lt=horizon) | Q(last_due__isnull=True))
    )
    added = 0
    for enterprise in behind.iterator(chunk_size=500):
        rows = [
            Obligation(enterprise=enterprise, kind=kind, due_on=due_on)
            for kind, due_on in checklists.obligation_dates(
                enterprise.country, enterprise.legal_form, enterprise.created_on, until=on
            )
            if due_on >= horizon.replace(year=on.year - 1)
        ]
        before = Obligation.objects.filter(enterprise=enterprise).count()
        Obligation.objects.bulk_create(rows, ignore_conflicts=True)
        added += Obligation.objects.filter(enterprise=enterprise).count() - before
    return added
