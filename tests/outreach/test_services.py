import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rowad.core.models import AuditEntry
from rowad.outreach import services
from rowad.outreach.enums import Channel, IdeaOutcome
from rowad.outreach.models import Registration, Stop, VisitorTally
from rowad.people.models import Person
from tests.factories import PersonFactory, province

from .factories import IdeaFactory, RegistrationFactory, StopFactory

pytestmark = pytest.mark.integration


def visitor(**overrides):
    data = {
        "given_name_ar": "ياسين",
        "family_name_ar": "بلقاسم",
        "phone": "0661 22 33 44",
        "sex": "M",
        "birth_date": timezone.localdate().replace(year=timezone.localdate().year - 23, day=1),
    }
    data.update(overrides)
    return data


def register(stop, actor, **kwargs):
    kwargs.setdefault("person_data", visitor())
    kwargs.setdefault("client_uuid", uuid.uuid4())
    kwargs.setdefault("consent", True)
    return services.register_visitor(stop, actor=actor, **kwargs)


def test_register_visitor_creates_person_registration_snapshot_and_audit(world, caravan):
    agent = world.users["field_agent"]
    result = register(caravan, agent)
    registration = result.registration
    assert result.status == "created"
    assert registration.person.phone == "+213661223344"
    assert registration.person.province == world.oran
    assert registration.person.first_met == str(caravan)
    assert (registration.sex, registration.age, registration.age_band) == ("M", 23, "18-24")
    assert registration.residence_province == world.oran
    assert registration.person.consents.filter(purpose="registration").count() == 1
    assert AuditEntry.objects.filter(action="outreach.registration.created").count() == 1


def test_register_visitor_same_uuid_twice_creates_one(world, caravan):
    agent = world.users["field_agent"]
    key = uuid.uuid4()
    first = register(caravan, agent, client_uuid=key)
    second = register(caravan, agent, client_uuid=key)
    assert (first.status, second.status) == ("created", "duplicate")
    assert second.registration.pk == first.registration.pk
    assert Registration.objects.count() == 1
    assert Person.objects.count() == 1


def test_register_visitor_uuid_reused_for_other_stop_is_refused(world, caravan):
    key = uuid.uuid4()
    register(caravan, world.users["field_agent"], client_uuid=key)
    other = StopFactory(
        phase=caravan.phase,
        province=province("DZ", "16"),
        starts_on=caravan.ends_on + timedelta(days=1),
        ends_on=caravan.ends_on + timedelta(days=2),
    )
    with pytest.raises(services.OutreachError) as exc:
        register(other, world.users["agency_officer"], client_uuid=key)
    assert exc.value.code == "uuid_reused"


def test_register_visitor_links_existing_national_id(world, caravan):
    holder = PersonFactory(national_id="109990101000000031")
    result = register(
        caravan, world.users["field_agent"], person_data=visitor(national_id="109990101000000031")
    )
    assert result.registration.person == holder
    assert result.registration.linked_existing is True
    assert Person.objects.count() == 1


def test_register_visitor_picked_person_twice_at_same_stop_is_already_registered(world, caravan):
    person = PersonFactory()
    first = register(caravan, world.users["field_agent"], person=person, person_data=None)
    second = register(caravan, world.users["field_agent"], person=person, person_data=None)
    assert (first.status, second.status) == ("created", "already_registered")
    assert Registration.objects.count() == 1


def test_register_visitor_without_consent_is_refused(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        register(caravan, world.users["field_agent"], consent=False)
    assert exc.value.code == "consent_required"
    assert Registration.objects.count() == 0


def test_register_visitor_without_name_is_invalid(world, caravan):
    with pytest.raises(ValidationError) as exc:
        register(
            caravan, world.users["field_agent"], person_data=visitor(given_name_ar="", family_name_ar="")
        )
    assert "given_name_ar" in exc.value.message_dict


def test_register_visitor_bad_phone_is_invalid(world, caravan):
    with pytest.raises(ValidationError) as exc:
        register(caravan, world.users["field_agent"], person_data=visitor(phone="12"))
    assert list(exc.value.message_dict) == ["phone"]


def test_register_visitor_captured_after_stop_closed_is_refused(world, caravan):
    caravan = services.close_registration(caravan, actor=world.users["agency_officer"])
    with pytest.raises(services.OutreachError) as exc:
        register(caravan, world.users["field_agent"], captured_at=timezone.now() + timedelta(minutes=1))
    assert exc.value.code == "registration_closed"


def test_register_visitor_captured_before_close_is_accepted_later(world, caravan):
    captured = timezone.now() - timedelta(minutes=5)
    caravan = services.close_registration(caravan, actor=world.users["agency_officer"])
    result = register(caravan, world.users["field_agent"], captured_at=captured)
    assert result.status == "created"


def test_register_visitor_after_last_day_is_refused(world, caravan):
    Stop.objects.filter(pk=caravan.pk).update(
        starts_on=timezone.localdate() - timedelta(days=5), ends_on=timezone.localdate() - timedelta(days=2)
    )
    caravan.refresh_from_db()
    with pytest.raises(services.OutreachError) as exc:
        register(caravan, world.users["field_agent"])
    assert exc.value.code == "registration_closed"


def test_self_registration_after_last_day_is_refused_even_with_old_capture_time(world, caravan):
    Stop.objects.filter(pk=caravan.pk).update(
        starts_on=timezone.localdate() - timedelta(days=5), ends_on=timezone.localdate() - timedelta(days=2)
    )
    caravan.refresh_from_db()
    with pytest.raises(services.OutreachError) as exc:
        register(caravan, None, channel=Channel.SELF, captured_at=timezone.now() - timedelta(days=3))
    assert exc.value.code == "registration_closed"


def test_register_visitor_at_cancelled_stop_is_refused(world, caravan):
    caravan = services.cancel_stop(caravan, actor=world.users["agency_officer"])
    with pytest.raises(services.OutreachError) as exc:
        register(caravan, world.users["field_agent"])
    assert exc.value.code == "place_cancelled"


def test_register_visitor_capture_time_in_future_is_refused(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        register(caravan, world.users["field_agent"], captured_at=timezone.now() + timedelta(days=1))
    assert exc.value.code == "captured_in_future"


def test_validate_stop_outside_phase_is_refused(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        services.validate_stop(
            caravan.phase,
            province=world.oran,
            starts_on=caravan.phase.ends_on,
            ends_on=caravan.phase.ends_on + timedelta(days=1),
        )
    assert exc.value.code == "stop_outside_phase"


def test_validate_stop_province_not_planned_is_refused(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        services.validate_stop(
            caravan.phase,
            province=province("DZ", "09"),
            starts_on=caravan.ends_on + timedelta(days=1),
            ends_on=caravan.ends_on + timedelta(days=2),
        )
    assert exc.value.code == "province_not_planned"


def test_create_stop_overlapping_is_refused(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        services.create_stop(
            caravan.phase,
            data={
                "province": province("DZ", "16"),
                "venue": "Alger",
                "starts_on": caravan.ends_on,
                "ends_on": caravan.ends_on,
            },
            actor=world.users["agency_officer"],
        )
    assert exc.value.code == "stops_overlap"


def test_create_stop_dates_reversed_is_refused(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        services.validate_stop(
            caravan.phase,
            province=world.oran,
            starts_on=caravan.ends_on,
            ends_on=caravan.starts_on - timedelta(days=1),
        )
    assert exc.value.code == "dates_reversed"


def test_create_stop_valid_writes_audit(world, caravan):
    stop = services.create_stop(
        caravan.phase,
        data={
            "province": province("DZ", "16"),
            "venue": "Riadh El Feth",
            "starts_on": caravan.ends_on + timedelta(days=2),
            "ends_on": caravan.ends_on + timedelta(days=4),
        },
        actor=world.users["agency_officer"],
    )
    assert stop.campaign == caravan.campaign
    assert AuditEntry.objects.filter(action="outreach.stop.created", object_id=str(stop.pk)).count() == 1


def test_delete_stop_with_registrations_is_refused(world, caravan):
    RegistrationFactory(stop=caravan)
    with pytest.raises(services.OutreachError) as exc:
        services.delete_stop(caravan, actor=world.users["agency_officer"])
    assert exc.value.code == "stop_has_records"


def test_delete_empty_stop(world, caravan):
    services.delete_stop(caravan, actor=world.users["agency_officer"])
    assert Stop.objects.filter(pk=caravan.pk).exists() is False


def test_record_tally_is_idempotent(world, caravan):
    key = uuid.uuid4()
    _, first = services.record_tally(
        caravan, count=5, day=None, client_uuid=key, actor=world.users["field_agent"]
    )
    _, second = services.record_tally(
        caravan, count=5, day=None, client_uuid=key, actor=world.users["field_agent"]
    )
    assert (first, second) == (True, False)
    assert VisitorTally.objects.get().count == 5


def test_record_tally_implausible_needs_confirmation(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        services.record_tally(
            caravan, count=10000, day=None, client_uuid=uuid.uuid4(), actor=world.users["field_agent"]
        )
    assert exc.value.code == "tally_needs_confirmation"
    assert VisitorTally.objects.count() == 0


def test_record_tally_confirmed_high_count_is_saved(world, caravan):
    tally, created = services.record_tally(
        caravan,
        count=10000,
        day=None,
        client_uuid=uuid.uuid4(),
        actor=world.users["field_agent"],
        confirmed=True,
    )
    assert (tally.count, created) == (10000, True)


def test_record_tally_correction_below_zero_is_refused(world, caravan):
    services.record_tally(
        caravan, count=3, day=None, client_uuid=uuid.uuid4(), actor=world.users["field_agent"]
    )
    with pytest.raises(services.OutreachError) as exc:
        services.record_tally(
            caravan, count=-4, day=None, client_uuid=uuid.uuid4(), actor=world.users["field_agent"]
        )
    assert exc.value.code == "tally_negative"


def test_record_tally_day_outside_stop_is_refused(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        services.record_tally(
            caravan,
            count=3,
            day=caravan.ends_on + timedelta(days=1),
            client_uuid=uuid.uuid4(),
            actor=world.users["field_agent"],
        )
    assert exc.value.code == "day_outside_place"


def test_set_idea_outcome_notifies_holder_after_commit(world, caravan, django_capture_on_commit_callbacks):
    from rowad.core.sms import MemorySMSBackend
    from rowad.people.services import record_consent

    MemorySMSBackend.outbox.clear()
    idea = IdeaFactory(
        registration=RegistrationFactory(stop=caravan, person=PersonFactory(phone="+213661223344"))
    )
    record_consent(idea.registration.person, purpose="contact", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_idea_outcome(
            idea,
            outcome=IdeaOutcome.DEEPEN,
            feedback="Chiffrez le plan.",
            actor=world.users["agency_officer"],
            notify=True,
        )
    idea.refresh_from_db()
    assert idea.outcome == "deepen"
    assert idea.notified_at is not None
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661223344"]


def test_set_idea_outcome_stale_version_is_refused(world, caravan):
    from rowad.core.errors import ConflictError

    idea = IdeaFactory(registration=RegistrationFactory(stop=caravan))
    with pytest.raises(ConflictError):
        services.set_idea_outcome(
            idea,
            outcome="ready",
            feedback="",
            actor=world.users["agency_officer"],
            version="2000-01-01T00:00:00+00:00",
        )


def test_create_phase_outside_campaign_is_refused(world, caravan):
    campaign = caravan.campaign
    with pytest.raises(services.OutreachError) as exc:
        services.create_phase(
            campaign,
            data={
                "number": 2,
                "starts_on": campaign.starts_on - timedelta(days=1),
                "ends_on": campaign.starts_on,
            },
            actor=world.users["agency_officer"],
        )
    assert exc.value.code == "phase_outside_campaign"


def test_create_phase_number_taken_is_refused(world, caravan):
    campaign = caravan.campaign
    with pytest.raises(services.OutreachError) as exc:
        services.create_phase(
            campaign,
            data={
                "number": caravan.phase.number,
                "starts_on": campaign.starts_on,
                "ends_on": campaign.starts_on,
            },
            actor=world.users["agency_officer"],
        )
    assert exc.value.code == "phase_number_taken"


def test_create_campaign_code_taken_is_refused(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        services.create_campaign(
            data={
                "code": caravan.campaign.code,
                "name_fr": "Autre",
                "country": "DZ",
                "lead_organization": world.oran_agency,
                "starts_on": caravan.starts_on,
            },
            actor=world.users["agency_officer"],
        )
    assert exc.value.code == "code_taken"
