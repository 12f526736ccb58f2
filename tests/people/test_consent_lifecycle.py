"""Consent per purpose (issue 18, item 7): each record carries the notice version shown,
where it was collected, who collected it and, for sharing, the one partner it is about; a
withdrawal is a new record that takes effect at once everywhere — messages (queued ones
included), the sponsor's view of a dossier's holders, a partner association's list of
registrations."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.audit import entries_for
from rowad.core.errors import DomainError
from rowad.core.sms import MemorySMSBackend
from rowad.dossiers.disclosure import personal_data_visible
from rowad.dossiers.enums import DossierState
from rowad.messaging import services as messaging
from rowad.messaging.models import Message
from rowad.outreach.queries import registrations_visible_to
from rowad.partners.enums import OrganizationKind
from rowad.people.models import ConsentRecord, ConsentSource, Person
from rowad.people.notices import current_notice
from rowad.people.queries import consent_history, sharing_withdrawn
from rowad.people.services import record_consent, withdraw_consent
from tests.dossiers.factories import advance, make_dossier, oran_programme
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.outreach.factories import CampaignFactory, PhaseFactory, RegistrationFactory, StopFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SHARING = ConsentRecord.Purpose.SHARING


def test_consent_records_notice_version_source_collector_and_partner(world):
    officer = world.users[Role.AGENCY_OFFICER]
    sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR)
    person = PersonFactory()

    consent = record_consent(
        person, purpose=SHARING, partner=sponsor, source=ConsentSource.DESK, actor=officer
    )

    consent.refresh_from_db()
    assert consent.notice_version == current_notice(SHARING).version != ""
    assert (consent.source, consent.recorded_by, consent.partner) == ("desk", officer, sponsor)
    assert entries_for(person)[0].action == "people.consent.recorded"


def test_withdrawal_is_a_new_record_and_keeps_the_history(world):
    officer = world.users[Role.AGENCY_OFFICER]
    person = PersonFactory()
    record_consent(person, purpose="photos", actor=officer, source=ConsentSource.STOP)

    withdraw_consent(person, purpose="photos", actor=officer, source=ConsentSource.PHONE)

    assert list(person.consents.values_list("given", "source")) == [(False, "phone"), (True, "stop")]
    photos = next(g for g in consent_history(person) if g["purpose"] == "photos")
    assert photos["given"] is False and len(photos["records"]) == 2
    assert entries_for(person)[0].action == "people.consent.withdrawn"


def test_only_a_sharing_consent_names_a_partner(world):
    with pytest.raises(DomainError):
        record_consent(PersonFactory(), purpose="contact", partner=world.oran_agency, actor=None)
    with pytest.raises(DomainError):
        record_consent(PersonFactory(), purpose="contact", notice_version="1999-9", actor=None)


def test_sharing_with_partner_a_is_not_sharing_with_partner_b(world):
    a, b = OrganizationFactory(kind="sponsor"), OrganizationFactory(kind="funder")
    given_a, withdrew_a, withdrew_all, silent = (PersonFactory() for _ in range(4))
    record_consent(given_a, purpose=SHARING, partner=a, actor=None)
    withdraw_consent(withdrew_a, purpose=SHARING, partner=a, actor=None)
    withdraw_consent(withdrew_all, purpose=SHARING, actor=None)
    # A later consent for B alone does not undo the withdrawal from every partner for A.
    record_consent(withdrew_all, purpose=SHARING, partner=b, actor=None)

    people = Person.objects.filter(pk__in=[p.pk for p in (given_a, withdrew_a, withdrew_all, silent)])
    assert set(people.filter(sharing_withdrawn(a))) == {withdrew_a, withdrew_all}
    assert set(people.filter(sharing_withdrawn(b.pk))) == set()
    assert set(people.exclude(sharing_withdrawn([a]))) == {given_a, silent}


# --- Messages ----------------------------------------------------------------------------


def _compose(person):
    return "Rowad", "Bonjour"


def test_withdrawal_blocks_the_next_message_even_one_already_queued(django_capture_on_commit_callbacks):
    MemorySMSBackend.outbox.clear()
    person = PersonFactory(phone="+213661234599", email="nour@example.org")
    record_consent(person, purpose="contact", actor=None)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        messaging.notify(person, channels=("sms",), kind="t", compose=_compose, idempotency_key="q:1")

    withdraw_consent(person, purpose="contact", actor=None, source=ConsentSource.PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
        messaging.notify(person, channels=("email",), kind="t", compose=_compose, idempotency_key="q:2")

    assert set(Message.objects.values_list("status", flat=True)) == {"no_consent"}
    assert MemorySMSBackend.outbox == [] and mail.outbox == []


# --- Sharing with partners -------------------------------------------------------------


def _studied_dossier(world):
    programme = oran_programme(world, requires_sponsor_signoff=True)
    sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR, provinces=[world.oran])
    programme.sponsors.set([sponsor])
    user = UserFactory()
    MembershipFactory(user=user, organization=sponsor, role=Role.SPONSOR_OFFICER, provinces=[world.oran])
    holder = PersonFactory(national_id="", organization=world.oran_agency, phone="+213661234511")
    dossier = make_dossier(world, programme=programme, holders=[holder])
    dossier = advance(dossier, DossierState.UNDER_STUDY, actor=world.users[Role.AGENCY_OFFICER])
    return dossier, sponsor, user, holder


def test_a_holders_withdrawal_hides_their_data_from_that_sponsor_only(world, client):
    dossier, sponsor, user, holder = _studied_dossier(world)
    assert personal_data_visible(user, dossier)

    # A withdrawal naming another partner changes nothing for this sponsor.
    withdraw_consent(holder, purpose=SHARING, partner=OrganizationFactory(kind="funder"), actor=None)
    assert personal_data_visible(user, dossier)

    withdraw_consent(holder, purpose=SHARING, partner=sponsor, actor=None)
    assert not personal_data_visible(user, dossier)
    client.force_login(user)
    body = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'id="documents-withheld"' in body
    # The agency officer still reads them.
    assert personal_data_visible(world.users[Role.AGENCY_OFFICER], dossier)

    record_consent(holder, purpose=SHARING, partner=sponsor, actor=None)
    assert personal_data_visible(user, dossier)


def test_a_partner_association_no_longer_sees_a_registration_after_withdrawal(world):
    association = OrganizationFactory(kind=OrganizationKind.ASSOCIATION, provinces=[world.oran])
    rep = UserFactory()
    MembershipFactory(user=rep, organization=association, role=Role.ASSOCIATION_REP, provinces=[world.oran])
    campaign = CampaignFactory(lead_organization=world.oran_agency, organizations=[association])
    stop = StopFactory(phase=PhaseFactory(campaign=campaign), province=world.oran)
    kept, withdrawn = RegistrationFactory(stop=stop), RegistrationFactory(stop=stop)
    assert set(registrations_visible_to(rep)) == {kept, withdrawn}

    withdraw_consent(withdrawn.person, purpose=SHARING, partner=association, actor=None)

    assert set(registrations_visible_to(rep)) == {kept}
    # The agency's own staff still see both.
    assert set(registrations_visible_to(world.users[Role.AGENCY_OFFICER]).filter(stop=stop)) == {
        kept,
        withdrawn,
    }


# --- Pages -------------------------------------------------------------------------------


def test_the_person_page_shows_the_history_per_purpose(world, client):
    officer = world.users[Role.AGENCY_OFFICER]
    person = PersonFactory(province=world.oran, organization=world.oran_agency)
    record_consent(person, purpose="contact", actor=officer, source=ConsentSource.STOP)
    withdraw_consent(person, purpose="contact", actor=officer, source=ConsentSource.PHONE)
    client.force_login(officer)

    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()

    assert body.count('data-consent-state="withdrawn"') == 1
    assert str(ConsentSource.PHONE.label) in body and str(ConsentSource.STOP.label) in body
    assert current_notice("contact").version in body


def test_an_officer_withdrawal_needs_the_confirmation(world, client):
    officer = world.users[Role.AGENCY_OFFICER]
    person = PersonFactory(province=world.oran, organization=world.oran_agency)
    record_consent(person, purpose="contact", actor=officer)
    client.force_login(officer)
    url = reverse("people:consent", args=[person.pk])

    client.post(url, {"purpose": "contact", "given": "0", "source": "phone"})
    assert person.consents.count() == 1

    client.post(url, {"purpose": "contact", "given": "0", "source": "phone", "confirm": "on"})
    latest = person.consents.first()
    assert (latest.given, latest.source, latest.recorded_by) == (False, "phone", officer)


def test_the_holder_withdraws_from_the_portal(world, client):
    from tests.portal.factories import make_holder

    user, _account, person = make_holder(world.oran_agency, username="holder-nour", given_name_latin="Nour")
    record_consent(person, purpose="contact", actor=user, source=ConsentSource.PORTAL)
    client.force_login(user)
    url = reverse("portal:consents")
    page = client.get(url)
    assert page.status_code == 200 and current_notice("contact").version in page.content.decode()

    client.post(url, {"purpose": "contact"})  # not confirmed
    assert person.consents.count() == 1
    client.post(url, {"purpose": "contact", "confirm": "on"})

    latest = person.consents.first()
    assert (latest.given, latest.source) == (False, "portal")
