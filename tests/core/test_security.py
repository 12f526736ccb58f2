import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
def test_production_settings_pass_check_deploy():
    env = {
        # The test run itself sets DJANGO_ALLOW_ASYNC_UNSAFE (for the live server); a
        # production process never does.
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "ROWAD_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "z" * 40,
        "DJANGO_ALLOWED_HOSTS": "rowad.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.integration
def test_login_is_locked_after_repeated_failures(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="target")
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "target", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "target", "password": "pass-1234-word"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.integration
def test_login_succeeds_with_right_password(db):
    UserFactory(username="someone")
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "someone", "password": "pass-1234-word"})
    assert response.status_code == 302


@pytest.mark.integration
def test_csrf_is_enforced_on_forms(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["agency_officer"])
    response = client.post(reverse("people:create"), {"given_name_ar": "x"})
    assert response.status_code == 403


@pytest.mark.integration
def test_every_page_sends_csp_and_no_inline_script(client):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()
    assert "style=" not in response.content.decode()


@pytest.mark.integration
def test_openapi_schema_generates_without_warnings(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(tmp_path / "s.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
