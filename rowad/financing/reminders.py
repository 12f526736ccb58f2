"""Reminders to the holders of a dossier before an instalment falls due and when it is late
(issue 13, point 5), sent only through the one messaging path (rowad.messaging.services.
notify), which writes the message in the person's language and checks their contact
consent for the channel again at send time.

Each step fires once per instalment and holder, while the instalment is in the step's
window (so a day the daily run missed is caught up the next day, and an instalment that
is already two months late does not receive the "due soon" text):

- BEFORE_DUE: due within the next `ROWAD_REMINDER_DAYS_BEFORE` days (default 5);
- LATE: from the day after it fell due until it is 29 days late;
- LATE_30: from 30 to 59 days late.

Only instalments of active schedules that are unsettled and still owe something. The
`Reminder` row (unique instalment + step + person) is created first, inside the
transaction that queues the message: a second run, or two runs at once, finds it and sends
nothing more. A holder with no contact consent on any channel where they have an address
gets the row with `sent=False` (the reminder is recorded, not sent)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from django.conf import settings
from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.messaging import services as messaging
from rowad.messaging.enums import Channel
from rowad.messaging.queries import topic_of
from rowad.people.queries import contact_consent_given

from .enums import ReminderStep, ScheduleState
from .models import MONEY_DIGITS, MONEY_PLACES, Instalment, Reminder
from .money import _locale, format_money

DEFAULT_DAYS_BEFORE = 5
LATE_30_DAYS = 30
# Channels in the order a reminder prefers them; every one with an address and the
# person's consent is used.
CHANNELS = (Channel.SMS, Channel.EMAIL)
COUNTRY_OF_CURRENCY = {"DZD": "DZ", "MAD": "MA"}


def days_before() -> int:
    return int(getattr(settings, "ROWAD_REMINDER_DAYS_BEFORE", DEFAULT_DAYS_BEFORE))


def step_windows(as_of: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """For each step, the due dates (first, last, both included) it reminds on `as_of`."""
    day = datetime.timedelta(days=1)
    return {
        ReminderStep.BEFORE_DUE: (as_of + day, as_of + days_before() * day),
        ReminderStep.LATE: (as_of - (LATE_30_DAYS - 1) * day, as_of - day),
        ReminderStep.LATE_30: (as_of - (2 * LATE_30_DAYS - 1) * day, as_of - LATE_30_DAYS * day),
    }


def remaining_expression() -> ExpressionWrapper:
    return ExpressionWrapper(
        F("principal") + F("interest") - F("paid_principal") - F("paid_interest"),
        output_field=DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES),
    )


def instalments_to_remind(as_of: datetime.date) -> Iterator[tuple[str, Instalment]]:
    """(step, instalment) pairs due a reminder on `as_of`, with the holders prefetched."""
    for step, (first, last) in step_windows(as_of).items():
        qs: QuerySet[Instalment] = (
            Instalment.objects.filter(
                schedule__state=ScheduleState.ACTIVE,
                settled_on__isnull=True,
                due_on__gte=first,
                due_on__lte=last,
            )
            .annotate(owed=remaining_expression())
            .filter(owed__gt=Decimal("0"))
            .select_related("schedule__line__funder", "schedule__line__plan__dossier")
            .prefetch_related("schedule__line__plan__dossier__holders")
            .order_by("due_on", "pk")
        )
        for instalment in qs.iterator(chunk_size=500):
            yield step, instalment


def _country(currency: str) -> str | None:
    return COUNTRY_OF_CURRENCY.get(currency)


def format_day(day: datetime.date, currency: str) -> str:
    """The date as the reader writes it ("7 décembre 2026"), in the active language."""
    return format_date(day, format="long", locale=_locale(_country(currency)))


def _composer(instalment: Instalment, step: str):
    def compose(person: Any) -> tuple[str, str]:
        schedule = instalment.schedule
        funder = schedule.line.funder
        values = {
            "amount": format_money(instalment.owed, schedule.currency, country=_country(schedule.currency)),
            "funder": funder.name if funder is not None else "—",
            "date": format_day(instalment.due_on, schedule.currency),
            "number": instalment.number,
        }
        if step == ReminderStep.BEFORE_DUE:
            subject = _("Instalment due on %(date)s") % values
            body = (
                _(
                    "Reminder: your instalment no. %(number)s of %(amount)s to %(funder)s falls due on %(date)s."
                )
                % values
            )
        elif step == ReminderStep.LATE:
            subject = _("Instalment overdue since %(date)s") % values
            body = (
                _(
                    "Your instalment no. %(number)s to %(funder)s, due on %(date)s, is not paid: "
                    "%(amount)s remain due. Please pay it or contact your agency."
                )
                % values
            )
        else:
            subject = _("Instalment 30 days overdue")
            body = (
                _(
                    "Your instalment no. %(number)s to %(funder)s, due on %(date)s, has been overdue for 30 days: "
                    "%(amount)s remain due. Please contact your agency without delay."
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


def remind(instalment: Instalment, step: str, person: Any) -> Reminder | None:
    """Record and send one reminder; None when it was already recorded (by an earlier or a
    concurrent run). The message leaves after the transaction commits."""
    with transaction.atomic():
        reminder, created = Reminder.objects.get_or_create(instalment=instalment, step=step, person=person)
        if not created:
            return None
        channels = consented_channels(person)
        if channels:
            messages = messaging.notify(
                person,
                channels=channels,
                kind=f"financing.reminder.{step}",
                compose=_composer(instalment, step),
                idempotency_key=f"financing.reminder:{instalment.pk}:{step}:{person.pk}",
                topic=topic_of(instalment),
            )
            reminder.channel = ",".join(message.channel for message in messages)[:20]
            reminder.sent = bool(messages)
            reminder.save(update_fields=["channel", "sent"])
    return reminder


def send_instalment_reminders(as_of: datetime.date | None = None) -> int:
    """Remind every holder of the instalments due a reminder on `as_of` (today by default).
    Returns how many reminders were sent (queued on a channel with the holder's consent);
    the ones withheld for lack of consent are recorded with `sent=False`. Safe to run
    twice: the second run finds every reminder recorded and sends nothing."""
    as_of = as_of or timezone.localdate()
    sent = 0
    for step, instalment in instalments_to_remind(as_of):
        for person in instalment.schedule.line.plan.dossier.holders.all():
            if person.merged_into_id is not None:
                continue
            reminder = remind(instalment, step, person)
            if reminder is not None and reminder.sent:
                sent += 1
    return sent
