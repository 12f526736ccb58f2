"""Each role's menu offers only what the role may open: every entry of every role's menu
answers 200 for that user, in the permission matrix's world."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from rowad.accounts.enums import Role
from rowad.shell.context_processors import navigation
from tests.test_permission_matrix import BUILDERS, KeyOnce

pytestmark = pytest.mark.integration


@pytest.fixture
def menu_world(world):
    world.objects = KeyOnce()
    for build in BUILDERS:
        build(world)
    return world


def menu_of(user) -> list[dict]:
    request = RequestFactory().get("/")
    request.user = user
    return navigation(request)["nav_items"]


def test_every_menu_entry_opens_for_the_role_that_sees_it(menu_world, client):
    # One world for every role (building the matrix world is the slow part).
    refused = []
    for role in Role.values:
        user = menu_world.users[role]
        client.force_login(user)
        for item in menu_of(user):
            status = client.get(item["url"]).status_code
            if status != 200:
                refused.append((role, str(item["label"]), item["url"], status))
    assert refused == []


def test_the_director_menu_offers_no_duplicate_review(world):
    urls = [item["url"] for item in menu_of(world.users[Role.DIRECTOR])]
    assert "/people/duplicates/" not in urls and "/people/" in urls
