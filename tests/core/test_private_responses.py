"""Personal data is never cached (Cache-Control: no-store on every response to a
logged-in user and on every API response), and a session idle for too long ends."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from tests.matrix.base import Expect
from tests.test_permission_matrix import EXPECTATIONS, matrix_world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.integration

GET_PAGES = sorted(name for name, e in EXPECTATIONS.items() if e.method == "get")


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_authenticated_get_page_of_the_matrix_is_no_store(matrix_world, client):  # noqa: F811
    """Every GET URL of the permission matrix, as the platform administrator (allowed
    everywhere): whatever the status, the response is not stored."""
    w = matrix_world
    client.force_login(w.users[Role.PLATFORM_ADMIN])
    missing, seen = [], 0
    for name in GET_PAGES:
        expect: Expect = EXPECTATIONS[name]
        url = reverse(name, kwargs=expect.kwargs(w) if expect.kwargs else None) + expect.query_for(w)
        response = client.get(url)
        seen += 1
        if not _no_store(response):
            missing.append((name, response.status_code, response.get("Cache-Control")))
    assert seen > 100
    assert missing == []


def test_an_allowed_role_gets_no_store_too(world, client):
    client.force_login(world.users[Role.FIELD_AGENT])
    response = client.get(reverse("people:list"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_api_responses_are_no_store_even_anonymous(world):
    response = APIClient().get("/api/people/")
    assert response.status_code == 401
    assert _no_store(response)


def test_anonymous_public_page_and_static_file_are_not_forced(world, client):
    assert not _no_store(client.get(reverse("portal:login")))
    assert not _no_store(client.get("/static/rowad/queue.js"))


def test_a_weaker_cache_header_is_replaced(world, client, monkeypatch):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from rowad.core.middleware import NoStoreMiddleware

    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "public, max-age=600"
        return response

    request = RequestFactory().get("/x")
    request.user = world.users[Role.FIELD_AGENT]
    header = NoStoreMiddleware(view)(request)["Cache-Control"]
    assert "no-store" in header and "public" not in header and "max-age" not in header


def test_an_idle_session_ends(world, client, settings):
    settings.ROWAD_SESSION_IDLE_MINUTES = 30
    client.force_login(world.users[Role.FIELD_AGENT])
    assert client.get(reverse("people:list")).status_code == 200
    session = client.session
    session["_rowad_last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("people:list")).status_code == 302  # the session is gone


def test_activity_keeps_the_session_alive(world, client, settings):
    settings.ROWAD_SESSION_IDLE_MINUTES = 30
    client.force_login(world.users[Role.FIELD_AGENT])
    session = client.session
    session["_rowad_last_seen"] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("people:list")).status_code == 200
    assert client.session["_rowad_last_seen"] >= int(time.time()) - 5  # the count restarted
    assert client.get(reverse("people:list")).status_code == 200
