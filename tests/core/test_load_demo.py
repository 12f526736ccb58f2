import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (a load takes tens of seconds) and rolled back
    after it; each test runs in its own transaction inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"core", "accounts", "partners", "people", "outreach", "dossiers", "portal"}
        and model._meta.label != "core.AuditEntry"
        and not model._meta.label.split(".")[1].startswith("Historical")
    }


def test_load_demo_is_idempotent(demo, db):
    first = row_counts()
    call_command("load_demo", stdout=io.StringIO())
    assert row_counts() == first
    assert first["people.Person"] >= 250
    assert first["accounts.User"] >= 12


def test_demo_review_queue_shows_the_person_registered_twice(demo, db):
    from rowad.people.demo import TWICE_PHONE
    from rowad.people.models import DuplicateCandidate

    pair = DuplicateCandidate.objects.get(person_a__phone=TWICE_PHONE, person_b__phone=TWICE_PHONE)
    names = {p.given_name_ar or p.given_name_latin for p in (pair.person_a, pair.person_b)}
    assert names == {"محمد", "Mohammed"}
    assert pair.score >= 16


def test_demo_kobo_import_carries_target_categories_and_dated_consents(demo, db):
    import datetime

    from rowad.imports.demo import SOURCE
    from rowad.people.models import ConsentRecord, Person

    imported = Person.objects.filter(import_records__source__name=SOURCE)
    assert imported.count() == 38
    assert imported.filter(target_categories__code="resistance-family").count() == 6  # rows 3, 10, 17…
    consents = ConsentRecord.objects.filter(person__in=imported)
    assert consents.filter(purpose="registration", given=True).count() == 38
    assert consents.filter(purpose="contact", given=False).exists()
    assert set(consents.values_list("recorded_on", flat=True)) == {datetime.date(2018, 9, 3)}


# The figures as the sources tell them (seeds: the caravan's press officer at the start of
# phase 2; the Al Hoceima meeting's report).
VISITORS_BY_PHASE_2 = 72_000
REGISTRATIONS_BY_PHASE_2 = 631
PHASE_1_PROVINCES = 14
PHASE_2_PROVINCES = 22


def test_demo_tells_the_caravan_figures_from_the_records(demo, db):
    import datetime

    from rowad.outreach import figures
    from rowad.outreach.models import Campaign, Registration, VisitorTally

    campaign = Campaign.objects.get(code="caravane-nationale-2018")
    phase_1, phase_2 = campaign.phases.order_by("number")
    # Phase 1: the 14 northern wilayas, 5 August – 8 September, its stops in those wilayas.
    assert (phase_1.starts_on, phase_1.ends_on) == (datetime.date(2018, 8, 5), datetime.date(2018, 9, 8))
    assert phase_1.provinces.count() == PHASE_1_PROVINCES
    assert set(phase_1.stops.values_list("province", flat=True)) == set(
        phase_1.provinces.values_list("pk", flat=True)
    )
    assert not phase_1.stops.filter(starts_on__lt=phase_1.starts_on).exists()
    assert not phase_1.stops.filter(ends_on__gt=phase_1.ends_on).exists()
    # Phase 2: 22 interior wilayas, starting in Souk Ahras after phase 1.
    assert phase_2.provinces.count() == PHASE_2_PROVINCES
    assert not set(phase_2.provinces.values_list("pk", flat=True)) & set(
        phase_1.provinces.values_list("pk", flat=True)
    )
    first = phase_2.stops.order_by("starts_on").first()
    assert first.province.name_fr == "Souk Ahras"
    assert phase_2.starts_on == first.starts_on > phase_1.ends_on
    # Oran: Kahina square, three days from 3 September.
    oran = phase_1.stops.get(province__code="31")
    assert "Kahina" in oran.venue and "الكاهنة" in oran.venue
    assert (oran.starts_on, oran.ends_on) == (datetime.date(2018, 9, 3), datetime.date(2018, 9, 5))
    # By the start of phase 2: 72,000 visitors and 631 registrations, read by the figures engine.
    before = figures.compute(
        Registration.objects.filter(stop__campaign=campaign, captured_at__date__lt=phase_2.starts_on),
        VisitorTally.objects.filter(stop__campaign=campaign, day__lt=phase_2.starts_on),
    )
    assert (before.visitors, before.registrations) == (VISITORS_BY_PHASE_2, REGISTRATIONS_BY_PHASE_2)
    whole = figures.compute(
        Registration.objects.filter(stop__campaign=campaign),
        VisitorTally.objects.filter(stop__campaign=campaign),
    )
    assert (whole.visitors, whole.registrations) == (VISITORS_BY_PHASE_2, REGISTRATIONS_BY_PHASE_2)


def test_demo_tells_the_al_hoceima_meeting_as_the_source_does(demo, db):
    import datetime

    from rowad.outreach.enums import AgendaKind, EventKind, IdeaOutcome
    from rowad.outreach.models import Event, Idea

    meeting = Event.objects.get(kind=EventKind.AWARENESS_MEETING, province__name_fr__icontains="Hoce")
    assert meeting.starts_on == datetime.date(2019, 4, 29)
    assert meeting.host_organization.acronym == "ANAPEC"  # at the agency's provincial office
    assert set(meeting.target_categories.values_list("code", flat=True)) == {"resistance-family"}
    assert set(meeting.partners.values_list("acronym", flat=True)) == {"HCAR", "ODCo", "ADS"}
    presented = {
        item.presenter_organization.acronym: item.topic
        for item in meeting.agenda_items.filter(kind=AgendaKind.PRESENTATION).exclude(
            topic="Mot de bienvenue"
        )
    }
    assert "programmes" in presented["ANAPEC"] and "accompagnement" in presented["ANAPEC"]
    assert "travail coopératif" in presented["ODCo"] and "procédure de création" in presented["ODCo"]
    assert "coopératives et des associations" in presented["ADS"]
    testimony = meeting.agenda_items.get(kind=AgendaKind.TESTIMONY)
    assert "apicole" in testimony.presenter_name and "2017" in testimony.topic
    assert "INDH" in testimony.topic and "ANAPEC" in testimony.topic
    ideas = Idea.objects.filter(registration__event=meeting)
    assert ideas.count() >= 5
    assert set(ideas.values_list("outcome", flat=True)) == {IdeaOutcome.DEEPEN}
    assert set(ideas.values_list("legal_form", flat=True)) == {"cooperative", "sole_proprietorship"}


def test_demo_records_are_written_like_a_user_would(demo, db):
    """History and audit entries name the user who created the demo's records."""
    from rowad.core.models import AuditEntry
    from rowad.outreach.models import Registration, Stop
    from rowad.partners.models import Organization, Programme
    from rowad.people.models import Person

    for model in (Stop, Person, Organization, Programme):
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count(), model
        assert not created.filter(history_user__isnull=True).exists(), model
    registrations = Registration.objects.all()
    entries = AuditEntry.objects.filter(action="outreach.registration.created")
    assert entries.count() == registrations.count()
    assert not entries.filter(actor__isnull=True).exists()
    assert not registrations.filter(recorded_by__isnull=True).exists()
    for action in (
        "outreach.campaign.created",
        "outreach.phase.created",
        "outreach.stop.created",
        "outreach.tally.recorded",
        "outreach.event.created",
        "outreach.agenda_item.added",
        "outreach.idea.outcome_set",
        "partners.organization.created",
        "partners.agreement.created",
        "partners.programme.created",
        "portal.account.created",
        "portal.person.claimed",
    ):
        assert AuditEntry.objects.filter(action=action, actor__isnull=False).exists(), action
