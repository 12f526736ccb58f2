"""The idea feedback SMS goes through the messaging path."""

import pytest

from rowad.core.sms import MemorySMSBackend
from rowad.messaging.models import Message
from rowad.outreach import services
from rowad.outreach.enums import IdeaOutcome
from rowad.people.services import record_consent
from tests.factories import PersonFactory
from tests.outreach.conftest import caravan  # noqa: F401 - fixture
from tests.outreach.factories import IdeaFactory, RegistrationFactory

pytestmark = pytest.mark.integration


def _idea(stop):
    return IdeaFactory(
        registration=RegistrationFactory(stop=stop, person=PersonFactory(phone="+213661223344")),
        summary="Rucher de 50 ruches",
    )


def _decide(idea, world, capture, **kwargs):
    with capture(execute=True):
        return services.set_idea_outcome(
            idea,
            outcome=IdeaOutcome.DEEPEN,
            feedback="Chiffrez le plan.",
            actor=world.users["agency_officer"],
            notify=True,
            **kwargs,
        )


def test_idea_feedback_is_a_recorded_message(world, caravan, django_capture_on_commit_callbacks):  # noqa: F811
    MemorySMSBackend.outbox.clear()
    idea = _idea(caravan)
    record_consent(idea.registration.person, purpose="contact", actor=None)

    _decide(idea, world, django_capture_on_commit_callbacks)

    message = Message.objects.get()
    assert (message.kind, message.channel, message.status) == ("outreach.idea.feedback", "sms", "sent")
    assert message.topic == f"outreach.idea:{idea.pk}"
    assert "Chiffrez le plan." in message.body
    assert message.created_by == world.users["agency_officer"]
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661223344"]


def test_idea_feedback_without_contact_consent_is_not_sent(
    world,
    caravan,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    MemorySMSBackend.outbox.clear()
    idea = _idea(caravan)
    record_consent(idea.registration.person, purpose="contact", given=False, actor=None)

    _decide(idea, world, django_capture_on_commit_callbacks)

    assert Message.objects.get().status == "no_consent"
    assert MemorySMSBackend.outbox == []


def test_idea_feedback_sent_twice_is_one_message(world, caravan, django_capture_on_commit_callbacks):  # noqa: F811
    from rowad.outreach.services.ideas import notify_idea_outcome

    MemorySMSBackend.outbox.clear()
    idea = _idea(caravan)
    record_consent(idea.registration.person, purpose="contact", actor=None)
    _decide(idea, world, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        notify_idea_outcome(idea.pk)

    assert Message.objects.count() == 1
    assert len(MemorySMSBackend.outbox) == 1
