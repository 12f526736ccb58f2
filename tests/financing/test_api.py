"""The financing API's reads and its scoping: a funder's officer sees only the lines their
organization finances in their provinces, a holder their own dossiers', a sponsor's
officer nothing; amounts are strings of decimals beside their currency. The writing
endpoints' refusals (scope, role, bad amounts) are tested here too: they answer before
any service runs. What the writes record: test_api_writes.py."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.financing.api.fields import DecimalJSONParser
from rowad.financing.api.serializers import PaymentInput
from rowad.financing.enums import LineDecision
from rowad.financing.models import FunderDecision, Payment, PlanLine
from tests.financing.api_factories import api_world

pytestmark = pytest.mark.django_db

LISTS = ["plan", "line", "schedule", "disbursement", "payment"]


@pytest.fixture
def fin(world):
    return api_world(world)


def _list(client, user, name, query=""):
    client.force_login(user)
    response = client.get(reverse(f"financing-{name}-list") + query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _ids(client, user, name, query=""):
    return {row["id"] for row in _list(client, user, name, query)}


def _detail(client, user, name, pk):
    client.force_login(user)
    return client.get(reverse(f"financing-{name}-detail", kwargs={"pk": pk}))


def test_a_funders_officer_sees_only_their_organizations_lines_in_their_provinces(fin, client):
    f = fin
    assert _ids(client, f.officer_a, "line") == {f.line_a.pk, f.waiting_a.pk}
    assert _ids(client, f.officer_b, "line") == {f.line_b.pk}
    for pk in (f.line_b.pk, f.line_far.pk, f.contribution.pk, f.agency_line.pk):
        assert _detail(client, f.officer_a, "line", pk).status_code == 404
    assert _detail(client, f.officer_a, "line", f.line_a.pk).status_code == 200


def test_a_funders_officer_reads_the_plans_holding_their_lines_with_only_those_lines(fin, client):
    f = fin
    plans = {row["id"]: row for row in _list(client, f.officer_a, "plan")}
    assert set(plans) == {f.plan1.pk, f.plan2.pk}
    assert [line["id"] for line in plans[f.plan1.pk]["lines"]] == [f.line_a.pk]
    assert [line["id"] for line in plans[f.plan2.pk]["lines"]] == [f.waiting_a.pk]
    assert _detail(client, f.officer_a, "plan", f.plan_far.pk).status_code == 404
    assert _ids(client, f.officer_b, "plan") == {f.plan2.pk}


def test_a_funders_officer_sees_the_schedules_tranches_and_payments_of_their_lines_only(fin, client):
    f = fin
    assert _ids(client, f.officer_a, "schedule") == {f.schedule_a.pk}
    assert _ids(client, f.officer_a, "disbursement") == {f.tranche_a.pk}
    assert _ids(client, f.officer_a, "payment") == {f.payment_a.pk}
    assert _ids(client, f.officer_b, "schedule") == {f.schedule_b.pk}
    assert _ids(client, f.officer_b, "disbursement") == {f.tranche_b.pk}
    assert _ids(client, f.officer_b, "payment") == set()
    assert _detail(client, f.officer_b, "schedule", f.schedule_a.pk).status_code == 404
    assert _detail(client, f.officer_b, "disbursement", f.tranche_a.pk).status_code == 404
    assert _detail(client, f.officer_b, "payment", f.payment_a.pk).status_code == 404


def test_the_agency_officer_sees_every_line_of_the_dossiers_they_reach(fin, client):
    f = fin
    officer = f.world.users[Role.AGENCY_OFFICER]
    lines = _ids(client, officer, "line")
    assert lines == {f.contribution.pk, f.agency_line.pk, f.line_a.pk, f.line_b.pk, f.waiting_a.pk}
    plans = {row["id"]: row for row in _list(client, officer, "plan")}
    assert set(plans) == {f.plan1.pk, f.plan2.pk}
    assert len(plans[f.plan1.pk]["lines"]) == 3
    assert _detail(client, officer, "schedule", f.schedule_far.pk).status_code == 404
    # The Al Hoceima officer reaches the Al Hoceima plan only.
    assert _ids(client, f.world.outsider, "plan") == {f.plan_far.pk}


def test_a_holder_sees_their_own_plan_only(fin, client):
    f = fin
    assert _ids(client, f.holder, "plan") == {f.plan1.pk}
    assert _ids(client, f.holder, "line") == {f.contribution.pk, f.agency_line.pk, f.line_a.pk}
    assert _ids(client, f.holder, "schedule") == {f.schedule_a.pk}
    assert _ids(client, f.holder, "payment") == {f.payment_a.pk}
    assert _detail(client, f.holder, "plan", f.plan2.pk).status_code == 404
    assert _detail(client, f.holder, "disbursement", f.tranche_b.pk).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.SPONSOR_OFFICER, Role.FIELD_AGENT, Role.COMMITTEE_MEMBER, Role.TRAINER]
)
@pytest.mark.parametrize("name", LISTS)
def test_roles_without_financing_are_refused(fin, client, role, name):
    client.force_login(fin.world.users[role])
    assert client.get(reverse(f"financing-{name}-list")).status_code == 403


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_visitors_are_refused(fin, client, name):
    assert client.get(reverse(f"financing-{name}-list")).status_code in (401, 403)


def _floats(value) -> list:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _floats(v)]
    if isinstance(value, list):
        return [x for v in value for x in _floats(v)]
    return []


@pytest.mark.parametrize("name", LISTS)
def test_no_amount_is_a_json_number(fin, client, name):
    client.force_login(fin.world.users[Role.PLATFORM_ADMIN])
    response = client.get(reverse(f"financing-{name}-list"))
    body = json.loads(response.content)
    assert body["results"]
    assert _floats(body) == []


def test_amounts_are_decimal_strings_beside_their_currency(fin, client):
    f = fin
    line = _detail(client, f.officer_a, "line", f.line_a.pk).json()
    assert (line["amount"], line["approved_amount"], line["disbursed_amount"], line["currency"]) == (
        "700000.00",
        "700000.00",
        "150000.50",
        "DZD",
    )
    assert line["conditions"] == "Caution"
    schedule = _detail(client, f.officer_a, "schedule", f.schedule_a.pk).json()
    assert (schedule["principal"], schedule["currency"]) == ("700000.00", "DZD")
    first, *_rest, last = schedule["instalments"]
    assert (first["number"], first["principal"], first["interest"], first["subsidised_interest"]) == (
        1,
        "175000.00",
        "100.10",
        "50.05",
    )
    assert (first["paid_principal"], first["paid_interest"], first["currency"]) == (
        "175000.00",
        "100.10",
        "DZD",
    )
    assert (last["paid_principal"], last["settled_on"]) == ("0.00", None)
    payment = _detail(client, f.officer_a, "payment", f.payment_a.pk).json()
    assert (payment["amount"], payment["currency"]) == ("175100.10", "DZD")
    assert payment["allocations"] == [{"instalment": 1, "principal": "175000.00", "interest": "100.10"}]
    disbursement = _detail(client, f.officer_a, "disbursement", f.tranche_a.pk).json()
    assert (disbursement["amount"], disbursement["currency"], disbursement["has_invoice"]) == (
        "150000.50",
        "DZD",
        False,
    )
    far = _detail(client, f.world.outsider, "plan", f.plan_far.pk).json()
    assert (far["currency"], far["investment"], far["lines"][0]["currency"]) == ("MAD", "1000000.00", "MAD")


def test_a_line_shows_its_recorded_decisions(fin, client):
    f = fin
    FunderDecision.objects.create(
        line=f.line_a, decision=LineDecision.REDUCED, decided_on=f.line_a.decided_on, amount=Decimal("650000")
    )
    decisions = _detail(client, f.officer_a, "line", f.line_a.pk).json()["decisions"]
    assert [(d["decision"], d["amount"], d["currency"]) for d in decisions] == [
        ("reduced", "650000.00", "DZD")
    ]


def test_a_funders_system_finds_the_lines_waiting_for_its_decision(fin, client):
    f = fin
    assert _ids(client, f.officer_a, "line", "?decision=submitted") == {f.waiting_a.pk}
    assert _ids(client, f.officer_b, "line", "?decision=submitted") == set()
    assert _ids(client, f.officer_a, "schedule", f"?line={f.line_a.pk}") == {f.schedule_a.pk}
    client.force_login(f.officer_a)
    assert client.get(reverse("financing-line-list") + "?decision=nonsense").status_code == 400


# --- Writing endpoints: refused before any service runs -------------------------------------


def _post(client, user, name, pk, body, *, as_json=True):
    if user is not None:
        client.force_login(user)
    url = reverse(f"financing-{name}", kwargs={"pk": pk})
    if as_json:
        return client.post(url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


DECISION = {"decision": "approved", "decided_on": "2026-01-10", "amount": "300000.00"}
TRANCHE = {"amount": "1000.00", "paid_on": "2026-01-10", "purpose": "equipment"}
PAYMENT = {"amount": "1000.00", "currency": "DZD", "paid_on": "2026-01-10"}


def _writes(f):
    return [
        ("line-decisions", f.waiting_a.pk, DECISION),
        ("line-disbursements", f.line_a.pk, TRANCHE),
        ("schedule-payments", f.schedule_a.pk, PAYMENT),
    ]


def _snapshot():
    return (
        FunderDecision.objects.count(),
        Payment.objects.count(),
        list(PlanLine.objects.values_list("version", "decision", "disbursed_amount")),
    )


def test_writes_out_of_the_funders_scope_are_not_found(fin, client):
    before = _snapshot()
    for name, pk, body in _writes(fin):
        assert _post(client, fin.officer_b, name, pk, body).status_code == 404, name
        assert _post(client, fin.world.outsider, name, pk, body).status_code == 404, name
    assert _snapshot() == before


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.MENTOR, Role.PROJECT_HOLDER, Role.SPONSOR_OFFICER])
def test_readers_may_not_write(fin, client, role):
    before = _snapshot()
    for name, pk, body in _writes(fin):
        assert _post(client, fin.world.users[role], name, pk, body).status_code == 403, name
    assert _snapshot() == before


def test_anonymous_writes_are_refused(fin, client):
    for name, pk, body in _writes(fin):
        assert _post(client, None, name, pk, body).status_code in (401, 403), name


def test_an_empty_body_is_a_400_with_the_fields(fin, client):
    officer = fin.world.users[Role.AGENCY_OFFICER]
    for name, pk, _body in _writes(fin):
        response = _post(client, officer, name, pk, {})
        assert response.status_code == 400, name
        assert response.json()["code"] == "invalid"
        assert "paid_on" in response.json()["errors"] or "decided_on" in response.json()["errors"]


@pytest.mark.parametrize(
    "raw",
    [
        '{"amount": 0.30000000000000004, "currency": "DZD", "paid_on": "2026-01-10"}',
        '{"amount": "10.123", "currency": "DZD", "paid_on": "2026-01-10"}',
        '{"amount": 0, "currency": "DZD", "paid_on": "2026-01-10"}',
        '{"amount": "-5.00", "currency": "DZD", "paid_on": "2026-01-10"}',
        '{"amount": "1e400", "currency": "DZD", "paid_on": "2026-01-10"}',
        '{"amount": NaN, "currency": "DZD", "paid_on": "2026-01-10"}',
        '{"amount": "12,5", "currency": "DZD", "paid_on": "2026-01-10"}',
        '{"amount": "100.00", "currency": "EUR", "paid_on": "2026-01-10"}',
    ],
)
def test_a_bad_amount_is_refused_and_nothing_recorded(fin, client, raw):
    client.force_login(fin.world.users[Role.AGENCY_OFFICER])
    url = reverse("financing-schedule-payments", kwargs={"pk": fin.schedule_a.pk})
    response = client.post(url, raw, content_type="application/json")
    assert response.status_code == 400
    assert Payment.objects.count() == 2


def test_json_numbers_are_read_as_decimals_never_as_floats():
    data = DecimalJSONParser().parse(io.BytesIO(b'{"amount": 1234.5, "n": 3}'), parser_context={})
    assert data == {"amount": Decimal("1234.5"), "n": 3}
    assert type(data["amount"]) is Decimal
    serializer = PaymentInput(data={**data, "currency": "DZD", "paid_on": "2026-01-10"})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["amount"] == Decimal("1234.50")
    tricky = DecimalJSONParser().parse(io.BytesIO(b'{"amount": 0.30000000000000004}'), parser_context={})
    serializer = PaymentInput(data={**tricky, "currency": "DZD", "paid_on": "2026-01-10"})
    assert not serializer.is_valid()
    assert "amount" in serializer.errors


def test_the_schema_documents_every_financing_endpoint(client, world):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    response = client.get(reverse("api-schema") + "?format=json", HTTP_ACCEPT_LANGUAGE="en")
    schema = json.loads(response.content)
    paths = {p for p in schema["paths"] if p.startswith("/api/financing/")}
    assert {
        "/api/financing/plans/",
        "/api/financing/lines/{id}/decisions/",
        "/api/financing/lines/{id}/disbursements/",
        "/api/financing/schedules/{id}/payments/",
        "/api/financing/payments/",
        "/api/financing/disbursements/",
    } <= paths
    post = schema["paths"]["/api/financing/schedules/{id}/payments/"]["post"]
    assert "client_uuid" in post["description"]
    amount = schema["components"]["schemas"]["PaymentInputRequest"]["properties"]["amount"]
    assert amount["type"] == "string" and amount["format"] == "decimal"
