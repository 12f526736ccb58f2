import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from rowad.outreach.models import Idea, Registration, Stop, VisitorTally
from rowad.people.models import Person
from tests.factories import PersonFactory, SpecialtyFactory, province

from .factories import EventFactory, IdeaFactory, RegistrationFactory

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def form_data(**overrides):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "given_name_ar": "ياسين",
        "family_name_ar": "بلقاسم",
        "phone": "0661 22 33 44",
        "sex": "M",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_register_page_post_twice_creates_one(client, world, caravan):
    client.force_login(world.users["field_agent"])
    url = reverse("outreach:register", kwargs={"kind": "stop", "pk": caravan.pk})
    data = form_data()
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Registration.objects.filter(stop=caravan).count() == 1


def test_register_page_links_picked_person(client, world, caravan):
    person = PersonFactory(national_id="")
    client.force_login(world.users["field_agent"])
    url = reverse("outreach:register", kwargs={"kind": "stop", "pk": caravan.pk})
    client.post(url, form_data(person_id=person.pk, given_name_ar="", family_name_ar="", phone=""))
    registration = Registration.objects.get()
    assert (registration.person, registration.linked_existing) == (person, True)
    assert Person.objects.count() == 1


def test_register_page_without_consent_shows_message(client, world, caravan):
    client.force_login(world.users["field_agent"])
    url = reverse("outreach:register", kwargs={"kind": "stop", "pk": caravan.pk})
    response = client.post(url, form_data(consent=""))
    assert response.status_code == 200
    assert "consent is required" in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_page_after_stop_closed_shows_message(client, world, caravan):
    Stop.objects.filter(pk=caravan.pk).update(closed_at=timezone.now() - timedelta(minutes=1))
    client.force_login(world.users["field_agent"])
    url = reverse("outreach:register", kwargs={"kind": "stop", "pk": caravan.pk})
    response = client.post(url, form_data())
    assert response.status_code == 200
    # The form is not offered any more: the page says when registration closed.
    assert "Registration here was closed on" in response.content.decode()
    assert Registration.objects.count() == 0


def test_suggestions_find_same_phone(client, world, caravan):
    PersonFactory(phone="+213661223344", given_name_latin="Zakaria", national_id="")
    client.force_login(world.users["field_agent"])
    response = client.get(reverse("outreach:suggestions"), {"phone": "0661 22 33 44"})
    assert "Zakaria" in response.content.decode()
    assert "data-link-person" in response.content.decode()


def test_counter_high_count_asks_confirmation_then_saves(client, world, caravan):
    client.force_login(world.users["field_agent"])
    url = reverse("outreach:counter", kwargs={"kind": "stop", "pk": caravan.pk})
    key = str(uuid.uuid4())
    response = client.post(url, {"client_uuid": key, "count": 10000})
    assert response.status_code == 200
    assert 'name="confirmed"' in response.content.decode()
    assert VisitorTally.objects.count() == 0
    assert client.post(url, {"client_uuid": key, "count": 10000, "confirmed": "on"}).status_code == 302
    assert VisitorTally.objects.get().count == 10000


def test_stop_create_overlap_shows_message(client, world, caravan):
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:stop_create", kwargs={"campaign_pk": caravan.campaign_id})
    response = client.post(
        url,
        {
            "phase": caravan.phase_id,
            "province": province("DZ", "16").pk,
            "venue": "Alger",
            "starts_on": caravan.starts_on.isoformat(),
            "ends_on": caravan.ends_on.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "overlaps the stop" in response.content.decode()
    assert Stop.objects.count() == 1


def test_stop_edit_stale_version_is_refused(client, world, caravan):
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:stop_edit", kwargs={"pk": caravan.pk})
    response = client.post(
        url,
        {
            "province": caravan.province_id,
            "venue": "Autre place",
            "starts_on": caravan.starts_on.isoformat(),
            "ends_on": caravan.ends_on.isoformat(),
            "version": "2000-01-01T00:00:00+00:00",
        },
    )
    assert response.status_code == 409
    caravan.refresh_from_db()
    assert caravan.venue == "Place Kahina"


def test_delete_stop_with_registrations_keeps_it(client, world, caravan):
    RegistrationFactory(stop=caravan)
    client.force_login(world.users["agency_officer"])
    client.post(reverse("outreach:stop_delete", kwargs={"pk": caravan.pk}))
    assert Stop.objects.filter(pk=caravan.pk).exists()


def test_figures_count_and_link_to_the_records(client, world, caravan):
    fiber = SpecialtyFactory(code="fiber-optics")
    RegistrationFactory(stop=caravan, sex="F", age_band="18-24", specialty=fiber)
    RegistrationFactory(stop=caravan, sex="M", age_band="25-29")
    RegistrationFactory(stop=caravan, sex="F", age_band="25-29")
    VisitorTally.objects.create(client_uuid=uuid.uuid4(), stop=caravan, day=caravan.starts_on, count=120)
    client.force_login(world.users["agency_officer"])
    page = client.get(reverse("outreach:figures", kwargs={"kind": "campaign", "pk": caravan.campaign_id}))
    figures = page.context["figures"]
    assert (figures.visitors, figures.registrations, figures.became_dossiers) == (120, 3, 0)
    assert [(r.label, r.count) for r in figures.by_sex] == [("Women", 2), ("Men", 1)]
    listing = client.get(
        reverse("outreach:registrations", kwargs={"kind": "campaign", "pk": caravan.campaign_id}),
        {"sex": "F"},
    )
    assert listing.context["page"].paginator.count == 2
    by_specialty = client.get(
        reverse("outreach:registrations", kwargs={"kind": "stop", "pk": caravan.pk}), {"specialty": fiber.pk}
    )
    assert by_specialty.context["page"].paginator.count == 1


def test_figures_count_dossiers_through_the_dossiers_query(client, world, caravan, monkeypatch):
    first = RegistrationFactory(stop=caravan)
    RegistrationFactory(stop=caravan)
    monkeypatch.setattr(
        "rowad.outreach.figures.person_ids_with_dossiers", lambda ids: {first.person_id} & set(ids)
    )
    client.force_login(world.users["agency_officer"])
    page = client.get(reverse("outreach:figures", kwargs={"kind": "stop", "pk": caravan.pk}))
    assert page.context["figures"].became_dossiers == 1
    listing = client.get(
        reverse("outreach:registrations", kwargs={"kind": "stop", "pk": caravan.pk}), {"dossier": "1"}
    )
    assert [r.pk for r in listing.context["page"]] == [first.pk]


def test_sponsor_sees_figures_without_record_links(client, world, caravan):
    RegistrationFactory(stop=caravan)
    client.force_login(world.users["sponsor_officer"])
    page = client.get(reverse("outreach:figures", kwargs={"kind": "campaign", "pk": caravan.campaign_id}))
    assert page.status_code == 200
    assert page.context["figures"].registrations == 1
    assert "/registrations/" not in page.content.decode()


def test_figures_export_csv_and_xlsx(client, world, caravan):
    RegistrationFactory(stop=caravan, sex="F", age_band="18-24")
    client.force_login(world.users["director"])
    url = reverse("outreach:figures_export", kwargs={"kind": "stop", "pk": caravan.pk, "fmt": "csv"})
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[0] == ["Breakdown", "Value", "Count"]
    assert ["Total", "Registrations", "1"] in rows
    assert ["Sex", "Women", "1"] in rows
    xlsx = client.get(
        reverse("outreach:figures_export", kwargs={"kind": "stop", "pk": caravan.pk, "fmt": "xlsx"})
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert ["Total", "Registrations", 1] in [list(r) for r in sheet.iter_rows(values_only=True)]


def test_registrations_export_neutralizes_formulas(client, world, caravan):
    RegistrationFactory(stop=caravan, idea="=HYPERLINK(1)", person=PersonFactory(phone="+213661223344"))
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:registrations_export", kwargs={"kind": "stop", "pk": caravan.pk, "fmt": "csv"})
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[1][10] == "'=HYPERLINK(1)"
    assert rows[1][5] == "+213661223344"


def test_public_registration_creates_self_registration(client, caravan):
    url = reverse("outreach:public_register", kwargs={"code": caravan.public_code})
    response = client.post(url, form_data(given_name_latin="Sofiane"))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.channel, registration.recorded_by) == ("self", None)


def test_public_registration_honeypot_saves_nothing(client, caravan):
    url = reverse("outreach:public_register", kwargs={"code": caravan.public_code})
    response = client.post(url, form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert Registration.objects.count() == 0


def test_public_registration_rate_limited_per_address(client, caravan, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"self_registration": "2/hour"},
    }
    url = reverse("outreach:public_register", kwargs={"code": caravan.public_code})
    statuses = [client.post(url, form_data(phone=f"0661 22 33 4{i}")).status_code for i in range(3)]
    assert statuses == [302, 302, 429]
    assert Registration.objects.count() == 2


def test_public_registration_after_last_day_is_closed(client, caravan):
    Stop.objects.filter(pk=caravan.pk).update(
        starts_on=timezone.localdate() - timedelta(days=5), ends_on=timezone.localdate() - timedelta(days=1)
    )
    url = reverse("outreach:public_register", kwargs={"code": caravan.public_code})
    response = client.post(url, form_data())
    assert "Registration for this stop or event is closed" in response.content.decode()
    assert Registration.objects.count() == 0


def test_public_registration_unknown_code_is_404(client, db):
    assert client.get(reverse("outreach:public_register", kwargs={"code": "nope"})).status_code == 404


def test_poster_is_a_pdf(client, world, caravan):
    client.force_login(world.users["agency_officer"])
    response = client.get(reverse("outreach:poster", kwargs={"kind": "stop", "pk": caravan.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_idea_outcome_form_saves_feedback(client, world):
    event = EventFactory(host_organization=world.oran_agency, province=world.oran)
    idea = IdeaFactory(registration=RegistrationFactory(event=event, stop=None))
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:idea_outcome", kwargs={"pk": idea.pk})
    response = client.post(
        url, {"outcome": "deepen", "feedback": "Approfondir", "version": idea.updated_at.isoformat()}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.outcome, idea.feedback) == ("deepen", "Approfondir")


def test_event_figures_fall_back_to_attendance(client, world):
    event = EventFactory(host_organization=world.oran_agency, province=world.oran, attendance=46)
    client.force_login(world.users["agency_officer"])
    page = client.get(reverse("outreach:event_detail", kwargs={"pk": event.pk}))
    assert page.context["figures"].visitors == 46


def test_campaign_map_colours_current_stop(client, world, caravan):
    client.force_login(world.users["agency_officer"])
    page = client.get(reverse("outreach:campaign_detail", kwargs={"pk": caravan.campaign_id}))
    statuses = {t.code: t.status for t in page.context["tiles"]}
    assert (statuses["31"], statuses["16"], statuses["09"]) == ("current", "planned", "none")
    assert len(statuses) == 58


def test_idea_add_records_idea(client, world):
    event = EventFactory(host_organization=world.oran_agency, province=world.oran)
    registration = RegistrationFactory(event=event, stop=None)
    client.force_login(world.users["agency_officer"])
    client.post(
        reverse("outreach:idea_add", kwargs={"pk": registration.pk}),
        {"summary": "Rucher", "legal_form": "cooperative"},
    )
    assert Idea.objects.get().legal_form == "cooperative"


def test_campaign_and_phase_create_pages(client, world):
    client.force_login(world.users["agency_officer"])
    response = client.post(
        reverse("outreach:campaign_create"),
        {
            "name_fr": "Caravane de l'Ouest",
            "code": "caravane-ouest",
            "country": "DZ",
            "lead_organization": world.oran_agency.pk,
            "organizations": [world.oran_agency.pk],
            "starts_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    from rowad.outreach.models import Campaign

    campaign = Campaign.objects.get(code="caravane-ouest")
    response = client.post(
        reverse("outreach:phase_create", kwargs={"campaign_pk": campaign.pk}),
        {"number": 1, "name_fr": "Phase 1", "starts_on": "2026-12-01", "ends_on": "2026-12-20",
         "provinces": [world.oran.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    assert list(campaign.phases.get().provinces.all()) == [world.oran]
