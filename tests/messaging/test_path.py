"""The one messaging path: recorded, consent checked at send time, retried, idempotent."""

import pytest
from django.core import mail

from rowad.core.sms import MemorySMSBackend, SMSDeliveryError
from rowad.messaging import services as messaging
from rowad.messaging.models import Message, MessageAttempt
from rowad.messaging.tasks import send_message
from rowad.people.models import Person
from rowad.people.services import record_consent
from tests.factories import PersonFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


class FailingSMSBackend:
    def send(self, message):
        raise SMSDeliveryError("gateway down")


def compose(person):
    return "Rowad", f"Bonjour {person.given_name_latin}"


@pytest.fixture(autouse=True)
def _empty_outbox():
    MemorySMSBackend.outbox.clear()


@pytest.fixture
def person():
    person = PersonFactory(phone="+213661234567", email="amine@example.org", preferred_language="fr")
    record_consent(person, purpose="contact", actor=None)
    return person


def notify(person, key="test:1", channels=("sms", "email")):
    return messaging.notify(
        person, channels=channels, kind="test.hello", compose=compose, idempotency_key=key
    )


def test_notify_sends_each_channel_after_commit_in_the_persons_language(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(person)

    assert set(Message.objects.values_list("channel", "status", "language")) == {
        ("sms", "sent", "fr"),
        ("email", "sent", "fr"),
    }
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661234567"]
    assert mail.outbox[0].to == ["amine@example.org"]


def test_consent_withdrawn_after_queueing_is_not_sent(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        notify(person)
    record_consent(person, purpose="contact", given=False, actor=None, method="phone call")
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()

    assert set(Message.objects.values_list("status", flat=True)) == {"no_consent"}
    assert MemorySMSBackend.outbox == []
    assert mail.outbox == []
    assert MessageAttempt.objects.count() == 0


def test_consent_withdrawn_for_one_channel_keeps_the_other(person, django_capture_on_commit_callbacks):
    record_consent(person, purpose="contact", given=False, channel="sms", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        notify(person)

    assert dict(Message.objects.values_list("channel", "status")) == {"sms": "no_consent", "email": "sent"}
    assert MemorySMSBackend.outbox == []


def test_person_without_contact_consent_gets_nothing(django_capture_on_commit_callbacks):
    person = PersonFactory(phone="+213661234567")
    record_consent(person, purpose="registration", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, channels=("sms",))

    assert Message.objects.get().status == "no_consent"
    assert MemorySMSBackend.outbox == []


def test_send_failure_is_retried_then_sent_once(person, settings, django_capture_on_commit_callbacks):
    settings.ROWAD_SMS_BACKEND = "tests.messaging.test_path.FailingSMSBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, channels=("sms",))
    message = Message.objects.get()
    assert (message.status, message.attempts_count) == ("failed", 1)

    settings.ROWAD_SMS_BACKEND = "rowad.core.sms.MemorySMSBackend"
    assert messaging.retry_failed() == 1
    assert messaging.retry_failed() == 0
    assert messaging.deliver(message.pk) == "sent"

    message.refresh_from_db()
    assert (message.status, message.attempts_count) == ("sent", 2)
    assert [a.error for a in message.attempts.order_by("id")] == ["gateway down", ""]
    assert len(MemorySMSBackend.outbox) == 1


def test_failures_stop_after_the_last_attempt(person, settings, django_capture_on_commit_callbacks):
    settings.ROWAD_SMS_BACKEND = "tests.messaging.test_path.FailingSMSBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, channels=("sms",))
    message = Message.objects.get()
    for _ in range(10):
        messaging.deliver(message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts_count) == ("failed", messaging.MAX_ATTEMPTS)


def test_same_key_twice_is_one_message_sent_once(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(person, key="dossier:7", channels=("sms",))
        again = notify(person, key="dossier:7", channels=("sms",))

    assert [m.pk for m in first] == [m.pk for m in again]
    assert (first[0].is_new, again[0].is_new) == (True, False)
    assert Message.objects.count() == 1
    assert len(MemorySMSBackend.outbox) == 1


def test_task_run_twice_sends_once(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = notify(person, channels=("sms",))
    send_message.enqueue(message.pk)
    send_message.enqueue(message.pk)

    assert len(MemorySMSBackend.outbox) == 1
    assert Message.objects.get().attempts_count == 1


def test_address_is_read_at_send_time(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        notify(person, channels=("sms", "email"))
    Person.objects.filter(pk=person.pk).update(phone="+213770000000", email="")
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()

    assert [m.to for m in MemorySMSBackend.outbox] == ["+213770000000"]
    assert dict(Message.objects.values_list("channel", "status")) == {"sms": "sent", "email": "no_recipient"}
