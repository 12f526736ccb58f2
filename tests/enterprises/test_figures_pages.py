"""The enterprise figures page, its CSV and the API: who reads them, over what scope, and
every number linked to the enterprise list."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from rowad.dossiers.enums import DossierState
from rowad.enterprises.enums import EnterpriseStatus, LegalForm
from tests.committees.factories import DossierFactory
from tests.enterprises.factories import AssignmentFactory, EnterpriseFactory
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _enterprise(world, *, programme, years_ago, province=None, organization=None, **fields):
    dossier = DossierFactory(
        programme=programme,
        organization=organization or world.oran_agency,
        province=province or world.oran,
        state=DossierState.COMPANY_CREATED,
    )
    created = TODAY.replace(year=TODAY.year - years_ago) - datetime.timedelta(days=30)
    return EnterpriseFactory(dossier=dossier, created_on=created, **fields)


@pytest.fixture
def enterprises(world):
    programme = ProgrammeFactory(operator=world.oran_agency, name_fr="Zzoranprogzz")
    closed_on = TODAY.replace(year=TODAY.year - 2)
    rows = {
        "old_alive": _enterprise(world, programme=programme, years_ago=3, initial_jobs=3, permanent_men=4),
        "old_closed": _enterprise(
            world,
            programme=programme,
            years_ago=3,
            status=EnterpriseStatus.CLOSED,
            ended_on=closed_on,
            initial_jobs=2,
            legal_form=LegalForm.SARL,
        ),
        "young": _enterprise(world, programme=programme, years_ago=0, initial_jobs=1, permanent_women=1),
    }
    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency, name_fr="Zzforeignentprogzz")
    rows["foreign"] = _enterprise(
        world,
        programme=foreign_programme,
        years_ago=3,
        province=world.hoceima,
        organization=world.hoceima_agency,
        initial_jobs=50,
    )
    return rows


def test_the_officer_reads_the_figures_of_their_agency_each_linked_to_the_list(client, world, enterprises):
    client.force_login(world.users["agency_officer"])
    response = client.get(reverse("enterprises:figures"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zzoranprogzz" in html and "Zzforeignentprogzz" not in html
    figures = response.context["figures"]
    total = figures.survival[-1]
    assert total["created"].value == 3
    assert [c["alive"].value for c in total["by_year"]] == [2, 1, 1]
    assert figures.jobs["jobs_created"].value == 6 and figures.jobs["jobs_kept"].value == 5
    list_url = response.context["list_url"]
    assert f'href="{list_url}?alive_at=1"' in html
    assert f'href="{list_url}?alive_now=1"' in html


def test_the_filter_bar_narrows_the_figures_and_their_links(client, world, enterprises):
    client.force_login(world.users["director"])
    response = client.get(reverse("enterprises:figures"), {"legal_form": LegalForm.SARL, "by": "legal_form"})
    figures = response.context["figures"]
    assert figures.survival[-1]["created"].value == 1
    assert figures.dimension == "legal_form"
    assert figures.breakdown[0]["enterprises"].params == {"legal_form": LegalForm.SARL}
    assert "legal_form=sarl&amp;died_before=1" in response.content.decode()


def test_a_bad_filter_is_shown_and_ignored(client, world, enterprises):
    client.force_login(world.users["agency_officer"])
    response = client.get(reverse("enterprises:figures"), {"programme": "abc", "by": "colour"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["figures"].survival[-1]["created"].value == 3
    assert response.context["figures"].dimension == "programme"


def test_a_mentor_counts_only_their_caseload(client, world, enterprises):
    mentor = world.users["mentor"]
    AssignmentFactory(dossier=enterprises["young"].dossier, mentor=mentor)
    client.force_login(mentor)
    figures = client.get(reverse("enterprises:figures")).context["figures"]
    assert figures.survival[-1]["created"].value == 1
    assert figures.jobs["jobs_kept"].value == 1


@pytest.mark.parametrize("role", ["project_holder", "trainer"])
def test_other_roles_are_refused(client, world, enterprises, role):
    client.force_login(world.users[role])
    assert client.get(reverse("enterprises:figures")).status_code == 403
    assert client.get(reverse("enterprises:figures_csv")).status_code == 403


def test_the_csv_holds_the_three_tables(client, world, enterprises):
    client.force_login(world.users["agency_officer"])
    response = client.get(reverse("enterprises:figures_csv"), {"by": "sex"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Zzforeignentprogzz" not in text
    lines = text.splitlines()
    total = next(line for line in lines if line.startswith("Total,3,"))
    # At 1 year: observed 2 (the young one is not a year old), alive 2, closed 0, censored 1,
    # S(1) 100 %; at 2 years: 2, 1, 1 (closed in its second year), 1, S(2) = 1/2.
    assert total.split(",")[2:12] == ["2", "2", "0", "1", "100.0", "2", "1", "1", "1", "50.0"]
    assert "Jobs created (first count),6" in lines
    assert "Sex of the manager" in lines


def test_the_api_gives_the_same_figures_with_their_filters(client, world, enterprises):
    client.force_login(world.users["agency_officer"])
    response = client.get("/api/enterprises/figures/", {"dimension": "province"})
    assert response.status_code == 200
    data = response.json()
    assert data["survival"][-1]["created"] == {"value": 3, "filters": {}}
    assert data["survival"][-1]["by_year"][0]["alive"] == {"value": 2, "filters": {"alive_at": "1"}}
    assert data["jobs"]["jobs_kept"] == {"value": 5, "filters": {"alive_now": "1"}}
    assert data["breakdown"][0]["enterprises"]["filters"] == {"province": str(world.oran.pk)}
    assert "Zzforeignentprogzz" not in response.content.decode()


def test_the_api_refuses_an_unknown_dimension_and_other_roles(client, world, enterprises):
    client.force_login(world.users["agency_officer"])
    response = client.get("/api/enterprises/figures/", {"dimension": "colour"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "dimension" in response.json()["errors"]
    client.force_login(world.users["project_holder"])
    assert client.get("/api/enterprises/figures/").status_code == 403


def test_the_api_refuses_a_filter_value_the_list_would_ignore(client, world, enterprises):
    client.force_login(world.users["agency_officer"])
    response = client.get("/api/enterprises/figures/", {"programme": "abc", "sex": "X"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"programme", "sex"}
    response = client.get("/api/enterprises/figures/", {"sex": "-", "legal_form": LegalForm.SARL})
    assert response.status_code == 200
    assert response.json()["filters"] == {"legal_form": "sarl", "sex": "-"}
