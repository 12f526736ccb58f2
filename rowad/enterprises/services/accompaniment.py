"""Accompaniment: who mentors a dossier (and its enterprise), the sessions held with the
holders before and after creation, and the follow-up visits recorded on a phone.

- assign_mentor: an agency officer reaching the dossier gives it a mentor who holds an
  active mentor membership covering the dossier's province; the open assignment is closed
  (the history is the list of assignments).
- record_session / record_visit: the dossier's current mentor (their caseload) or an
  officer. A phone may send the same form twice (a lost answer, a double tap): the same
  `client_uuid` returns the row already recorded, nothing new is stored."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.dossiers.models import Dossier
from rowad.dossiers.queries import dossiers_visible_to

from ..enums import Difficulty, ErrorCode, Need, SessionPhase, TurnoverBand
from ..errors import EnterpriseConflict
from ..models import AccompanimentSession, Enterprise, MentorAssignment, Visit
from ..queries import MANAGERS, enterprise_of_dossier
from .accompaniment_checks import _attendees, _codes, _count, _stored, _topic, _uuid, _visit_date
from .common import (
    _check_open,
    _date,
    _error,
    _lock,
    _not_allowed,
    _require_accompanier,
    _require_dossier_accompanier,
    today,
)
from .observations import refresh_jobs

COUNTS = ("permanent_men", "permanent_women", "seasonal_men", "seasonal_women")


# --- Mentor assignments ----------------------------------------------------------------------


def check_mentor(dossier: Dossier, mentor: Any) -> None:
    """`mentor` holds an active mentor membership whose provinces include the dossier's."""
    grants = scope_for(mentor).grants_for(Role.MENTOR) if mentor is not None else ()
    if not grants:
        raise _error(_("This person is not a mentor."), ErrorCode.NOT_A_MENTOR, "mentor")
    if not any(dossier.province_id in grant.province_ids for grant in grants):
        raise _error(
            _("This mentor does not work in the dossier's province: choose a mentor of %(province)s.")
            % {"province": dossier.province},
            ErrorCode.MENTOR_OUTSIDE,
            "mentor",
        )


def assign_mentor(
    dossier: Dossier, mentor: Any, *, actor: Any, started_on: Any = None, reason: str = ""
) -> MentorAssignment:
    """Give `dossier` (and its enterprise) `mentor` from `started_on` (today by default),
    closing the open assignment on that day. Agency officers reaching the dossier only."""
    if actor is None or not dossiers_visible_to(actor, roles=MANAGERS).filter(pk=dossier.pk).exists():
        raise _not_allowed(_("You may not assign a mentor to this dossier."))
    check_mentor(dossier, mentor)
    started = _date(started_on or today(), "started_on", _("Start of the accompaniment"))
    try:
        return _write_assignment(dossier, mentor, actor=actor, started=started, reason=reason)
    except IntegrityError as exc:
        # Another officer assigned this dossier at the same moment (one open assignment).
        raise EnterpriseConflict(
            _("Someone else assigned a mentor to this dossier at the same time. Reload and try again."),
            code=ErrorCode.STALE_EDIT,
        ) from exc


def _write_assignment(
    dossier: Dossier, mentor: Any, *, actor: Any, started: datetime.date, reason: str
) -> MentorAssignment:
    with transaction.atomic():
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
        current = (
            MentorAssignment.objects.select_for_update()
            .filter(dossier=dossier, ended_on__isnull=True)
            .first()
        )
        if current is not None and current.mentor_id == mentor.pk:
            raise _error(
                _("This mentor already accompanies this dossier."), ErrorCode.ALREADY_ASSIGNED, "mentor"
            )
        if current is not None:
            if started < current.started_on:
                raise _error(
                    _("The new mentor cannot start before the current one started (%(date)s).")
                    % {"date": current.started_on.isoformat()},
                    ErrorCode.INVALID,
                    "started_on",
                )
            current.ended_on = started
            current.save(update_fields=["ended_on"])
        assignment = MentorAssignment.objects.create(
            dossier=dossier,
            mentor=mentor,
            started_on=started,
            reason=(reason or "").strip()[:300],
            assigned_by=acting_user(actor),
        )
        record_action(
            "enterprises.mentor.assigned",
            assignment,
            actor=actor,
            dossier=dossier.pk,
            mentor=mentor.pk,
            previous=current.mentor_id if current else None,
            started_on=started.isoformat(),
        )
    return assignment


# --- Sessions --------------------------------------------------------------------------------


def record_session(
    dossier: Dossier,
    *,
    actor: Any,
    topic: Any,
    held_on: Any,
    phase: str | None = None,
    attendees: Any = (),
    notes: str = "",
    next_steps: str = "",
    next_session_on: Any = None,
    client_uuid: Any = None,
) -> AccompanimentSession:
    """Record a session with the holders of `dossier` (before or after the enterprise is
    created). The dossier's current mentor or an agency officer reaching it."""
    _require_dossier_accompanier(actor, dossier)
    key = _uuid(client_uuid)
    done = _stored(AccompanimentSession, key, dossier=dossier)
    if done is not None:
        return done
    held = _date(held_on, "held_on", _("Date of the session"))
    chosen = _topic(dossier, topic)
    enterprise = enterprise_of_dossier(dossier)
    phase = phase or (SessionPhase.POST_CREATION if enterprise else SessionPhase.PRE_CREATION)
    if phase not in SessionPhase.values:
        raise _error(_("Choose before or after creation."), ErrorCode.INVALID, "phase")
    if phase == SessionPhase.POST_CREATION:
        if enterprise is None:
            raise _error(
                _("The enterprise is not recorded yet: this is a pre-creation session."),
                ErrorCode.INVALID,
                "phase",
            )
        if held < enterprise.created_on:
            raise _error(
                _("A post-creation session cannot be held before the enterprise was created (%(date)s).")
                % {"date": enterprise.created_on.isoformat()},
                ErrorCode.BEFORE_CREATION,
                "held_on",
            )
    if chosen.phase and chosen.phase != phase:
        raise _error(
            _("This topic is for sessions %(phase)s.") % {"phase": SessionPhase(chosen.phase).label.lower()},
            ErrorCode.INVALID,
            "topic",
        )
    people = _attendees(dossier, attendees)
    next_on = None
    if next_session_on not in (None, ""):
        next_on = _date(next_session_on, "next_session_on", _("Next session"), past_only=False)
        if next_on <= held:
            raise _error(
                _("The next session must come after this one."), ErrorCode.INVALID, "next_session_on"
            )
    try:
        with transaction.atomic():
            session = AccompanimentSession(
                dossier=dossier,
                enterprise=enterprise if phase == SessionPhase.POST_CREATION else None,
                phase=phase,
                held_on=held,
                topic=chosen,
                notes=(notes or "").strip(),
                next_steps=(next_steps or "").strip(),
                next_session_on=next_on,
                mentor=acting_user(actor),
                client_uuid=key,
            )
            session._history_user = acting_user(actor)
            session.save()
            session.attendees.set(people)
            record_action(
                "enterprises.session.recorded",
                session,
                actor=actor,
                dossier=dossier.pk,
                phase=phase,
                topic=chosen.code,
                held_on=held.isoformat(),
                attendees=len(people),
            )
    except IntegrityError:
        done = _stored(AccompanimentSession, key, dossier=dossier)
        if done is None:
            raise
        return done
    return session


# --- Visits ----------------------------------------------------------------------------------


def record_visit(
    enterprise: Enterprise,
    *,
    actor: Any,
    visited_on: Any,
    operating: bool = True,
    permanent_men: Any = 0,
    permanent_women: Any = 0,
    seasonal_men: Any = 0,
    seasonal_women: Any = 0,
    turnover_band: str = "",
    difficulties: Any = (),
    needs: Any = (),
    notes: str = "",
    client_uuid: Any = None,
) -> Visit:
    """Record a follow-up visit to `enterprise` (its mentor or an agency officer): whether it
    operates, its jobs, turnover band, difficulties and needs; the enterprise's observed
    jobs and last visit are recomputed."""
    _require_accompanier(actor, enterprise)
    key = _uuid(client_uuid)
    done = _stored(Visit, key, enterprise=enterprise)
    if done is not None:
        return done
    counts = {
        "permanent_men": _count(permanent_men, "permanent_men"),
        "permanent_women": _count(permanent_women, "permanent_women"),
        "seasonal_men": _count(seasonal_men, "seasonal_men"),
        "seasonal_women": _count(seasonal_women, "seasonal_women"),
    }
    if turnover_band and turnover_band not in TurnoverBand.values:
        raise _error(_("Choose a turnover band from the list."), ErrorCode.INVALID, "turnover_band")
    found = _codes(difficulties, Difficulty.values, "difficulties")
    wanted = _codes(needs, Need.values, "needs")
    try:
        with transaction.atomic():
            locked = _lock(enterprise)
            _check_open(locked)
            visited = _visit_date(locked, visited_on)
            visit = Visit(
                enterprise=locked,
                visited_on=visited,
                mentor=acting_user(actor),
                operating=bool(operating),
                turnover_band=turnover_band or "",
                difficulties=found,
                needs=wanted,
                notes=(notes or "").strip(),
                client_uuid=key,
                **counts,
            )
            visit._history_user = acting_user(actor)
            visit.save()
            refresh_jobs(locked)
            record_action(
                "enterprises.visit.recorded",
                visit,
                actor=actor,
                enterprise=locked.pk,
                visited_on=visited.isoformat(),
                operating=visit.operating,
                jobs=visit.total_jobs,
                difficulties=found,
            )
    except IntegrityError:
        done = _stored(Visit, key, enterprise=enterprise)
        if done is None:
            raise
        return done
    enterprise.refresh_from_db(fields=["last_visit_on", "jobs_observed_on", "initial_jobs", *COUNTS])
    return visit
