"""The agency asks the holders to declare their enterprise's jobs and turnover: each owner
is told through the one messaging path, only with their contact consent; the portal shows
the request until they declare."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.core.sms import MemorySMSBackend
from rowad.enterprises.enums import EnterpriseStatus, ErrorCode
from rowad.enterprises.errors import EnterpriseError
from rowad.enterprises.models import Enterprise
from rowad.enterprises.services.declarations import declaration_awaited, declare_jobs, request_declaration
from rowad.messaging.models import Message
from rowad.people.services import record_consent
from tests.enterprises.calendar_helpers import oran_enterprise
from tests.enterprises.declaration_helpers import holder_with_enterprise
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_outbox():
    MemorySMSBackend.outbox = []
    yield
    MemorySMSBackend.outbox = []


def _person(phone: str, consent: bool | None):
    person = PersonFactory(national_id="", phone=phone, email="", preferred_language="fr")
    if consent is not None:
        record_consent(person, purpose="contact", actor=None, given=consent)
    return person


def test_only_the_owners_who_consented_are_told(world, django_capture_on_commit_callbacks):
    agrees, refuses = _person("+213661000701", True), _person("+213661000702", False)
    enterprise = oran_enterprise(world, holders=[agrees, refuses], name_latin="Fibre Nour")
    with django_capture_on_commit_callbacks(execute=True):
        sent = request_declaration(enterprise, actor=world.users[Role.AGENCY_OFFICER])
    assert sent == 1
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661000701"]
    message = Message.objects.get(person=agrees)
    assert message.kind == "enterprises.declaration.request" and "Fibre Nour" in message.body
    assert not Message.objects.filter(person=refuses).exists()
    assert Enterprise.objects.get(pk=enterprise.pk).declaration_requested_on is not None


def test_asking_twice_in_a_day_sends_one_message(world, django_capture_on_commit_callbacks):
    enterprise = oran_enterprise(world, holders=[_person("+213661000703", True)])
    officer = world.users[Role.AGENCY_OFFICER]
    with django_capture_on_commit_callbacks(execute=True):
        request_declaration(enterprise, actor=officer)
        request_declaration(enterprise, actor=officer)
    assert len(MemorySMSBackend.outbox) == 1


def test_the_request_stands_until_the_holder_declares(world):
    user, _, enterprise = holder_with_enterprise(world)
    assert not declaration_awaited(enterprise)
    request_declaration(enterprise, actor=world.users[Role.AGENCY_OFFICER])
    enterprise.refresh_from_db()
    assert declaration_awaited(enterprise)
    declare_jobs(enterprise, actor=user, permanent_men=2)
    assert not declaration_awaited(enterprise)


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.FIELD_AGENT, Role.COMMITTEE_MEMBER])
def test_only_an_officer_or_the_mentor_asks(world, role):
    enterprise = oran_enterprise(world)
    with pytest.raises(EnterpriseError) as error:
        request_declaration(enterprise, actor=world.users[role])
    assert error.value.code == ErrorCode.NOT_ALLOWED
    with pytest.raises(EnterpriseError):
        request_declaration(enterprise, actor=world.outsider)


def test_a_closed_enterprise_is_not_asked(world):
    enterprise = oran_enterprise(world, status=EnterpriseStatus.CLOSED)
    with pytest.raises(EnterpriseError) as error:
        request_declaration(enterprise, actor=world.users[Role.AGENCY_OFFICER])
    assert error.value.code == ErrorCode.CLOSED


def test_the_portal_shows_the_request(world, client):
    user, _, enterprise = holder_with_enterprise(world)
    request_declaration(enterprise, actor=world.users[Role.AGENCY_OFFICER])
    client.force_login(user)
    page = client.get("/portal/enterprise/", HTTP_ACCEPT_LANGUAGE="en")
    assert f'id="declaration-asked-{enterprise.pk}"' in page.content.decode()
