"""Ideas pitched at a meeting: record, feedback and outcome, notification of the holder."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.messaging import services as messaging
from rowad.messaging.enums import Channel
from rowad.messaging.queries import topic_of

from ..enums import ErrorCode, IdeaOutcome
from ..models import Idea, Registration


def add_idea(registration: Registration, *, data: dict[str, Any], actor: Any) -> Idea:
    with transaction.atomic():
        idea = Idea(registration=registration, **data)
        idea._history_user = acting_user(actor)
        idea.save()
        record_action("outreach.idea.added", idea, actor=actor, registration=registration.pk)
    return idea


def set_idea_outcome(
    idea: Idea, *, outcome: str, feedback: str, actor: Any, version: str | None = None, notify: bool = False
) -> Idea:
    if outcome not in IdeaOutcome.values:
        from .errors import OutreachError

        raise OutreachError(_("Unknown outcome."), code=ErrorCode.UNKNOWN_OUTCOME, field="outcome")
    with transaction.atomic():
        locked = Idea.objects.select_for_update().select_related("registration__person").get(pk=idea.pk)
        check_version(
            locked.updated_at,
            version,
            _("Someone else gave feedback on this idea meanwhile. Review it and try again."),
        )
        locked.outcome = outcome
        locked.feedback = feedback
        locked.decided_by = acting_user(actor)
        locked.decided_at = timezone.now()
        locked._history_user = locked.decided_by
        phone = locked.registration.person.phone
        if notify and phone:
            locked.notified_at = timezone.now()
            transaction.on_commit(lambda: notify_idea_outcome(locked.pk, actor=actor))
        locked.save()
        record_action("outreach.idea.outcome_set", locked, actor=actor, outcome=outcome, notify=notify)
    return locked


def notify_idea_outcome(idea_id: int, *, actor: Any = None) -> list:
    """Send the holder an SMS in their language through the messaging path (after
    commit; recorded, consent checked at send time, retried; one message per decision,
    so running it twice sends once)."""
    idea = Idea.objects.select_related("registration__person").get(pk=idea_id)
    person = idea.registration.person
    decided = (idea.notified_at or idea.decided_at or idea.updated_at).isoformat()

    def compose(person) -> tuple[str, str]:
        body = _('Rowad: feedback on your idea "%(idea)s": %(outcome)s. %(feedback)s') % {
            "idea": idea.summary[:60],
            "outcome": idea.get_outcome_display(),
            "feedback": idea.feedback[:200],
        }
        return "", body.strip()

    return messaging.notify(
        person,
        channels=(Channel.SMS,),
        kind="outreach.idea.feedback",
        compose=compose,
        idempotency_key=f"outreach.idea.feedback:{idea.pk}:{decided}",
        actor=actor,
        topic=topic_of(idea),
    )
