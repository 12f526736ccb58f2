"""The figures API reads the engine with the caller's scope: the same numbers as the
engine, never another province's, aggregates only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.figures import engine
from rowad.figures.indicators import REGISTRY
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province
from tests.outreach.factories import RegistrationFactory, StopFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zzsecretfamilyzz"


@pytest.fixture
def chain():
    oran, algiers = province("DZ", "31"), province("DZ", "16")
    agency = OrganizationFactory(provinces=[oran, algiers])
    director = UserFactory(username="director-national")
    MembershipFactory(user=director, organization=agency, role=Role.DIRECTOR, provinces=[oran, algiers])
    officer = UserFactory(username="officer-oran")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    oran_stop, algiers_stop = StopFactory(province=oran), StopFactory(province=algiers)
    for _ in range(3):
        RegistrationFactory(stop=oran_stop, person=PersonFactory(family_name_latin=SECRET_NAME))
    for _ in range(2):
        RegistrationFactory(stop=algiers_stop, person=PersonFactory(family_name_latin=SECRET_NAME))
    return {"oran": oran, "algiers": algiers, "director": director, "officer": officer}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _engine_numbers(user, params: dict) -> tuple[int, dict[str, int]]:
    scope = scope_for(user)
    filters = engine.parse_filters(params, scope)
    indicator = REGISTRY["registered"]
    total = engine.total(indicator, scope, filters).value
    rows = {str(f.key): f.value for f in engine.breakdown(indicator, scope, filters, "province")}
    return total, rows


@pytest.mark.parametrize("who", ["director", "officer"])
def test_values_equal_engine_total_and_breakdown_for_each_reader(chain, who):
    user = chain[who]
    response = _client(user).get(
        reverse("figures-values-list"), {"indicator": "registered", "country": "DZ", "by": "province"}
    )
    assert response.status_code == 200
    total, rows = _engine_numbers(user, {"country": "DZ"})
    assert response.data["total"] == total
    assert {row["key"]: row["value"] for row in response.data["rows"]} == rows


def test_values_officer_never_counts_the_other_province(chain):
    response = _client(chain["officer"]).get(
        reverse("figures-values-list"), {"indicator": "registered", "country": "DZ", "by": "province"}
    )
    assert response.data["total"] == 3
    assert [row["key"] for row in response.data["rows"]] == [str(chain["oran"].pk)]


def test_values_director_counts_both_provinces(chain):
    response = _client(chain["director"]).get(
        reverse("figures-values-list"), {"indicator": "registered", "country": "DZ", "by": "province"}
    )
    assert response.data["total"] == 5
    assert {row["key"]: row["value"] for row in response.data["rows"]} == {
        str(chain["oran"].pk): 3,
        str(chain["algiers"].pk): 2,
    }


def test_values_province_outside_scope_is_403_with_code(chain):
    response = _client(chain["officer"]).get(
        reverse("figures-values-list"), {"indicator": "registered", "province": chain["algiers"].pk}
    )
    assert response.status_code == 403
    assert response.data["code"] == "outside_scope"


def test_values_end_before_start_is_400_with_code(chain):
    response = _client(chain["director"]).get(
        reverse("figures-values-list"), {"indicator": "registered", "from": "2024-05-01", "to": "2024-01-01"}
    )
    assert response.status_code == 400
    assert response.data["code"] == "bad_period"


def test_values_unknown_indicator_is_404(chain):
    response = _client(chain["director"]).get(reverse("figures-values-list"), {"indicator": "nothing"})
    assert response.status_code == 404
    assert response.data["code"] == "unknown_indicator"


def test_values_filter_not_applicable_is_400(chain):
    response = _client(chain["director"]).get(
        reverse("figures-values-list"), {"indicator": "visitors", "sex": "F"}
    )
    assert response.status_code == 400
    assert response.data["code"] == "not_applicable"


def test_values_rows_link_to_absolute_records_page(chain):
    response = _client(chain["officer"]).get(
        reverse("figures-values-list"), {"indicator": "registered", "country": "DZ", "by": "province"}
    )
    url = response.data["rows"][0]["records_url"]
    assert url.startswith("http://testserver" + reverse("figures:records", args=["registered"]) + "?")
    assert f"province={chain['oran'].pk}" in url


def test_values_series_by_year_adds_up_to_total(chain):
    response = _client(chain["director"]).get(
        reverse("figures-values-list"), {"indicator": "registered", "country": "DZ", "step": "year"}
    )
    assert sum(row["value"] for row in response.data["rows"]) == response.data["total"]


def test_values_money_is_a_string_with_currency(chain):
    response = _client(chain["director"]).get(
        reverse("figures-values-list"), {"indicator": "amount_disbursed", "country": "DZ"}
    )
    assert response.status_code == 200
    assert (response.data["total"], response.data["currency"]) == ("0.00", "DZD")


def test_values_hold_no_person_name(chain):
    response = _client(chain["director"]).get(
        reverse("figures-values-list"), {"indicator": "registered", "country": "DZ", "by": "province"}
    )
    assert SECRET_NAME not in response.content.decode()


def test_catalogue_lists_every_registry_code(chain):
    response = _client(chain["officer"]).get(reverse("figures-indicators-list"))
    assert response.status_code == 200
    assert [row["code"] for row in response.data] == list(REGISTRY)


def test_funnel_steps_match_engine(chain):
    response = _client(chain["officer"]).get(reverse("figures-funnel-list"), {"country": "DZ"})
    steps = {step["indicator"]: step["value"] for step in response.data["steps"]}
    assert steps["registered"] == 3


def test_api_refuses_a_role_that_does_not_read_figures(chain):
    user = UserFactory(username="trainer-x")
    MembershipFactory(user=user, role=Role.TRAINER, provinces=[chain["oran"]])
    response = _client(user).get(reverse("figures-indicators-list"))
    assert response.status_code == 403
