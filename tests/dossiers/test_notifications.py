import pytest
from django.core import mail

from rowad.accounts.enums import Role
from rowad.core.sms import MemorySMSBackend, SMSDeliveryError
from rowad.dossiers import notifications, services
from rowad.dossiers.enums import DossierState
from rowad.messaging import services as messaging
from rowad.messaging.models import Message as Notification
from rowad.messaging.models import MessageAttempt as NotificationAttempt
from rowad.people.services import record_consent

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def contact_consent(holder_user):
    """The holder agreed to be contacted (messages need it at send time)."""
    record_consent(holder_user.person, purpose="contact", actor=None)


class FailingSMSBackend:
    def send(self, message):
        raise SMSDeliveryError("gateway down")


def test_holder_notified_by_email_and_sms_in_their_language_after_commit(
    world, ready_dossier, django_capture_on_commit_callbacks
):
    MemorySMSBackend.outbox.clear()
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.set_dossier_state(
            dossier,
            DossierState.TO_REVISE,
            actor=world.users[Role.AGENCY_OFFICER],
            note="Chiffrez le matériel",
        )
        assert Notification.objects.count() == 0
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True):  # the messages are sent after commit too
        callbacks[0]()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["holder@example.org"]
    assert "À réviser" in mail.outbox[0].subject
    assert "Chiffrez le matériel" in mail.outbox[0].body
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661234567"]
    assert set(Notification.objects.values_list("channel", "status", "language")) == {
        ("email", "sent", "fr"),
        ("sms", "sent", "fr"),
    }
    assert NotificationAttempt.objects.filter(success=True).count() == 2


def test_notify_twice_sends_once(world, ready_dossier, django_capture_on_commit_callbacks):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_dossier_state(
            dossier, DossierState.TO_REVISE, actor=world.users[Role.AGENCY_OFFICER], note="x"
        )
    change = dossier.state_changes.first()

    assert notifications.notify_state_change(change.pk) == []
    assert len(mail.outbox) == 1


def test_failed_sms_is_logged_and_retried(world, ready_dossier, settings, django_capture_on_commit_callbacks):
    settings.ROWAD_SMS_BACKEND = "tests.dossiers.test_notifications.FailingSMSBackend"
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_dossier_state(
            dossier, DossierState.TO_REVISE, actor=world.users[Role.AGENCY_OFFICER], note="x"
        )
    sms = Notification.objects.get(channel="sms")
    assert (sms.status, sms.attempts_count) == ("failed", 1)
    assert NotificationAttempt.objects.get(message=sms).error == "gateway down"

    settings.ROWAD_SMS_BACKEND = "rowad.core.sms.MemorySMSBackend"
    assert messaging.retry_failed() == 1

    sms.refresh_from_db()
    assert (sms.status, sms.attempts_count) == ("sent", 2)
    assert list(NotificationAttempt.objects.filter(message=sms).values_list("success", flat=True)) == [
        True,
        False,
    ]


def test_deliver_twice_sends_once(world, ready_dossier, django_capture_on_commit_callbacks):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_dossier_state(
            dossier, DossierState.TO_REVISE, actor=world.users[Role.AGENCY_OFFICER], note="x"
        )
    email = Notification.objects.get(channel="email")

    assert messaging.deliver(email.pk) == "sent"
    assert len(mail.outbox) == 1


def test_detail_page_lists_messages_and_failed_attempts(
    client, world, ready_dossier, settings, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    settings.ROWAD_SMS_BACKEND = "tests.dossiers.test_notifications.FailingSMSBackend"
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    officer = world.users[Role.AGENCY_OFFICER]
    with django_capture_on_commit_callbacks(execute=True):
        services.set_dossier_state(dossier, DossierState.TO_REVISE, actor=officer, note="x")
    client.force_login(officer)

    body = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()

    assert 'id="notifications"' in body
    assert "gateway down" in body
    assert "holder@example.org" in body


def test_holder_who_withdrew_sms_consent_gets_the_email_only(
    world, ready_dossier, holder_user, django_capture_on_commit_callbacks
):
    MemorySMSBackend.outbox.clear()
    record_consent(holder_user.person, purpose="contact", given=False, channel="sms", actor=None)
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_dossier_state(
            dossier, DossierState.TO_REVISE, actor=world.users[Role.AGENCY_OFFICER], note="x"
        )

    assert dict(Notification.objects.values_list("channel", "status")) == {
        "email": "sent",
        "sms": "no_consent",
    }
    assert MemorySMSBackend.outbox == []
    assert len(mail.outbox) == 1
