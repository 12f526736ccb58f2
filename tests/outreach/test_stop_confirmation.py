"""Cancelling or deleting a stop asks first, naming the stop (issue 16, item 6)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from rowad.outreach.models import Stop


def _named(stop: Stop, language: str) -> str:
    with translation.override(language):
        return f"«{stop.province.name} — {stop.venue}, {date_format(stop.starts_on, 'DATE_FORMAT')}»"


def test_cancel_asks_first_naming_the_stop(client, world, caravan):
    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "fr"
    detail = client.get(reverse("outreach:stop_detail", kwargs={"pk": caravan.pk})).content.decode()
    url = reverse("outreach:stop_cancel", kwargs={"pk": caravan.pk})
    assert f'href="{url}"' in detail
    page = client.get(url).content.decode()
    assert f"Annuler l&#x27;étape {_named(caravan, 'fr')} ?" in page
    caravan.refresh_from_db()
    assert caravan.cancelled_at is None


def test_cancel_posted_without_confirmation_is_refused(client, world, caravan):
    client.force_login(world.users["agency_officer"])
    response = client.post(reverse("outreach:stop_cancel", kwargs={"pk": caravan.pk}), {"reason": "Storm"})
    assert response.status_code == 400
    assert "Nothing was done yet" in response.content.decode() or "لم يُنفَّذ" in response.content.decode()
    caravan.refresh_from_db()
    assert caravan.cancelled_at is None


def test_cancel_confirmed_cancels_with_the_reason(client, world, caravan):
    client.force_login(world.users["agency_officer"])
    url = reverse("outreach:stop_cancel", kwargs={"pk": caravan.pk})
    response = client.post(url, {"reason": "Storm", "confirmed": "yes"})
    assert response.status_code == 302
    caravan.refresh_from_db()
    assert caravan.cancelled_at is not None


def test_delete_asks_first_then_deletes_once_confirmed(client, world, caravan):
    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "ar"
    url = reverse("outreach:stop_delete", kwargs={"pk": caravan.pk})
    assert _named(caravan, "ar") in client.get(url).content.decode()
    assert client.post(url).status_code == 400
    assert Stop.objects.filter(pk=caravan.pk).exists()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert not Stop.objects.filter(pk=caravan.pk).exists()
