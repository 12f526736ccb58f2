"""No query parameter makes a page or an API list answer 500 (issue 18, item 3).

Every GET entry of the permission matrix is opened once by a user it lets in, with a
probe parameter, while request.GET records the keys the view reads (its own reads, its
forms', django-filter's and DRF's). Then each of those keys is sent with values an
attacker would try: an integer past 64 bits, a superscript digit (`isdigit()` is true,
`int()` refuses it), a negative number, a float in exponent form, a NUL byte and a
10,000-character value. The answer may refuse the value (400, a form error, a message)
but never with a server error."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pytest
from django.test import Client
from django.urls import reverse

from rowad.accounts.enums import Role
from tests.security.query_probe import recording_query_keys
from tests.test_permission_matrix import BUILDERS, EXPECTATIONS, KeyOnce

pytestmark = pytest.mark.integration

BAD_VALUES = {
    "past_int64": "9223372036854775808",
    "superscript": "²",
    "negative": "-1",
    "exponent": "1e3",
    "nul": "\x00",
    "long": "9" * 10_000,
}
# Keys that are not the view's parameters (read by middleware for every request).
NOT_PARAMETERS = {"_probe"}


@pytest.fixture
def probe_world(world):
    world.objects = KeyOnce()
    for build in BUILDERS:
        build(world)
    return world


def _role(expect) -> str:
    if expect.public:
        return Role.AGENCY_OFFICER
    allowed = sorted(set(expect.allowed) - {Role.PLATFORM_ADMIN})
    return allowed[0] if allowed else Role.PLATFORM_ADMIN


def _pages(world):
    for name, expect in sorted(EXPECTATIONS.items()):
        if expect.method != "get":
            continue
        url = reverse(name, kwargs=expect.kwargs(world) if expect.kwargs else None)
        query = expect.query_for(world).lstrip("?")
        yield name, url, dict(parse_qsl(query, keep_blank_values=True)), _role(expect)


def test_query_parameters_never_answer_a_server_error(probe_world, monkeypatch):
    w = probe_world
    clients: dict[str, Client] = {}

    def client_for(role):
        if role not in clients:
            clients[role] = Client(raise_request_exception=False)
            clients[role].force_login(w.users[role])
        return clients[role]

    read: dict[str, tuple[str, dict, str, set[str]]] = {}
    for name, url, query, role in _pages(w):
        with recording_query_keys(monkeypatch) as asked:
            client_for(role).get(url + "?" + urlencode({**query, "_probe": "1"}))
        keys = asked - NOT_PARAMETERS
        if keys:
            read[name] = (url, query, role, keys)
    assert len(read) >= 40, sorted(read)

    failures = []
    requests = 0
    for name, (url, query, role, keys) in read.items():
        for label, value in BAD_VALUES.items():
            # Every key at once (a form validates all its fields); a server error is
            # then narrowed to the keys that cause it.
            response = client_for(role).get(url + "?" + urlencode({**query, **dict.fromkeys(keys, value)}))
            requests += 1
            if response.status_code < 500:
                continue
            for key in sorted(keys):
                response = client_for(role).get(url + "?" + urlencode({**query, key: value}))
                requests += 1
                if response.status_code >= 500:
                    failures.append((name, key, label, response.status_code))
    assert failures == [], f"{len(failures)} server errors in {requests} requests"
