"""No page scrolls sideways on a 390-pixel phone (issue 16, item 8).

Every GET page of the permission matrix's list that answers HTML is opened at 390 x 844
by every role the matrix lets in (in the matrix's world), in Arabic and in French: the
page must be no wider than the screen. All the pages that overflow are reported in one
message.

To keep the run short, each (role, page) pair is opened in one language, the roles of a
page taking Arabic and French in turn (so every page is seen in both languages and by
every role); ROWAD_PHONE_WIDTH_FULL=1 opens every pair in both languages."""

from __future__ import annotations

import os
from collections import defaultdict

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rowad.accounts.enums import Role
from tests.e2e.conftest import ARTIFACTS, PHONE
from tests.factories import ensure_seeded_data
from tests.test_permission_matrix import BUILDERS, EXPECTATIONS, KeyOnce

pytestmark = pytest.mark.e2e

# One pixel of rounding (a 390.5-pixel box is reported as 391).
WIDEST = PHONE["width"] + 1
LANGUAGES = ("ar", "fr")
FULL = os.environ.get("ROWAD_PHONE_WIDTH_FULL") == "1"
# Pages meant to be printed, not opened on a phone.
NOT_PHONE_PAGES = {"outreach:poster"}


@pytest.fixture
def phone_world(transactional_db, world):
    # Other browser tests end by emptying the database, seeds included: the matrix's
    # world reads the seeded session topics and equipment.
    ensure_seeded_data()
    world.objects = KeyOnce()
    for build in BUILDERS:
        build(world)
    return world


def _roles_of(expect) -> list[str]:
    if expect.public:
        return sorted(Role.values)
    return sorted(set(expect.allowed) | {Role.PLATFORM_ADMIN})


def _html_pages(world) -> dict[str, list[str]]:
    """Path -> the roles that open it: the matrix's GET pages whose answer to the first of
    those roles is an HTML 200 (exports, files and JSON endpoints left out)."""
    pages: dict[str, list[str]] = {}
    clients: dict[str, Client] = {}
    for name, expect in sorted(EXPECTATIONS.items()):
        if expect.method != "get" or ":" not in name or name in NOT_PHONE_PAGES:
            continue
        roles = _roles_of(expect)
        path = reverse(name, kwargs=expect.kwargs(world) if expect.kwargs else None) + expect.query_for(world)
        if roles[0] not in clients:
            clients[roles[0]] = Client()
            clients[roles[0]].force_login(world.users[roles[0]])
        response = clients[roles[0]].get(path)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            pages[path] = roles
    return pages


def _visits(pages: dict[str, list[str]]) -> dict[tuple[str, str], list[str]]:
    """(language, role) -> the paths that role opens in that language."""
    visits: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path, roles in pages.items():
        for index, role in enumerate(roles):
            languages = LANGUAGES if FULL or len(roles) == 1 else (LANGUAGES[index % 2],)
            for language in languages:
                visits[(language, role)].append(path)
    return visits


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_no_page_scrolls_sideways_at_390_pixels(browser, live_server, phone_world):
    visits = _visits(_html_pages(phone_world))
    overflowing: list[str] = []
    for language in LANGUAGES:
        context = browser.new_context(viewport=PHONE, locale=language, base_url=live_server.url)
        context.set_default_timeout(15_000)
        page = context.new_page()
        for role in sorted(Role.values):
            context.clear_cookies()
            session = _session_cookie(phone_world.users[role])
            context.add_cookies(
                [
                    {"name": "rowad_language", "value": language, "url": live_server.url},
                    {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                ]
            )
            for path in visits.get((language, role), []):
                response = page.goto(path, wait_until="load")
                if response is None or response.status != 200:
                    continue  # a page of another world's object; the matrix checks statuses
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > WIDEST:
                    overflowing.append(f"{language} {role} {path}: {width}px")
        context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "phone-width.txt").write_text("\n".join(overflowing) + "\n")
    assert not overflowing, f"{len(overflowing)} pages scroll sideways at 390 px:\n" + "\n".join(overflowing)
