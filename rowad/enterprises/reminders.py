"""Reminders to the holders of an enterprise before a legal obligation falls due (issue
14, point 3), sent only through the one messaging path (rowad.messaging.services.notify),
which writes the message in the person's language and checks their contact consent for
the channel again at send time.

An obligation is reminded once: when it falls due within the next
`ROWAD_OBLIGATION_REMINDER_DAYS` days (default 15; a day the daily run missed is caught
up the next day), it is not done, its enterprise is operating or suspended (not closed
nor transferred) and it was not reminded yet (`Obligation.reminded_on`). Every current
owner of the enterprise (EnterpriseMember without `left_on`) with an address and their
contact consent on a channel gets the message; `reminded_on` is set in the same
transaction, under the obligation's lock, so a second run (or two runs at once) sends
nothing more. An owner without consent gets nothing (the obligation is still marked
reminded: the reminder was due, and withheld)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rowad.financing.money import currency_for_country
from rowad.financing.reminders import format_day
from rowad.messaging import services as messaging
from rowad.messaging.enums import Channel
from rowad.messaging.queries import topic_of
from rowad.people.queries import contact_consent_given

from .enums import ALIVE_STATUSES, ObligationKind
from .models import EnterpriseMember, Obligation

DEFAULT_DAYS = 15
# Channels in the order a reminder prefers them; every one with an address and the
# person's consent is used.
CHANNELS = (Channel.SMS, Channel.EMAIL)


def days_before() -> int:
    return int(getattr(settings, "ROWAD_OBLIGATION_REMINDER_DAYS", DEFAULT_DAYS))


def window(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The due dates (first, last, both included) reminded on `on`."""
    return on, on + datetime.timedelta(days=days_before())


def obligations_to_remind(on: datetime.date) -> QuerySet[Obligation]:
    first, last = window(on)
    owners = EnterpriseMember.objects.filter(left_on__isnull=True).select_related("person").order_by("id")
    return (
        Obligation.objects.filter(
            done_on__isnull=True,
            reminded_on__isnull=True,
            due_on__gte=first,
            due_on__lte=last,
            enterprise__status__in=sorted(ALIVE_STATUSES),
        )
        .select_related("enterprise")
        .prefetch_related(Prefetch("enterprise__members", queryset=owners, to_attr="current_members"))
        .order_by("due_on", "pk")
    )


def enterprise_name(enterprise: Any) -> str:
    """The enterprise's name in the script of the reader's language."""
    if (translation.get_language() or "")[:2] == "ar":
        return enterprise.name_ar or enterprise.display_name
    return enterprise.name_latin or enterprise.display_name


def _composer(obligation: Obligation):
    def compose(person: Any) -> tuple[str, str]:
        enterprise = obligation.enterprise
        values = {
            "obligation": obligation.label or ObligationKind(obligation.kind).label,
            "enterprise": enterprise_name(enterprise),
            "date": format_day(obligation.due_on, currency_for_country(enterprise.country)),
        }
        subject = _("%(obligation)s due on %(date)s") % values
        body = (
            _(
                "Reminder: %(obligation)s of %(enterprise)s falls due on %(date)s. "
                "Contact your agency if you need help with it."
            )
            % values
        )
        return subject, body

    return compose


def consented_channels(person: Any) -> list[str]:
    """The channels on which `person` has an address and their contact consent now."""
    return [
        channel
        for channel in CHANNELS
        if messaging.address_of(person, channel) and contact_consent_given(person, channel)
    ]


def _holders(obligation: Obligation) -> Iterator[Any]:
    for member in getattr(obligation.enterprise, "current_members", None) or ():
        if member.person.merged_into_id is None:
            yield member.person


def remind(obligation: Obligation, on: datetime.date) -> int | None:
    """Remind the obligation's holders and mark it reminded; None when it was reminded
    already (by an earlier or a concurrent run). Returns how many holders were sent a
    message; the messages leave after the transaction commits."""
    with transaction.atomic():
        locked = (
            Obligation.objects.select_for_update().filter(pk=obligation.pk, reminded_on__isnull=True).first()
        )
        if locked is None:
            return None
        sent = 0
        for person in _holders(obligation):
            channels = consented_channels(person)
            if not channels:
                continue
            messages = messaging.notify(
                person,
                channels=channels,
                kind="enterprises.obligation.reminder",
                compose=_composer(obligation),
                idempotency_key=f"enterprises.obligation:{obligation.pk}:{person.pk}",
                topic=topic_of(obligation),
            )
            sent += bool(messages)
        locked.reminded_on = on
        locked.save(update_fields=["reminded_on"])
    return sent


def send_obligation_reminders(on: datetime.date | None = None) -> int:
    """Remind the holders of every obligation due a reminder on `on` (today by default).
    Returns how many holders were sent a reminder. Safe to run twice."""
    on = on or timezone.localdate()
    sent = 0
    for obligation in obligations_to_remind(on):
        sent += remind(obligation, on) or 0
    return sent
