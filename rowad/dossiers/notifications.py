"""Notifications to holders of a dossier's state change, through the one messaging path
(rowad.messaging.services.notify): one message per (state change, holder, channel),
written in the holder's language, sent after commit if the holder's contact consent for
that channel still holds, every attempt logged, failures retried."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rowad.messaging import services as messaging
from rowad.messaging.enums import Channel
from rowad.messaging.queries import topic_of

from .enums import DossierState
from .models import StateChange


def _composer(change: StateChange):
    def compose(person) -> tuple[str, str]:
        """(subject, body) in the active language."""
        dossier = change.dossier
        state = str(DossierState(change.to_state).label)
        subject = _("Your dossier %(reference)s: %(state)s") % {
            "reference": dossier.reference,
            "state": state,
        }
        lines = [
            _("Your dossier “%(title)s” (%(reference)s) is now: %(state)s.")
            % {
                "title": dossier.title,
                "reference": dossier.reference,
                "state": state,
            }
        ]
        if change.to_state == DossierState.TO_REVISE and change.note:
            lines.append(_("What to revise or deepen: %(note)s") % {"note": change.note})
        elif change.note and change.to_state in (
            DossierState.REJECTED,
            DossierState.DEFERRED,
            DossierState.CLOSED,
        ):
            lines.append(_("Reason: %(note)s") % {"note": change.note})
        return subject, "\n".join(lines)

    return compose


def notify_state_change(change_id: int) -> list[int]:
    """Record the messages of one state change and send them after commit. Safe to call
    twice (one message per change, holder and channel); returns the ids of new ones."""
    change = StateChange.objects.select_related("dossier", "actor").filter(pk=change_id).first()
    if change is None:
        return []
    ids = []
    for link in change.dossier.holder_links.select_related("person"):
        person = link.person
        key = f"dossiers.state:{change.pk}:{person.pk}"
        messages = messaging.notify(
            person,
            channels=(Channel.EMAIL, Channel.SMS),
            kind=f"dossiers.state.{change.to_state}",
            compose=_composer(change),
            idempotency_key=key,
            actor=change.actor,
            topic=topic_of(change.dossier),
        )
        ids.extend(m.pk for m in messages if m.is_new)
    return ids
