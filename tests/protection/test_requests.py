"""People's requests: due dates from the legal delays, answers and closing with audit and
a message to the person, the officer's queue scoped per membership (overdue first, counts
of due soon and overdue), and the holder filing their own from the portal."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.messaging.models import Message
from rowad.protection import queries, services
from rowad.protection.enums import RequestKind, RequestStatus
from rowad.protection.models import DataSubjectRequest
from rowad.protection.services import ProtectionError
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def _person(world, **kw):
    return PersonFactory(province=world.oran, national_id="", email="person@example.org", **kw)


def test_open_request_due_date_follows_the_kind_setting(world, settings):
    settings.ROWAD_SUBJECT_REQUEST_RECTIFICATION_DAYS = 7
    settings.ROWAD_SUBJECT_REQUEST_ACCESS_DAYS = 45
    person, officer = _person(world), world.users[Role.AGENCY_OFFICER]
    rect = services.open_request(
        person, kind=RequestKind.RECTIFICATION, channel="desk", actor=officer, received_on=TODAY
    )
    access = services.open_request(
        person, kind=RequestKind.ACCESS, channel="desk", actor=officer, received_on=TODAY
    )
    assert rect.due_on == TODAY + datetime.timedelta(days=7)
    assert access.due_on == TODAY + datetime.timedelta(days=45)
    assert AuditEntry.objects.filter(action="protection.request.opened", object_id=str(rect.pk)).exists()


def test_answer_is_recorded_audited_and_sent_to_the_person(world, django_capture_on_commit_callbacks):
    person, officer = _person(world), world.users[Role.AGENCY_OFFICER]
    request = services.open_request(person, kind=RequestKind.OBJECTION, channel="letter", actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        answered = services.answer_request(request, answer="We stopped sharing your data.", actor=officer)
    assert answered.status == RequestStatus.ANSWERED and answered.answered_by == officer
    assert AuditEntry.objects.filter(action="protection.request.answered", object_id=str(request.pk)).exists()
    message = Message.objects.get(kind="protection.request.answered")
    assert message.person == person and "We stopped sharing your data." in message.body


def test_answer_twice_or_empty_is_refused(world):
    officer = world.users[Role.AGENCY_OFFICER]
    request = services.open_request(_person(world), kind=RequestKind.ACCESS, channel="desk", actor=officer)
    with pytest.raises(ProtectionError):
        services.answer_request(request, answer="  ", actor=officer)
    services.answer_request(request, answer="Attached.", actor=officer)
    with pytest.raises(ProtectionError):
        services.answer_request(request, answer="Again.", actor=officer)


def test_close_only_after_the_answer(world):
    officer = world.users[Role.AGENCY_OFFICER]
    request = services.open_request(_person(world), kind=RequestKind.ACCESS, channel="desk", actor=officer)
    with pytest.raises(ProtectionError):
        services.close_request(request, actor=officer)
    services.answer_request(request, answer="Attached.", actor=officer)
    assert services.close_request(request, actor=officer).status == RequestStatus.CLOSED
    assert AuditEntry.objects.filter(action="protection.request.closed", object_id=str(request.pk)).exists()


def test_queue_is_scoped_per_membership_and_overdue_first(world, settings):
    settings.ROWAD_SUBJECT_REQUEST_DUE_SOON_DAYS = 5
    officer = world.users[Role.AGENCY_OFFICER]
    today = datetime.date.today()
    late = services.open_request(_person(world), kind=RequestKind.ACCESS, channel="desk", actor=None,
                                 received_on=today - datetime.timedelta(days=40))  # fmt: skip
    soon = services.open_request(_person(world), kind=RequestKind.RECTIFICATION, channel="desk", actor=None,
                                 received_on=today - datetime.timedelta(days=7))  # fmt: skip
    later = services.open_request(_person(world), kind=RequestKind.ACCESS, channel="desk", actor=None)
    foreign = services.open_request(PersonFactory(province=world.hoceima, country="MA", national_id=""),
                                    kind=RequestKind.ACCESS, channel="desk", actor=None)  # fmt: skip
    queue = queries.queue_for(officer)
    assert list(queue) == [late, soon, later]
    counts = queries.queue_counts(queue, today=today)
    assert (counts.open, counts.due_soon, counts.overdue) == (3, 1, 1)
    # A director of Oran who is an officer in Al Hoceima handles Al Hoceima's only.
    director = world.users[Role.DIRECTOR]
    MembershipFactory(user=director, organization=world.hoceima_agency, role=Role.AGENCY_OFFICER,
                      provinces=[world.hoceima])  # fmt: skip
    assert list(queries.queue_for(director)) == [foreign]
    assert not director.has_perm("protection.handle_request", late)
    assert director.has_perm("protection.handle_request", foreign)


def test_queue_page_shows_counts_and_answer_form_answers(world, client):
    officer = world.users[Role.AGENCY_OFFICER]
    request = services.open_request(_person(world), kind=RequestKind.ACCESS, channel="desk", actor=None,
                                    received_on=datetime.date.today() - datetime.timedelta(days=60))  # fmt: skip
    client.force_login(officer)
    page = client.get(reverse("protection:queue"))
    assert page.status_code == 200 and 'id="count-overdue">1<' in page.content.decode()
    response = client.post(
        reverse("protection:request_detail", args=[request.pk]), {"answer": "Your data is attached."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED and request.answer == "Your data is attached."


def test_holder_files_a_request_for_themself_only(world, client):
    holder = world.users[Role.PROJECT_HOLDER]
    person = _person(world, user=holder)
    client.force_login(holder)
    response = client.post(
        reverse("protection:my_requests"), {"kind": "rectification", "details": "My birth date."}
    )
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.person == person and request.channel == "portal" and request.status == RequestStatus.OPEN
    assert "My birth date." in client.get(reverse("protection:my_requests")).content.decode()


def test_request_export_and_erasure_follow_the_person(world):
    from rowad.core.privacy import export
    from rowad.people.services import erase_person

    person = _person(world, given_name_latin="Zakaria")
    services.open_request(person, kind=RequestKind.RECTIFICATION, channel="desk", actor=None,
                          details="Zakaria asks to fix his name")  # fmt: skip
    assert any(s["key"] == "protection.datasubjectrequest" for s in export(person)["sections"])
    erase_person(person, actor=None, reason="asked")
    assert "Zakaria" not in DataSubjectRequest.objects.get().details
