"""The pages that answered 500 to a crafted id in the query string (issue 18, item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("value", ["²", "9" * 10_000, "9223372036854775808"])
def test_query_param_enrolment_list_refuses_a_bad_province_with_a_message(world, client, value):
    client.force_login(world.users[Role.PLATFORM_ADMIN])
    response = client.get(reverse("training:enrolment_list"), {"province": value})
    assert response.status_code == 200
    assert "Province: enter a whole number." in response.content.decode() or "out of range" in (
        response.content.decode()
    )


@pytest.mark.parametrize("value", ["²", "9" * 10_000, "0"])
def test_query_param_registrations_api_refuses_a_bad_stop_with_400(world, client, value):
    client.force_login(world.users[Role.PLATFORM_ADMIN])
    response = client.get("/api/outreach/registrations/", {"stop": value})
    assert response.status_code == 400
    assert response.json()["field"] == "stop"
