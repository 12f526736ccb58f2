"""The API, fuzzed from its own OpenAPI schema as several roles (issue 18, item 14).

schemathesis generates requests for every operation of the schema drf-spectacular
builds (path and query parameters, bodies) and sends them to the WSGI application with
the API token of a user of each role. Two checks: no answer is a server error, and every
status answered is one the schema documents for that operation. The number of examples
per operation is bounded (ROWAD_API_FUZZ_EXAMPLES, 4 by default) so the run stays within
a few minutes; the generation is derandomised, so a failure comes back on the next run."""

from __future__ import annotations

import os
from contextlib import contextmanager

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from rowad.accounts.enums import Role
from rowad.accounts.services import issue_api_token

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLES = int(os.environ.get("ROWAD_API_FUZZ_EXAMPLES", "4"))
ROLES = (Role.AGENCY_OFFICER, Role.PLATFORM_ADMIN, Role.MENTOR, Role.PROJECT_HOLDER)
CHECKS = [not_a_server_error, status_code_conformance]


@contextmanager
def same_connection():
    """Requests run in the test's thread and transaction: Django must not close the
    connection at the end of each one (what its test client does too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def api_schema():
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = WSGIHandler()
    return schema


def fuzz_operation(operation, headers: dict, failures: list, counter: list) -> None:
    @hypothesis.given(case=operation.as_strategy())
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        counter[0] += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as error:  # schemathesis's FailureGroup: one or several failed checks
            failures.append(
                (operation.label, response.status_code, " / ".join(str(error).split("\n")[:6])[:300])
            )

    run()


def test_api_fuzz_no_server_error_and_documented_statuses(world, settings):
    settings.ALLOWED_HOSTS = ["*"]
    schema = api_schema()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 50
    failures: list = []
    counter = [0]
    with same_connection():
        for role in ROLES:
            _token, secret = issue_api_token(world.users[role], label="fuzz")
            headers = {"Authorization": f"Token {secret}"}
            for operation in operations:
                fuzz_operation(operation, headers, failures, counter)
    print(f"\nAPI fuzz: {len(operations)} operations, {len(ROLES)} roles, {counter[0]} requests")
    assert failures == [], f"{len(failures)} failures in {counter[0]} requests"
