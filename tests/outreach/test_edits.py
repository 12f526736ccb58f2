"""Editing campaigns, phases and events: the creation's rules, the itinerary's rules
against what already hangs on them, the stale-edit check, history and audit."""

from datetime import timedelta

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.outreach import services
from rowad.outreach.models import Campaign, Event, Phase
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province

from .factories import CampaignFactory, EventFactory

pytestmark = pytest.mark.integration


def campaign_post(campaign, **overrides):
    data = {
        "name_ar": campaign.name_ar,
        "name_fr": campaign.name_fr,
        "name_en": campaign.name_en,
        "code": campaign.code,
        "country": campaign.country,
        "lead_organization": campaign.lead_organization_id,
        "organizations": [o.pk for o in campaign.organizations.all()],
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat() if campaign.ends_on else "",
        "description": campaign.description,
        "version": campaign.updated_at.isoformat(),
    }
    data.update(overrides)
    return data


def phase_post(phase, **overrides):
    data = {
        "number": phase.number,
        "name_ar": phase.name_ar,
        "name_fr": phase.name_fr,
        "name_en": phase.name_en,
        "starts_on": phase.starts_on.isoformat(),
        "ends_on": phase.ends_on.isoformat(),
        "provinces": [p.pk for p in phase.provinces.all()],
        "description": phase.description,
        "version": phase.updated_at.isoformat(),
    }
    data.update(overrides)
    return data


def event_post(event, **overrides):
    data = {
        "kind": event.kind,
        "title": event.title,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": "",
        "province": event.province_id,
        "venue": event.venue,
        "host_organization": event.host_organization_id,
        "description": "",
        "attendance": "",
        "version": event.updated_at.isoformat(),
    }
    data.update(overrides)
    return data


def test_campaign_edit_saves_with_history_and_audit(client, world, caravan):
    campaign = caravan.campaign
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:campaign_edit", kwargs={"pk": campaign.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, campaign_post(campaign, name_fr="Caravane de la fibre"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name_fr == "Caravane de la fibre"
    assert campaign.history.first().history_user == world.users["agency_officer"]
    entry = AuditEntry.objects.filter(action="outreach.campaign.updated").get()
    assert entry.data["fields"] == ["name_fr"]


def test_campaign_edit_stale_version_is_refused(client, world, caravan):
    campaign = caravan.campaign
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:campaign_edit", kwargs={"pk": campaign.pk})
    response = client.post(url, campaign_post(campaign, name_fr="X", version="2000-01-01T00:00:00+00:00"))
    assert response.status_code == 409
    campaign.refresh_from_db()
    assert campaign.name_fr != "X"


def test_campaign_edit_dates_reversed_on_the_field(client, world, caravan):
    campaign = caravan.campaign
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:campaign_edit", kwargs={"pk": campaign.pk})
    ends = campaign.starts_on - timedelta(days=1)
    response = client.post(url, campaign_post(campaign, ends_on=ends.isoformat()))
    assert response.status_code == 200
    assert response.context["form"].errors
    campaign.refresh_from_db()
    assert campaign.ends_on != ends


def test_campaign_edit_code_of_another_campaign_is_refused(world, caravan):
    other = CampaignFactory(lead_organization=world.oran_agency)
    with pytest.raises(services.OutreachError) as exc:
        services.update_campaign(
            caravan.campaign, data={"code": other.code}, actor=world.users["agency_officer"]
        )
    assert exc.value.code == "code_taken"


def test_campaign_edit_cannot_leave_a_phase_outside(world, caravan):
    campaign = caravan.campaign
    with pytest.raises(services.OutreachError) as exc:
        services.update_campaign(
            campaign,
            data={"starts_on": caravan.phase.starts_on + timedelta(days=1)},
            actor=world.users["agency_officer"],
        )
    assert exc.value.code == "phase_outside_campaign"


def test_phase_edit_cannot_leave_a_stop_outside(client, world, caravan):
    phase = caravan.phase
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:phase_edit", kwargs={"pk": phase.pk})
    response = client.post(url, phase_post(phase, ends_on=caravan.starts_on.isoformat()))
    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"]
    phase.refresh_from_db()
    assert phase.ends_on != caravan.starts_on


def test_phase_edit_cannot_drop_a_province_with_a_stop(world, caravan):
    with pytest.raises(services.OutreachError) as exc:
        services.update_phase(
            caravan.phase, data={}, provinces=[province("DZ", "16")], actor=world.users["agency_officer"]
        )
    assert exc.value.code == "province_has_stop"


def test_phase_edit_saves_and_redirects(client, world, caravan):
    phase = caravan.phase
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:phase_edit", kwargs={"pk": phase.pk})
    response = client.post(url, phase_post(phase, name_fr="Phase du nord"))
    assert response.status_code == 302
    assert Phase.objects.get(pk=phase.pk).name_fr == "Phase du nord"
    assert AuditEntry.objects.filter(action="outreach.phase.updated").count() == 1


def test_phase_edit_stale_version_is_refused(client, world, caravan):
    phase = caravan.phase
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:phase_edit", kwargs={"pk": phase.pk})
    response = client.post(url, phase_post(phase, name_fr="Y", version="2000-01-01T00:00:00+00:00"))
    assert response.status_code == 409


def test_event_edit_saves_and_refuses_stale(client, world):
    event = EventFactory(host_organization=world.oran_agency, province=world.oran)
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:event_edit", kwargs={"pk": event.pk})
    assert client.get(url).status_code == 200
    stale = event_post(event, title="Ancien")
    assert client.post(url, event_post(event, title="Journée portes ouvertes")).status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Journée portes ouvertes"
    assert client.post(url, stale).status_code == 409
    assert Event.objects.get(pk=event.pk).title == "Journée portes ouvertes"


def test_event_edit_dates_reversed_is_refused(world):
    event = EventFactory(host_organization=world.oran_agency, province=world.oran)
    with pytest.raises(services.OutreachError) as exc:
        services.update_event(
            event, data={"ends_on": event.starts_on - timedelta(days=1)}, actor=world.users["agency_officer"]
        )
    assert exc.value.code == "dates_reversed"


def test_event_edit_refused_to_an_officer_whose_role_is_elsewhere(client, world):
    """An agency officer in another organization who is a director in Oran sees the Oran
    event (as a director) but may not change it: the role and scope are one membership."""
    event = EventFactory(host_organization=world.oran_agency, province=world.oran)
    user = UserFactory()
    elsewhere = OrganizationFactory(country="DZ")
    elsewhere.provinces.set([province("DZ", "16")])
    MembershipFactory(
        user=user, organization=elsewhere, role=Role.AGENCY_OFFICER, provinces=[province("DZ", "16")]
    )
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.DIRECTOR, provinces=[world.oran])
    client.force_login(user)
    assert client.get(reverse("outreach:event_detail", kwargs={"pk": event.pk})).status_code == 200
    assert client.get(reverse("outreach:event_edit", kwargs={"pk": event.pk})).status_code == 403


def test_campaign_edit_refused_to_an_officer_whose_role_is_elsewhere(client, world, caravan):
    user = UserFactory()
    elsewhere = OrganizationFactory(country="DZ")
    MembershipFactory(user=user, organization=elsewhere, role=Role.AGENCY_OFFICER)
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.DIRECTOR, provinces=[world.oran])
    client.force_login(user)
    url = reverse("outreach:campaign_edit", kwargs={"pk": caravan.campaign_id})
    assert client.get(url).status_code == 403
    assert Campaign.objects.get(pk=caravan.campaign_id).name_fr == caravan.campaign.name_fr
