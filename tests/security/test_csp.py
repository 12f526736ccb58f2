"""Every page of the permission matrix keeps to the Content-Security-Policy (issue 18,
item 14).

The policy (settings.CONTENT_SECURITY_POLICY, django-csp) allows scripts and styles from
the site's own files only: a browser would silently drop an inline script, an inline
event handler (`onclick=`), a `style=` attribute or a `<style>` element, and the page
would break for real users while looking fine in a test without the header. So every
GET page of the matrix that answers HTML is opened by a user it lets in, and its answer
must carry the header and none of those. `json_script` data (`<script
type="application/json">`) is data, not code, and is allowed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from rowad.accounts.enums import Role
from tests.test_permission_matrix import BUILDERS, EXPECTATIONS, KeyOnce

pytestmark = pytest.mark.integration

HEADER = "Content-Security-Policy"
EVENT_HANDLER = re.compile(r"^on[a-z]+$")


class InlineCode(HTMLParser):
    """The CSP violations of one HTML document, as short descriptions."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.violations: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.violations.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.violations.append(f"<style> element at line {self.getpos()[0]}")
        for name, _value in attrs:
            if name == "style" or EVENT_HANDLER.match(name):
                self.violations.append(f"<{tag} {name}=…> at line {self.getpos()[0]}")

    handle_startendtag = handle_starttag


def violations_in(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.violations


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<script src="/static/a.js"></script>', 0),
        ('<script id="d" type="application/json">{"a": 1}</script>', 0),
        ("<script>alert(1)</script>", 1),
        ('<button onclick="go()">x</button>', 1),
        ('<div style="color: red"></div>', 1),
        ("<style>p {}</style>", 1),
        ('<img src="x" onerror="go()"/>', 1),
        ('<a href="/" data-online="1">x</a>', 0),
    ],
)
def test_csp_checker_finds_inline_code(html, found):
    assert len(violations_in(html)) == found


@pytest.fixture
def csp_world(world):
    world.objects = KeyOnce()
    for build in BUILDERS:
        build(world)
    return world


def _role(expect) -> str | None:
    if expect.public:
        return None
    allowed = sorted(set(expect.allowed) - {Role.PLATFORM_ADMIN})
    return allowed[0] if allowed else Role.PLATFORM_ADMIN


def test_csp_every_matrix_page_has_the_header_and_no_inline_code(csp_world):
    w = csp_world
    clients: dict[str | None, Client] = {}
    problems: dict[str, list[str]] = {}
    checked = 0
    for name, expect in sorted(EXPECTATIONS.items()):
        if expect.method != "get":
            continue
        role = _role(expect)
        if role not in clients:
            clients[role] = Client()
            if role is not None:
                clients[role].force_login(w.users[role])
        path = reverse(name, kwargs=expect.kwargs(w) if expect.kwargs else None) + expect.query_for(w)
        response = clients[role].get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        found = [] if response.has_header(HEADER) else ["no Content-Security-Policy header"]
        found += violations_in(response.content.decode())
        if found:
            problems[f"{name} ({role or 'anonymous'})"] = found
    assert checked >= 150, checked
    assert problems == {}
