"""Reminders of instalments to the holders (issue 13, point 5): before it falls due, the
day after, 30 days late; once per instalment, step and holder; only with consent; in the
holder's language; through the one messaging path."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from rowad.core.sms import MemorySMSBackend
from rowad.financing.enums import ReminderStep, ScheduleState
from rowad.financing.models import Reminder
from rowad.financing.tasks import send_instalment_reminders, send_instalment_reminders_task
from rowad.messaging.models import Message
from rowad.people.services import record_consent
from tests.committees.factories import DossierFactory
from tests.factories import OrganizationFactory, PersonFactory
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.financing.schedule_factories import InstalmentFactory, ScheduleFactory

pytestmark = pytest.mark.integration

DUE = datetime.date(2027, 3, 15)


@pytest.fixture(autouse=True)
def _clean_outbox():
    MemorySMSBackend.outbox = []
    yield
    MemorySMSBackend.outbox = []


def holder(*, consent=True, language="fr", phone="+213661000111", email="", **fields):
    person = PersonFactory(national_id="", phone=phone, email=email, preferred_language=language, **fields)
    if consent:
        record_consent(person, purpose="contact", actor=None)
    return person


def instalment_of(holders, *, due_on=DUE, funder_name="BADR Banque", **fields):
    dossier = DossierFactory(holders=holders)
    plan = PlanFactory(dossier=dossier, formula__programme=dossier.programme)
    funder = OrganizationFactory(name_fr=funder_name, name_ar="بنك الفلاحة والتنمية الريفية", name_en="")
    line = PlanLineFactory(plan=plan, funder=funder, amount=Decimal("700000"), repaid=True, term_months=12)
    schedule = ScheduleFactory(line=line, first_due=due_on)
    defaults = {"principal": Decimal("58333.33"), "interest": Decimal("1250.50")}
    defaults.update(fields)
    return InstalmentFactory(schedule=schedule, number=1, due_on=due_on, **defaults)


def run(as_of, captured):
    with captured(execute=True):
        return send_instalment_reminders(as_of)


def test_reminder_before_due_is_sent_once(db, django_capture_on_commit_callbacks):
    person = holder()
    instalment = instalment_of([person])

    count = run(DUE - datetime.timedelta(days=5), django_capture_on_commit_callbacks)

    reminder = Reminder.objects.get()
    assert (count, reminder.instalment, reminder.step, reminder.person, reminder.sent, reminder.channel) == (
        1,
        instalment,
        ReminderStep.BEFORE_DUE,
        person,
        True,
        "sms",
    )
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661000111"]
    assert Message.objects.get().kind == "financing.reminder.before_due"


def test_reminder_running_twice_sends_once(db, django_capture_on_commit_callbacks):
    instalment_of([holder()])
    as_of = DUE - datetime.timedelta(days=3)

    first = run(as_of, django_capture_on_commit_callbacks)
    second = run(as_of, django_capture_on_commit_callbacks)
    third = run(as_of + datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    assert (first, second, third) == (1, 0, 0)
    assert Reminder.objects.count() == 1
    assert len(MemorySMSBackend.outbox) == 1
    assert Message.objects.count() == 1


def test_reminder_not_yet_in_window_is_not_sent(db, django_capture_on_commit_callbacks):
    instalment_of([holder()])

    count = run(DUE - datetime.timedelta(days=6), django_capture_on_commit_callbacks)

    assert (count, Reminder.objects.count()) == (0, 0)


def test_reminder_days_before_comes_from_the_setting(db, settings, django_capture_on_commit_callbacks):
    settings.ROWAD_REMINDER_DAYS_BEFORE = 10
    instalment_of([holder()])

    count = run(DUE - datetime.timedelta(days=10), django_capture_on_commit_callbacks)

    assert count == 1


def test_reminder_without_consent_is_recorded_not_sent(db, django_capture_on_commit_callbacks):
    silent = holder(consent=False)
    withdrawn = holder(phone="+213661000222")
    record_consent(withdrawn, purpose="contact", given=False, channel="sms", actor=None)
    instalment_of([silent, withdrawn])

    count = run(DUE - datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    rows = sorted(Reminder.objects.values_list("person_id", "sent", "channel"))
    assert count == 0
    assert rows == sorted([(silent.pk, False, ""), (withdrawn.pk, False, "")])
    assert MemorySMSBackend.outbox == []
    assert Message.objects.count() == 0


def test_reminder_goes_to_every_holder_on_their_consented_channels(db, django_capture_on_commit_callbacks):
    first = holder(email="amina@example.org")
    record_consent(first, purpose="contact", given=False, channel="email", actor=None)
    second = holder(phone="", email="karim@example.org")
    instalment_of([first, second])

    count = run(DUE - datetime.timedelta(days=2), django_capture_on_commit_callbacks)

    assert count == 2
    assert dict(Reminder.objects.values_list("person_id", "channel")) == {first.pk: "sms", second.pk: "email"}
    assert [m.to for m in MemorySMSBackend.outbox] == [first.phone]
    assert [m.to for m in mail.outbox] == [["karim@example.org"]]


def test_reminder_late_the_day_after_due(db, django_capture_on_commit_callbacks):
    instalment_of([holder()])

    before = run(DUE, django_capture_on_commit_callbacks)
    late = run(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    again = run(DUE + datetime.timedelta(days=2), django_capture_on_commit_callbacks)

    assert (before, late, again) == (0, 1, 0)
    assert list(Reminder.objects.values_list("step", flat=True)) == [ReminderStep.LATE]
    assert (
        "n’est pas payée" in MemorySMSBackend.outbox[0].body or "pas payé" in MemorySMSBackend.outbox[0].body
    )


def test_reminder_late_30_at_thirty_days(db, django_capture_on_commit_callbacks):
    instalment_of([holder()])

    late = run(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    day_29 = run(DUE + datetime.timedelta(days=29), django_capture_on_commit_callbacks)
    day_30 = run(DUE + datetime.timedelta(days=30), django_capture_on_commit_callbacks)
    day_31 = run(DUE + datetime.timedelta(days=31), django_capture_on_commit_callbacks)

    assert (late, day_29, day_30, day_31) == (1, 0, 1, 0)
    assert sorted(Reminder.objects.values_list("step", flat=True)) == [
        ReminderStep.LATE,
        ReminderStep.LATE_30,
    ]


def test_reminder_missed_day_is_caught_up(db, django_capture_on_commit_callbacks):
    instalment_of([holder()])

    count = run(DUE + datetime.timedelta(days=4), django_capture_on_commit_callbacks)

    assert count == 1
    assert Reminder.objects.get().step == ReminderStep.LATE


def test_reminder_not_sent_for_settled_or_paid_instalments(db, django_capture_on_commit_callbacks):
    settled = instalment_of(
        [holder()],
        paid_principal=Decimal("58333.33"),
        paid_interest=Decimal("1250.50"),
        settled_on=DUE - datetime.timedelta(days=2),
    )
    # Paid in full but not yet marked settled: nothing is owed.
    instalment_of(
        [holder(phone="+213661000333")], paid_principal=Decimal("58333.33"), paid_interest=Decimal("1250.50")
    )
    # A grace-period instalment: only the state's interest, nothing owed by the holder.
    instalment_of(
        [holder(phone="+213661000444")],
        principal=Decimal("0"),
        interest=Decimal("0"),
        subsidised_interest=Decimal("3208.33"),
    )

    count = run(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    assert settled.settled_on is not None
    assert (count, Reminder.objects.count()) == (0, 0)


def test_reminder_not_sent_for_superseded_or_closed_schedules(db, django_capture_on_commit_callbacks):
    superseded = instalment_of([holder()])
    superseded.schedule.state = ScheduleState.SUPERSEDED
    superseded.schedule.save()
    closed = instalment_of([holder(phone="+213661000555")])
    closed.schedule.state = ScheduleState.CLOSED
    closed.schedule.save()

    count = run(DUE - datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    assert (count, Reminder.objects.count()) == (0, 0)


def test_reminder_partly_paid_says_what_remains(db, django_capture_on_commit_callbacks):
    instalment_of([holder()], paid_principal=Decimal("50000.00"))

    run(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    # 58 333,33 + 1 250,50 − 50 000,00 = 9 583,83 (French: narrow no-break spaces, "DA").
    assert "9\u202f583,83\u00a0DA" in MemorySMSBackend.outbox[0].body


def test_reminder_in_the_holder_language(db, django_capture_on_commit_callbacks):
    french = holder(language="fr")
    arabic = holder(language="ar", phone="+213661000666")
    instalment_of([french, arabic])

    run(DUE - datetime.timedelta(days=5), django_capture_on_commit_callbacks)

    bodies = {m.to: m.body for m in MemorySMSBackend.outbox}
    assert bodies[french.phone] == (
        "Rappel : votre échéance n° 1 de 59\u202f583,83\u00a0DA auprès de BADR Banque arrive à échéance "
        "le 15 mars 2027."
    )
    assert "بنك الفلاحة والتنمية الريفية" in bodies[arabic.phone]
    assert "59.583,83" in bodies[arabic.phone] and "مارس 2027" in bodies[arabic.phone]
    assert dict(Message.objects.values_list("person_id", "language")) == {french.pk: "fr", arabic.pk: "ar"}


def test_reminder_consent_withdrawn_before_sending_is_not_sent(db, django_capture_on_commit_callbacks):
    person = holder()
    instalment_of([person])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_instalment_reminders(DUE - datetime.timedelta(days=1))
    record_consent(person, purpose="contact", given=False, actor=None)
    for callback in callbacks:
        callback()

    assert MemorySMSBackend.outbox == []
    assert Message.objects.get().status == "no_consent"


def test_reminder_command_and_task(db, django_capture_on_commit_callbacks, capsys):
    instalment_of([holder()])

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_financing_reminders", "--date", (DUE - datetime.timedelta(days=1)).isoformat())
        result = send_instalment_reminders_task.enqueue((DUE - datetime.timedelta(days=1)).isoformat())

    assert capsys.readouterr().out.strip() == "1 reminder(s) sent"
    assert result.return_value == 0
    assert Reminder.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_reminder_concurrent_runs_send_once(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row-level race needs PostgreSQL")
    instalment_of([holder()])
    as_of = DUE - datetime.timedelta(days=1)
    results = []
    barrier = threading.Barrier(2)

    def worker():
        barrier.wait()
        try:
            results.append(send_instalment_reminders(as_of))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 1]
    assert Reminder.objects.count() == 1
    assert len(MemorySMSBackend.outbox) == 1
