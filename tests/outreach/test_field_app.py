"""The field app's server side (issue 16, item 3): the form's queue records the
field-agent channel, a finished or cancelled stop offers no registration, the form starts
with the stop's province, and "my stops" lists the agent's own places."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rowad.outreach import services
from rowad.outreach.enums import Channel
from rowad.outreach.models import Registration, Stop

from .factories import StopFactory

pytestmark = pytest.mark.integration

BATCH = "/api/outreach/registrations/batch/"


def _item(stop, **extra):
    data = {"client_uuid": str(uuid.uuid4()), "stop": stop.pk, "given_name_latin": "Amine", "consent": True}
    return data | extra


@pytest.fixture
def agent_api(world):
    client = APIClient()
    client.force_authenticate(world.users["field_agent"])
    return client


def test_form_queue_records_field_agent_channel(agent_api, caravan):
    response = agent_api.post(BATCH, {"items": [_item(caravan, channel="field")]}, format="json")
    assert response.json()["created"] == 1
    assert Registration.objects.get().channel == Channel.FIELD


def test_device_without_channel_stays_device(agent_api, caravan):
    agent_api.post(BATCH, {"items": [_item(caravan)]}, format="json")
    assert Registration.objects.get().channel == Channel.DEVICE


def test_channel_cannot_claim_self_registration(agent_api, caravan):
    response = agent_api.post(BATCH, {"items": [_item(caravan, channel="self")]}, format="json")
    assert response.json()["results"][0]["status"] == "invalid"
    assert not Registration.objects.exists()


def test_form_starts_with_stop_province_and_sends_field_channel(client, world, caravan):
    client.force_login(world.users["field_agent"])
    page = client.get(reverse("outreach:register", kwargs={"kind": "stop", "pk": caravan.pk}))
    assert page.context["form"]["province"].value() == caravan.province_id
    html = page.content.decode()
    assert f'<option value="{caravan.province_id}" selected>' in html
    assert 'data-channel="field"' in html


@pytest.mark.parametrize("change", ["ended", "cancelled", "closed"])
def test_finished_stop_offers_no_registration(client, world, caravan, change):
    now = timezone.now()
    if change == "ended":
        yesterday = timezone.localdate() - timedelta(days=1)
        Stop.objects.filter(pk=caravan.pk).update(starts_on=yesterday - timedelta(days=2), ends_on=yesterday)
    else:
        Stop.objects.filter(pk=caravan.pk).update(**{f"{change}_at": now - timedelta(hours=1)})
    client.force_login(world.users["field_agent"])
    url = reverse("outreach:register", kwargs={"kind": "stop", "pk": caravan.pk})
    page = client.get(url)
    html = page.content.decode()
    assert 'id="registration-ended"' in html
    assert 'id="registration-form"' not in html
    posted = client.post(url, {"client_uuid": str(uuid.uuid4()), "given_name_ar": "ياسين", "consent": "on"})
    assert posted.status_code == 200
    assert not Registration.objects.exists()


def test_registration_end_says_why_and_when(caravan):
    assert services.registration_end(caravan) is None
    end = services.registration_end(caravan, today=caravan.ends_on + timedelta(days=1))
    assert (end.reason, end.when) == ("finished", caravan.ends_on)


def test_my_stops_lists_own_current_stops_with_offline_links(client, world, caravan):
    other = StopFactory(phase=caravan.phase, province=caravan.province, venue="Ailleurs")
    client.force_login(world.users["field_agent"])
    html = client.get(reverse("outreach:my_stops")).content.decode()
    register = reverse("outreach:register", kwargs={"kind": "stop", "pk": caravan.pk})
    assert f'data-offline-page href="{register}"' in html
    assert "data-field-app" in html
    assert other.venue not in html


def test_my_stops_refused_without_capture(client, world):
    client.force_login(world.users["committee_member"])
    assert client.get(reverse("outreach:my_stops")).status_code == 403
