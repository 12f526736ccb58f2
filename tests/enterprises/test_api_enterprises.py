"""The enterprises API: scoped reads with the list's filters, recording an enterprise from
a dossier, correcting one with its version (409 when stale), and the refusals."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from rowad.dossiers.enums import DossierState
from rowad.enterprises.models import Enterprise
from tests.enterprises.factories import VALID_DZ, AssignmentFactory, record_enterprise
from tests.enterprises.pages_helpers import financed_dossier

pytestmark = pytest.mark.django_db
LIST = "enterprises-enterprise-list"


def _detail(pk):
    return reverse("enterprises-enterprise-detail", kwargs={"pk": pk})


@pytest.fixture
def officer(world, client):
    client.force_login(world.users["agency_officer"])
    return client


def _enterprise(world, **fields):
    return record_enterprise(financed_dossier(world), actor=world.users["agency_officer"], **fields)


def _body(dossier, **changes):
    dossier.refresh_from_db()
    return {
        "dossier": dossier.pk,
        "legal_form": "micro_enterprise",
        "activity": "Maintenance de réseaux",
        "created_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        "name_latin": "Réseaux Oran",
        "identifiers": VALID_DZ,
        "version": dossier.version,
    } | changes


def test_reading_an_enterprise_with_its_owners_steps_and_identifiers(world, officer):
    enterprise = _enterprise(world, identifiers=VALID_DZ)
    data = officer.get(_detail(enterprise.pk)).json()
    assert data["reference"] == enterprise.reference
    assert data["identifiers"] == {**VALID_DZ}
    assert [m["role"] for m in data["members"]] == ["manager"]
    assert {s["state"] for s in data["steps"]} == {"due"} and data["steps"][0]["label"]


def test_the_list_takes_the_figure_filters(world, officer):
    woman = _enterprise(world)
    Enterprise.objects.filter(pk=woman.pk).update(manager_sex="F")
    other = _enterprise(world)
    Enterprise.objects.filter(pk=other.pk).update(manager_sex="M")
    ids = {row["id"] for row in officer.get(reverse(LIST), {"sex": "F"}).json()["results"]}
    assert ids == {woman.pk}


def test_the_outsider_and_a_mentor_off_the_case_see_nothing(world, client):
    enterprise = _enterprise(world)
    for user in (world.outsider, world.users["mentor"]):
        client.force_login(user)
        assert client.get(reverse(LIST)).json()["results"] == []
        assert client.get(_detail(enterprise.pk)).status_code == 404
    AssignmentFactory(dossier=enterprise.dossier, mentor=world.users["mentor"])
    assert client.get(_detail(enterprise.pk)).status_code == 200


def test_recording_an_enterprise_through_the_api(world, officer):
    dossier = financed_dossier(world)
    response = officer.post(reverse(LIST), _body(dossier), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["dossier"] == dossier.pk
    dossier.refresh_from_db()
    assert dossier.state == DossierState.COMPANY_CREATED


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"identifiers": {**VALID_DZ, "tax_id": "12AB"}}, "invalid_identifier", "tax_id"),
        ({"identifiers": {"ice": "001561191000066"}}, "invalid_identifier", "ice"),
        ({"created_on": "2999-01-01"}, "future_date", "created_on"),
        ({"legal_form": "cooperative"}, "too_few_members", "members"),
    ],
)
def test_bad_inputs_are_400_with_their_code(world, officer, changes, code, field):
    dossier = financed_dossier(world)
    response = officer.post(reverse(LIST), _body(dossier, **changes), content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == code
    assert response.json().get("field") == field and not Enterprise.objects.exists()


def test_a_dossier_not_financed_and_a_second_enterprise_are_refused(world, officer):
    from tests.dossiers.factories import advance, make_dossier

    approved = advance(make_dossier(world), DossierState.APPROVED, actor=world.users["agency_officer"])
    response = officer.post(reverse(LIST), _body(approved), content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "dossier_not_financed"
    dossier = financed_dossier(world)
    assert officer.post(reverse(LIST), _body(dossier), content_type="application/json").status_code == 201
    again = officer.post(reverse(LIST), _body(dossier, version=None), content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "enterprise_exists"


def test_a_director_cannot_record_and_the_outsider_does_not_reach_the_dossier(world, client):
    dossier = financed_dossier(world)
    client.force_login(world.users["director"])
    assert client.post(reverse(LIST), _body(dossier), content_type="application/json").status_code == 403
    client.force_login(world.outsider)
    assert client.post(reverse(LIST), _body(dossier), content_type="application/json").status_code == 404
    assert not Enterprise.objects.exists()


def test_patch_with_the_version_then_stale(world, officer):
    enterprise = _enterprise(world, name_latin="Before")
    version = Enterprise.objects.get(pk=enterprise.pk).version
    ok = officer.patch(
        _detail(enterprise.pk), {"version": version, "name_latin": "After"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["name_latin"] == "After"
    assert ok.json()["version"] == version + 1
    stale = officer.patch(
        _detail(enterprise.pk), {"version": version, "name_latin": "Lost"}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_edit"
    assert Enterprise.objects.get(pk=enterprise.pk).name_latin == "After"


def test_patch_without_version_or_with_a_bad_identifier_is_400(world, officer):
    enterprise = _enterprise(world)
    version = Enterprise.objects.get(pk=enterprise.pk).version
    assert (
        officer.patch(
            _detail(enterprise.pk), {"name_latin": "X"}, content_type="application/json"
        ).status_code
        == 400
    )
    bad = officer.patch(
        _detail(enterprise.pk),
        {"version": version, "identifiers": {"statistical_id": "12"}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "statistical_id"


def test_put_is_not_offered(world, officer):
    enterprise = _enterprise(world)
    assert officer.put(_detail(enterprise.pk), {}, content_type="application/json").status_code == 405
