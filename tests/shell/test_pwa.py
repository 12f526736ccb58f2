"""The installable field app: the service worker served from the root with its headers,
the manifest, the per-session key, and the CSP that lets them load."""

import json

import pytest
from django.urls import reverse

from rowad.shell.pwa import FIELD_KEY_SESSION

pytestmark = pytest.mark.integration


def test_service_worker_served_from_root_with_headers(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert "importScripts" in body and "/static/rowad/sw-main.js" in body
    assert "/static/outreach/field.js" in body and "/static/rowad/queue.js" in body


def test_csp_allows_worker_and_manifest(client):
    policy = client.get("/sw.js")["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy


def test_manifest_names_the_app_and_starts_at_my_stops(client):
    client.cookies["rowad_language"] = "ar"
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert data["start_url"] == reverse("outreach:my_stops")
    assert data["scope"] == "/" and data["display"] == "standalone"
    assert data["dir"] == "rtl" and data["lang"] == "ar"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}
    assert data["name"] != "Rowad — field app"  # translated


def test_pages_link_the_manifest_and_worker(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="manifest"' in html
    assert 'data-sw="/sw.js"' in html


def test_field_key_lives_in_the_session(client, world):
    assert client.get("/field-key/").status_code == 403
    client.force_login(world.users["field_agent"])
    first = client.get("/field-key/")
    assert first["Cache-Control"] == "no-store"
    again = client.get("/field-key/").json()
    assert again == first.json()
    assert client.session[FIELD_KEY_SESSION] == again["key"]
    client.logout()
    client.force_login(world.users["field_agent"])
    assert client.get("/field-key/").json()["id"] != again["id"]
