"""Walk every URL and API endpoint with every role (see tests/matrix/base.py)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rowad.accounts.enums import Role
from tests.matrix.base import Expect

pytestmark = pytest.mark.integration

SKIPPED_PREFIXES = ("admin:", "djdt")
SKIPPED_NAMES = {"set_language", "javascript-catalog", "healthz", "api-token"}
REFUSED = {403, 404}
ANONYMOUS_REFUSED = {302, 401, 403}


def load_matrix() -> tuple[dict[str, Expect], list]:
    expectations: dict[str, Expect] = {}
    builders = []
    folder = Path(__file__).parent / "matrix"
    for info in pkgutil.iter_modules([str(folder)]):
        if info.name == "base":
            continue
        module = importlib.import_module(f"tests.matrix.{info.name}")
        expectations.update(module.EXPECTATIONS)
        if hasattr(module, "build"):
            builders.append(module.build)
    return expectations, builders


def walk_url_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= walk_url_names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            if "format" in entry.pattern.regex.groupindex:
                continue
            names.add(namespace + entry.name)
    return {n for n in names if not n.startswith(SKIPPED_PREFIXES) and n not in SKIPPED_NAMES}


EXPECTATIONS, BUILDERS = load_matrix()


def test_permission_matrix_covers_every_url():
    missing = sorted(walk_url_names() - set(EXPECTATIONS))
    assert missing == []


@pytest.fixture
def matrix_world(world):
    world.objects = KeyOnce()
    for build in BUILDERS:
        build(world)
    return world


class KeyOnce(dict):
    """The builders share one dict of objects: a key set twice would make one module's
    expectations read another module's object (a silent, misleading 404)."""

    def __setitem__(self, key, value):
        if key in self:
            raise KeyError(f"matrix object {key!r} is set by two builders: prefix it with the module's name")
        super().__setitem__(key, value)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value


def _request(client, expect: Expect, url: str, world=None):
    return getattr(client, expect.method)(url + expect.query_for(world))


@pytest.mark.parametrize("url_name", sorted(EXPECTATIONS))
def test_permission_matrix_url_by_role(url_name, matrix_world, client):
    expect = EXPECTATIONS[url_name]
    w = matrix_world
    url = reverse(url_name, kwargs=expect.kwargs(w) if expect.kwargs else None)

    response = _request(client, expect, url, w)
    if expect.public:
        assert response.status_code in expect.ok_status, ("anonymous", response.status_code)
    else:
        assert response.status_code in ANONYMOUS_REFUSED, ("anonymous", response.status_code)

    for role in Role.values:
        client.force_login(w.users[role])
        response = _request(client, expect, url, w)
        allowed = role == Role.PLATFORM_ADMIN or role in expect.allowed or expect.public
        expected = expect.ok_status if allowed else REFUSED
        assert response.status_code in expected, (role, response.status_code)
        assert response.status_code < 500
        if allowed and role != Role.PLATFORM_ADMIN and expect.hidden_text and response.status_code == 200:
            hidden = expect.hidden_text(w)
            assert hidden not in response.content.decode(), (role, "out-of-scope row listed")

    if expect.out_of_scope_kwargs:
        foreign_url = reverse(url_name, kwargs=expect.out_of_scope_kwargs(w))
        for role in Role.values:
            if role == Role.PLATFORM_ADMIN:
                continue
            client.force_login(w.users[role])
            response = _request(client, expect, foreign_url, w)
            assert response.status_code in REFUSED, (role, "out of scope", response.status_code)

    if expect.kwargs and not expect.public:
        # The agency officer of another country never reaches Oran's objects.
        client.force_login(w.outsider)
        response = _request(client, expect, url, w)
        assert response.status_code in REFUSED | ({200} if not expect.kwargs else set()), (
            "outsider",
            response.status_code,
        )


# --- Two memberships -------------------------------------------------------------------------
# Every Oran user below is ALSO an agency officer in Al Hoceima. On an Oran object they act
# in their Oran role only: the officer role they hold elsewhere never lends its rights to
# the Oran membership's objects (a permission is one membership).
TWO_HATS = sorted(set(Role.values) - {Role.PLATFORM_ADMIN, Role.AGENCY_OFFICER, Role.PROJECT_HOLDER})


@pytest.fixture
def two_hat_world(matrix_world):
    from tests.factories import MembershipFactory

    w = matrix_world
    for role in TWO_HATS:
        MembershipFactory(
            user=w.users[role], organization=w.hoceima_agency, role=Role.AGENCY_OFFICER, provinces=[w.hoceima]
        )
    return w


OBJECT_URLS = sorted(name for name, e in EXPECTATIONS.items() if e.kwargs and not e.public)
BODY_URLS = sorted(name for name, e in EXPECTATIONS.items() if e.body)


@pytest.mark.parametrize("url_name", OBJECT_URLS)
def test_permission_matrix_two_memberships_act_in_the_role_that_reaches(url_name, two_hat_world, client):
    expect = EXPECTATIONS[url_name]
    w = two_hat_world
    url = reverse(url_name, kwargs=expect.kwargs(w))
    for role in TWO_HATS:
        client.force_login(w.users[role])
        response = _request(client, expect, url, w)
        expected = expect.ok_status if role in expect.allowed else REFUSED
        assert response.status_code in expected, (role, "+ officer in Al Hoceima", response.status_code)


def test_permission_matrix_has_valid_bodies_for_actions():
    assert len(BODY_URLS) >= 10


@pytest.mark.parametrize("url_name", BODY_URLS)
def test_permission_matrix_valid_body_changes_nothing_when_refused(url_name, two_hat_world, client):
    """The POST body is valid (the last step proves it succeeds for an allowed Oran user);
    sent by anyone else — another role, the Al Hoceima officer, an Oran user who is an
    officer in Al Hoceima — it is refused and the object stays as it was."""
    expect = EXPECTATIONS[url_name]
    w = two_hat_world
    url = reverse(url_name, kwargs=expect.kwargs(w))
    refused = [
        (role, w.users[role]) for role in Role.values if role not in expect.body_roles | {Role.PLATFORM_ADMIN}
    ]
    for who, user in [*refused, ("outsider", w.outsider)]:
        client.force_login(user)
        before = expect.state(w)
        response = client.post(url, expect.body(w))
        assert response.status_code < 500, (who, response.status_code)
        if who == "outsider" or who not in expect.allowed:
            assert response.status_code in REFUSED, (who, response.status_code)
        assert expect.state(w) == before, (who, "changed the object")

    client.force_login(w.users[sorted(expect.body_roles)[0]])
    before = expect.state(w)
    response = client.post(url, expect.body(w))
    assert response.status_code < 400, ("allowed", response.status_code)
    assert expect.state(w) != before, "the body is not a valid one: it changed nothing for an allowed user"
