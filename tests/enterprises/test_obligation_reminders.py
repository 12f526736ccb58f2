"""Reminders of legal obligations to the enterprise's holders: once per obligation
(Obligation.reminded_on), only with their contact consent, never for a done obligation
nor a closed enterprise, through the one messaging path."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from rowad.core.sms import MemorySMSBackend
from rowad.enterprises.enums import EnterpriseStatus, ObligationKind
from rowad.enterprises.models import Obligation
from rowad.enterprises.tasks import send_obligation_reminders, send_obligation_reminders_task
from rowad.messaging.models import Message
from rowad.people.services import record_consent
from tests.enterprises.calendar_helpers import obligation, oran_enterprise
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2027, 3, 1)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _clean_outbox(settings):
    settings.ROWAD_OBLIGATION_REMINDER_DAYS = 15
    MemorySMSBackend.outbox = []
    yield
    MemorySMSBackend.outbox = []


def holder(*, consent=True, phone="+213661000222", language="fr"):
    person = PersonFactory(national_id="", phone=phone, email="", preferred_language=language)
    if consent is not None:  # None: never asked
        record_consent(person, purpose="contact", actor=None, given=consent)
    return person


def due(world, holders, *, due_on=ON + 10 * DAY, **fields):
    enterprise = oran_enterprise(world, holders=holders, name_latin="Fibre Nour", **fields)
    return obligation(enterprise, due_on=due_on, kind=ObligationKind.ANNUAL_TAX_DECLARATION)


def run(captured, on=ON):
    with captured(execute=True):
        return send_obligation_reminders(on)


def test_holders_are_reminded_once(world, django_capture_on_commit_callbacks):
    first, second = holder(), holder(phone="+213661000333")
    row = due(world, [first, second])

    assert run(django_capture_on_commit_callbacks) == 2
    assert run(django_capture_on_commit_callbacks) == 0
    assert run(django_capture_on_commit_callbacks, ON + DAY) == 0

    assert Obligation.objects.get(pk=row.pk).reminded_on == ON
    assert sorted(m.to for m in MemorySMSBackend.outbox) == ["+213661000222", "+213661000333"]
    message = Message.objects.filter(person=first).get()
    assert message.kind == "enterprises.obligation.reminder"
    assert "Fibre Nour" in message.body and "2027" in message.body


def test_no_message_without_contact_consent(world, django_capture_on_commit_callbacks):
    refused = holder(consent=False)
    never_asked = holder(consent=None, phone="+213661000444")
    row = due(world, [refused, never_asked])

    assert run(django_capture_on_commit_callbacks) == 0
    assert not Message.objects.exists() and MemorySMSBackend.outbox == []
    assert Obligation.objects.get(pk=row.pk).reminded_on == ON


def test_only_obligations_in_the_window_not_done_of_enterprises_alive(
    world, django_capture_on_commit_callbacks
):
    person = holder()
    far = due(world, [person], due_on=ON + 16 * DAY)
    past = due(world, [person], due_on=ON - DAY)
    done = due(world, [person], due_on=ON + 5 * DAY)
    Obligation.objects.filter(pk=done.pk).update(done_on=ON - DAY)
    closed = due(world, [person], status=EnterpriseStatus.CLOSED, ended_on=ON - DAY)
    transferred = due(world, [person], status=EnterpriseStatus.TRANSFERRED, ended_on=ON - DAY)
    suspended = due(world, [person], due_on=ON + 15 * DAY, status=EnterpriseStatus.SUSPENDED)

    assert run(django_capture_on_commit_callbacks) == 1
    reminded = set(Obligation.objects.filter(reminded_on__isnull=False).values_list("pk", flat=True))
    assert reminded == {suspended.pk}
    assert {far.pk, past.pk, done.pk, closed.pk, transferred.pk}.isdisjoint(reminded)


def test_a_holder_who_left_is_not_reminded(world, django_capture_on_commit_callbacks):
    stays, left = holder(), holder(phone="+213661000555")
    row = due(world, [stays, left])
    row.enterprise.members.filter(person=left).update(left_on=ON - 30 * DAY)

    assert run(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661000222"]


def test_the_command_and_the_task(world, django_capture_on_commit_callbacks, capsys):
    due(world, [holder()])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_obligation_reminders", "--date", ON.isoformat())
    assert "1 reminder(s) sent" in capsys.readouterr().out
    due(world, [holder(phone="+213661000666")], due_on=ON + 11 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_obligation_reminders_task.enqueue(ON.isoformat())
    assert result.return_value == 1
