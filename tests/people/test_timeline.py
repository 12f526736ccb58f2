"""The person's story (rowad.core.timeline): each app's events about the person, read
through that app's scoped query for the reader, newest first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.core.timeline import events_for
from rowad.dossiers import services as dossiers
from rowad.dossiers.enums import DossierState
from rowad.imports.models import ImportedRecord
from rowad.outreach.enums import IdeaOutcome
from rowad.people.merging import merge_people
from rowad.people.services import record_consent
from rowad.portal.models import HolderAccount
from tests.dossiers.factories import advance, make_dossier
from tests.factories import PersonFactory, ProgrammeFactory, UserFactory
from tests.imports.factories import ImportBatchFactory
from tests.outreach.factories import IdeaFactory, RegistrationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def officer(world):
    return world.users[Role.AGENCY_OFFICER]


@pytest.fixture
def person(world):
    return PersonFactory(national_id="", organization=world.oran_agency)


def _story(officer, person) -> list:
    return events_for("people.person", officer, person)


def _kinds(events) -> set[str]:
    return {event.kind for event in events}


def test_registration_and_idea_with_its_outcome(officer, person):
    registration = RegistrationFactory(person=person)
    IdeaFactory(
        registration=registration,
        summary="Rucher de 50 ruches",
        outcome=IdeaOutcome.DEEPEN,
        feedback="Chiffrer les ruches",
        decided_at=timezone.now(),
    )

    events = {event.kind: event for event in _story(officer, person)}

    assert events["outreach.registration"].url == reverse("outreach:stop_detail", args=[registration.stop_id])
    assert "Rucher de 50 ruches" in events["outreach.idea"].title
    assert str(IdeaOutcome.DEEPEN.label) in events["outreach.idea"].title
    assert events["outreach.idea"].detail == "Chiffrer les ruches"


def test_dossier_states_name_the_holders_and_link_to_the_dossier(world, officer, person):
    partner = PersonFactory(national_id="", given_name_latin="Karima", family_name_latin="Saidi")
    dossier = make_dossier(world, holders=[person, partner])
    advance(dossier, DossierState.SUBMITTED, actor=officer)

    states = [event for event in _story(officer, person) if event.kind == "dossiers.state"]

    assert len(states) == 2  # created as an idea, then submitted
    assert {event.url for event in states} == {reverse("dossiers:dossier_detail", args=[dossier.pk])}
    assert dossier.reference in states[0].title
    assert "Karima Saidi" in states[0].detail


def test_dossier_outside_the_readers_provinces_is_not_shown(world, officer, person):
    foreign = dossiers.create_dossier(
        holders=[person],
        programme=ProgrammeFactory(operator=world.hoceima_agency),
        actor=world.outsider,
        title="Zzforeign",
        idea="Apiculture",
        province=world.hoceima,
        organization=world.hoceima_agency,
    )
    mine = make_dossier(world, holders=[person])

    urls = {event.url for event in _story(officer, person) if event.kind == "dossiers.state"}
    outsider_urls = {event.url for event in _story(world.outsider, person) if event.kind == "dossiers.state"}

    assert urls == {reverse("dossiers:dossier_detail", args=[mine.pk])}
    assert reverse("dossiers:dossier_detail", args=[foreign.pk]) in outsider_urls


def test_decision_letter(world, officer, person):
    dossier = make_dossier(world, holders=[person])
    advance(dossier, DossierState.APPROVED, actor=officer)

    letters = [event for event in _story(officer, person) if event.kind == "committees.letter"]

    assert len(letters) == 1
    assert letters[0].url.startswith("/") and letters[0].url.endswith(".pdf")


def test_consents_portal_account_import_row_and_merge(world, officer, person):
    record_consent(person, purpose="contact", actor=officer)
    user = UserFactory(username="holder-story")
    type(person).objects.filter(pk=person.pk).update(user=user)
    person.refresh_from_db()
    HolderAccount.objects.create(user=user, country="DZ", phone="+213661234567")
    batch = ImportBatchFactory(organization=world.oran_agency, province=world.oran, created_by=officer)
    ImportedRecord.objects.create(source=batch.source, key="row-7", person=person, batch=batch)
    duplicate = PersonFactory(national_id="", organization=world.oran_agency)
    merge_people(person, duplicate, actor=officer)

    events = _story(officer, person)

    assert {
        "people.registered",
        "people.consent",
        "portal.account",
        "imports.row",
        "people.merge",
    } <= _kinds(events)
    row = next(event for event in events if event.kind == "imports.row")
    assert row.url == reverse("imports:batch_detail", args=[batch.pk])


def test_import_rows_of_batches_the_reader_does_not_see_are_not_shown(world, person):
    batch = ImportBatchFactory(
        organization=world.hoceima_agency, province=world.hoceima, created_by=world.outsider
    )
    ImportedRecord.objects.create(source=batch.source, key="row-1", person=person, batch=batch)

    assert "imports.row" not in _kinds(_story(world.users[Role.AGENCY_OFFICER], person))


def test_events_newest_first(world, officer, person):
    RegistrationFactory(person=person, captured_at=timezone.now() - timedelta(days=30))
    dossier = make_dossier(world, holders=[person])
    advance(dossier, DossierState.SUBMITTED, actor=officer)

    events = _story(officer, person)
    moments = [event.moment for event in events]

    assert moments == sorted(moments, reverse=True)
    assert events[0].kind == "dossiers.state"
    assert events[-1].kind == "outreach.registration"


def test_person_page_shows_the_story(client, world, officer, person):
    dossier = make_dossier(world, holders=[person], title="Atelier de couture")
    client.force_login(officer)

    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()

    assert 'id="person-timeline"' in page
    assert reverse("dossiers:dossier_detail", args=[dossier.pk]) in page


def test_top_bar_search_with_one_match_opens_the_person(client, world, officer, person):
    yacine = PersonFactory(
        national_id="",
        organization=world.oran_agency,
        given_name_latin="Yacine",
        family_name_latin="Kaci",
        given_name_ar="ياسين",
        family_name_ar="قاسي",
    )
    PersonFactory(national_id="", organization=world.oran_agency)  # a second Mohamed Benali
    client.force_login(officer)

    one = client.get(reverse("people:list"), {"q": "ياسين قاسي", "open": "1"})
    many = client.get(reverse("people:list"), {"q": "محمد بن علي", "open": "1"})
    listed = client.get(reverse("people:list"), {"q": "ياسين قاسي"})

    assert (one.status_code, one["Location"]) == (302, reverse("people:detail", args=[yacine.pk]))
    assert many.status_code == 200
    assert listed.status_code == 200
    assert 'id="topbar-search"' in listed.content.decode()
