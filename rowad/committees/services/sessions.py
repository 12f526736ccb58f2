"""Committee sessions: create, attendance, agenda, decisions with votes, announcement."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.dossiers.enums import DecisionBody, DossierState
from rowad.dossiers.services import set_dossier_state
from rowad.dossiers.workflow import BodyDecision

from ..enums import Decision, ErrorCode, SessionStatus, VoteChoice
from ..models import AgendaItem, CommitteeSession, DecisionLetter, SessionMember, Vote
from .errors import CommitteeConflict, CommitteeError

_user = acting_user


def _check_version(current: int, expected: int | str | None, message: str) -> None:
    check_version(current, expected, message, error=CommitteeConflict)


def _stale_session() -> str:
    return _("This session was changed since you opened the page. Reload it and try again.")


def _stale_decision() -> str:
    return _("This decision was changed since you opened the page. Reload it and try again.")


def _lock_session(session: CommitteeSession) -> CommitteeSession:
    return CommitteeSession.objects.select_for_update().get(pk=session.pk)


def _check_planned(session: CommitteeSession) -> None:
    if session.status != SessionStatus.PLANNED:
        raise CommitteeError(
            _("The decisions of this session were announced: it can no longer change."),
            code=ErrorCode.ANNOUNCED,
        )


def create_session(
    *,
    organization: Any,
    title: str,
    held_at: datetime,
    quorum: int,
    members: Iterable[Any],
    actor: Any,
    place: str = "",
    video_link: str = "",
    programme: Any = None,
    chair: Any = None,
    client_uuid: UUID | str | None = None,
) -> CommitteeSession:
    members = list(dict.fromkeys(members))
    title, place, video_link = (title or "").strip(), (place or "").strip(), (video_link or "").strip()
    if not title:
        raise CommitteeError(_("Give the session a title."), code=ErrorCode.NO_TITLE, field="title")
    if not place and not video_link:
        raise CommitteeError(_("Give a place or a video link."), code=ErrorCode.NO_PLACE, field="place")
    if not members:
        raise CommitteeError(_("Choose the committee's members."), code=ErrorCode.NO_MEMBERS, field="members")
    if quorum < 1 or quorum > len(members):
        raise CommitteeError(
            _("The quorum must be between 1 and the number of members (%(count)s).")
            % {"count": len(members)},
            code=ErrorCode.BAD_QUORUM,
            field="quorum",
        )
    with transaction.atomic():
        if client_uuid:
            existing = CommitteeSession.objects.filter(client_uuid=client_uuid).first()
            if existing is not None:
                return existing
        session = CommitteeSession.objects.create(
            organization=organization,
            programme=programme,
            title=title,
            held_at=held_at,
            place=place,
            video_link=video_link,
            quorum=quorum,
            created_by=_user(actor),
            client_uuid=client_uuid or None,
        )
        SessionMember.objects.bulk_create(
            [SessionMember(session=session, user=user, is_chair=(user == chair)) for user in members]
        )
        record_action(
            "committees.session.created", session, actor=actor, members=[u.pk for u in members], quorum=quorum
        )
    return session


def record_attendance(
    session: CommitteeSession,
    *,
    present: Iterable[Any],
    actor: Any,
    expected_version: int | str | None = None,
) -> CommitteeSession:
    """Mark the listed members present and every other member absent."""
    present_ids = {getattr(u, "pk", u) for u in present}
    with transaction.atomic():
        locked = _lock_session(session)
        _check_planned(locked)
        _check_version(locked.version, expected_version, _stale_session())
        seats = list(locked.seats.all())
        unknown = present_ids - {s.user_id for s in seats}
        if unknown:
            raise CommitteeError(
                _("Only the session's members can be marked present."), code=ErrorCode.NOT_MEMBER
            )
        for seat in seats:
            seat.present = seat.user_id in present_ids
        SessionMember.objects.bulk_update(seats, ["present"])
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        record_action("committees.session.attendance", locked, actor=actor, present=sorted(present_ids))
    return locked


def add_agenda_item(session: CommitteeSession, *, dossier: Any, actor: Any) -> AgendaItem:
    """Put a dossier that is ready for committee on the agenda (once)."""
    with transaction.atomic():
        locked = _lock_session(session)
        _check_planned(locked)
        existing = AgendaItem.objects.filter(session=locked, dossier=dossier).first()
        if existing is not None:
            return existing
        if dossier.state != DossierState.READY_FOR_COMMITTEE:
            raise CommitteeError(
                _("Only dossiers ready for committee can be put on the agenda."), code=ErrorCode.NOT_READY
            )
        if locked.programme_id and dossier.programme_id != locked.programme_id:
            raise CommitteeError(
                _("This dossier belongs to another programme than the session's."),
                code=ErrorCode.OTHER_PROGRAMME,
            )
        pending = AgendaItem.objects.filter(dossier=dossier, session__status=SessionStatus.PLANNED)
        if pending.exists():
            raise CommitteeError(
                _("This dossier is already on the agenda of another session."),
                code=ErrorCode.ALREADY_ON_AGENDA,
            )
        position = locked.items.count() + 1
        item = AgendaItem.objects.create(session=locked, dossier=dossier, position=position)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        record_action("committees.agenda.added", locked, actor=actor, dossier=dossier.pk)
    return item


def remove_agenda_item(item: AgendaItem, *, actor: Any) -> None:
    with transaction.atomic():
        locked = _lock_session(item.session)
        _check_planned(locked)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.decision:
            raise CommitteeError(
                _("A dossier with a recorded decision cannot leave the agenda."),
                code=ErrorCode.ALREADY_DECIDED,
            )
        dossier_id = item.dossier_id
        item.delete()
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        record_action("committees.agenda.removed", locked, actor=actor, dossier=dossier_id)


def present_count(session: CommitteeSession) -> int:
    return session.seats.filter(present=True).count()


def _check_quorum(session: CommitteeSession) -> None:
    present = present_count(session)
    if present < session.quorum:
        raise CommitteeError(
            _("The quorum is not reached: %(present)s members present, %(quorum)s required.")
            % {"present": present, "quorum": session.quorum},
            code=ErrorCode.NO_QUORUM,
        )


def record_decision(
    item: AgendaItem,
    *,
    decision: str,
    reasons: str,
    votes: Mapping[Any, str],
    actor: Any,
    expected_version: int | str | None = None,
) -> AgendaItem:
    """Record (or correct, until the announcement) the committee's decision on one
    dossier, with each present member's vote. Nothing reaches the dossier or its holders
    before `announce_session`."""
    reasons = (reasons or "").strip()
    if decision not in Decision.values:
        raise CommitteeError(
            _("Choose approved, rejected, deferred or sent back to revise."),
            code=ErrorCode.BAD_DECISION,
            field="decision",
        )
    if decision != Decision.APPROVED and not reasons:
        raise CommitteeError(
            _("Give the reasons for a rejection, a deferral or a request to revise."),
            code=ErrorCode.REASONS_REQUIRED,
            field="reasons",
        )
    with transaction.atomic():
        session = _lock_session(item.session)
        _check_planned(session)
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        _check_version(locked.version, expected_version, _stale_decision())
        _check_quorum(session)
        present = set(session.seats.filter(present=True).values_list("user_id", flat=True))
        cast: dict[int, str] = {}
        for member, choice in votes.items():
            member_id = int(getattr(member, "pk", member))
            if not choice:
                continue
            if choice not in VoteChoice.values:
                raise CommitteeError(_("Unknown vote."), code=ErrorCode.BAD_VOTE)
            if member_id not in present:
                raise CommitteeError(_("Only members present can vote."), code=ErrorCode.VOTE_NOT_PRESENT)
            cast[member_id] = choice
        if len(cast) < session.quorum:
            raise CommitteeError(
                _("Record the votes of at least %(quorum)s members present.") % {"quorum": session.quorum},
                code=ErrorCode.TOO_FEW_VOTES,
            )
        counts = {c: sum(1 for v in cast.values() if v == c) for c in VoteChoice.values}
        if decision == Decision.APPROVED and counts[VoteChoice.FOR] <= counts[VoteChoice.AGAINST]:
            raise CommitteeError(
                _("An approval needs more votes for than against."),
                code=ErrorCode.VOTES_DISAGREE,
                field="decision",
            )
        if decision == Decision.REJECTED and counts[VoteChoice.AGAINST] < counts[VoteChoice.FOR]:
            raise CommitteeError(
                _("A rejection needs at least as many votes against as for."),
                code=ErrorCode.VOTES_DISAGREE,
                field="decision",
            )
        locked.decision = decision
        locked.reasons = reasons
        locked.decided_at = timezone.now()
        locked.decided_by = _user(actor)
        locked.version += 1
        locked.save()
        Vote.objects.filter(item=locked).delete()
        Vote.objects.bulk_create([Vote(item=locked, member_id=m, choice=c) for m, c in cast.items()])
        record_action(
            "committees.decision.recorded",
            locked.dossier,
            actor=actor,
            session=session.pk,
            decision=decision,
            votes=counts,
        )
    return locked


def body_decision(item: AgendaItem) -> BodyDecision:
    """The committee's decision on one agenda item, as the dossier's history records it."""
    session = item.session
    held = timezone.localtime(session.held_at).date().isoformat()
    return BodyDecision(
        kind=DecisionBody.COMMITTEE,
        reference=f"committees.agendaitem:{item.pk}",
        label=f"{session.title} · {held}",
        dossier_id=item.dossier_id,
        state=item.decision,
    )


def _letter_reference(item: AgendaItem, index: int) -> str:
    year = timezone.localtime(item.session.held_at).year
    return f"CD-{year}-{item.session_id:04d}-{item.pk:05d}-{index}"


def announce_session(
    session: CommitteeSession, *, actor: Any, expected_version: int | str | None = None
) -> CommitteeSession:
    """Apply every decision of the session to its dossier (through set_dossier_state,
    which notifies the holders after commit) and issue one decision letter per holder,
    all in one transaction: if one dossier refuses, nothing is announced."""
    with transaction.atomic():
        locked = _lock_session(session)
        _check_planned(locked)
        _check_version(locked.version, expected_version, _stale_session())
        items = list(locked.items.select_related("dossier").order_by("position", "id"))
        if not items:
            raise CommitteeError(_("The agenda is empty."), code=ErrorCode.EMPTY_AGENDA)
        undecided = [i for i in items if not i.decision]
        if undecided:
            raise CommitteeError(
                _("Record a decision for every dossier on the agenda first (%(count)s left).")
                % {"count": len(undecided)},
                code=ErrorCode.UNDECIDED,
            )
        _check_quorum(locked)
        now = timezone.now()
        for item in items:
            set_dossier_state(
                item.dossier, item.decision, actor=actor, note=item.reasons, decision=body_decision(item)
            )
            for index, holder in enumerate(item.dossier.holders.order_by("pk"), start=1):
                DecisionLetter.objects.get_or_create(
                    item=item,
                    holder=holder,
                    defaults={"reference": _letter_reference(item, index), "issued_at": now},
                )
        locked.status = SessionStatus.ANNOUNCED
        locked.announced_at = now
        locked.announced_by = _user(actor)
        locked.version += 1
        locked.save()
        record_action(
            "committees.session.announced",
            locked,
            actor=actor,
            decisions={str(i.dossier_id): i.decision for i in items},
        )
    return locked
