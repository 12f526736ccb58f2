"""API tokens (hole 5 of issue 18): they expire, end at a password change and at
deactivation, can be revoked one by one or all at once, and a bad token answers 401."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rowad.accounts import services
from rowad.accounts.enums import Role
from rowad.accounts.mail import RESET
from rowad.accounts.models import ApiToken
from rowad.core.models import AuditEntry
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.integration

PASSWORD = "Wahran-caravane-2026"
PEOPLE = "/api/people/"


@pytest.fixture
def agent(world):
    user = UserFactory(username="agent.kahina", email="kahina@example.org")
    user.set_password(PASSWORD)
    user.save()
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.FIELD_AGENT, provinces=[world.oran]
    )
    return user


def obtain(username="agent.kahina", password=PASSWORD, label="tablet") -> dict:
    response = APIClient().post(
        reverse("api-token"), {"username": username, "password": password, "label": label}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def with_token(secret: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api


def test_token_is_issued_hashed_with_an_expiry_and_works(agent, settings):
    body = obtain()
    assert body["token"].startswith("rwd_")
    token = ApiToken.objects.get(pk=body["id"])
    assert body["token"] not in (token.digest, token.token_key)  # only a digest is stored
    hours = settings.REST_KNOX["TOKEN_TTL"] / timedelta(hours=1)
    assert abs((token.expiry - timezone.now()) / timedelta(hours=1) - hours) < 0.1
    assert with_token(body["token"]).get(PEOPLE).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.api_token.issued", object_id=str(agent.pk)).exists()


def test_wrong_password_gets_no_token(agent):
    response = APIClient().post(
        reverse("api-token"), {"username": "agent.kahina", "password": "wrong-one-2026"}, format="json"
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_expired_token_answers_401_with_a_challenge(agent):
    body = obtain()
    ApiToken.objects.filter(pk=body["id"]).update(expiry=timezone.now() - timedelta(seconds=1))
    response = with_token(body["token"]).get(PEOPLE)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", ["Token not-a-token", "Token", "Token a b", "Token caf\xe9"])
def test_invalid_token_answers_401_not_403(world, header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get(PEOPLE)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_api_request_answers_401(world):
    response = APIClient().get(PEOPLE)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_logout_revokes_only_the_token_used(agent):
    phone, tablet = obtain(label="phone"), obtain(label="tablet")
    response = with_token(phone["token"]).post(reverse("api-logout"))
    assert response.status_code == 204
    assert with_token(phone["token"]).get(PEOPLE).status_code == 401
    assert with_token(tablet["token"]).get(PEOPLE).status_code == 200


def test_logout_all_revokes_every_token(agent):
    phone, tablet = obtain(label="phone"), obtain(label="tablet")
    assert with_token(phone["token"]).post(reverse("api-logout-all")).status_code == 204
    assert with_token(phone["token"]).get(PEOPLE).status_code == 401
    assert with_token(tablet["token"]).get(PEOPLE).status_code == 401


def test_token_list_shows_own_tokens_without_the_secret(agent, world):
    phone, tablet = obtain(label="phone"), obtain(label="tablet")
    other = world.users[Role.FIELD_AGENT]
    ApiToken.objects.create(user=other)
    ApiToken.objects.create(user=agent, expiry=timedelta(seconds=-1))  # expired: not listed
    api = with_token(phone["token"])
    api.get(PEOPLE)
    rows = api.get(reverse("api-tokens")).json()
    assert {row["id"] for row in rows} == {phone["id"], tablet["id"]}
    by_id = {row["id"]: row for row in rows}
    assert by_id[phone["id"]]["current"] is True
    assert by_id[phone["id"]]["label"] == "phone"
    assert by_id[phone["id"]]["last_used_at"] is not None
    assert by_id[tablet["id"]]["last_used_at"] is None
    assert by_id[phone["id"]]["prefix"] == phone["token"][:8]
    text = str(rows)
    assert phone["token"] not in text and tablet["token"] not in text
    assert set(by_id[phone["id"]]) == {
        "id",
        "label",
        "prefix",
        "created",
        "expiry",
        "last_used_at",
        "current",
    }


def test_revoke_one_token_by_id_and_never_anothers(agent, world):
    phone, tablet = obtain(label="phone"), obtain(label="tablet")
    foreign, foreign_secret = ApiToken.objects.create(user=world.users[Role.FIELD_AGENT])
    api = with_token(phone["token"])
    assert api.delete(reverse("api-token-revoke", kwargs={"pk": foreign.pk})).status_code == 404
    assert with_token(foreign_secret).get(PEOPLE).status_code == 200
    assert api.delete(reverse("api-token-revoke", kwargs={"pk": tablet["id"]})).status_code == 204
    assert with_token(tablet["token"]).get(PEOPLE).status_code == 401
    assert with_token(phone["token"]).get(PEOPLE).status_code == 200


def test_password_reset_by_link_revokes_tokens(agent):
    body = obtain()
    services.set_password_from_link(agent, password="Another-caravane-2027", kind=RESET)
    assert with_token(body["token"]).get(PEOPLE).status_code == 401
    entry = AuditEntry.objects.get(action="accounts.user.password_reset")
    assert entry.data["tokens_deleted"] == 1


def test_admin_password_change_revokes_tokens(agent, client):
    body = obtain()
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[agent.pk])
    response = client.post(
        url,
        {
            "password1": "Another-caravane-2027",
            "password2": "Another-caravane-2027",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert with_token(body["token"]).get(PEOPLE).status_code == 401
    assert AuditEntry.objects.filter(action="accounts.user.password_changed").exists()


def test_deactivation_revokes_tokens_and_a_reactivated_user_needs_a_new_one(agent, world):
    body = obtain()
    services.deactivate_user(agent, actor=world.users[Role.ORG_ADMIN])
    assert with_token(body["token"]).get(PEOPLE).status_code == 401
    services.reactivate_user(agent, actor=world.users[Role.ORG_ADMIN])
    assert with_token(body["token"]).get(PEOPLE).status_code == 401
    assert with_token(obtain()["token"]).get(PEOPLE).status_code == 200


def test_openapi_documents_the_token_endpoints_and_scheme(world):
    api = APIClient()
    api.force_authenticate(world.users[Role.PLATFORM_ADMIN])
    schema = api.get("/api/schema/?format=json").json()
    for path in ("/api/auth/token/", "/api/auth/logout/", "/api/auth/logout-all/", "/api/auth/tokens/"):
        assert path in schema["paths"], path
    assert "/api/auth/tokens/{id}/" in schema["paths"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert "token" not in schema["components"]["schemas"]["ApiToken"]["properties"]  # never the secret
    assert schema["paths"]["/api/auth/token/"]["post"].get("security") in (None, [], [{}])  # no auth needed
