"""The figures dashboards: the charts carry the engine's numbers and the lists behind
them, the map is keyed by the provinces' official codes, the compare page reads two sets
of filters, and a province outside the reader's scope is refused."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rowad.figures import charts, engine
from rowad.figures.divisions import MapFile
from rowad.figures.indicators import REGISTRY
from rowad.figures.queries import figures_scope
from tests.factories import MembershipFactory, province
from tests.outreach.factories import RegistrationFactory, StopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def oran():
    return province("DZ", "31")


@pytest.fixture
def algiers():
    return province("DZ", "16")


@pytest.fixture
def director(oran, algiers):
    membership = MembershipFactory(role="director", provinces=[oran, algiers])
    return membership.user


@pytest.fixture
def registrations(oran, algiers):
    """3 registrations in Oran, 2 in Algiers (one of them 40 days ago), 1 in Adrar."""
    now = timezone.now()
    for place, count in ((oran, 3), (algiers, 2), (province("DZ", "01"), 1)):
        stop = StopFactory(province=place)
        for n in range(count):
            RegistrationFactory(
                stop=stop, captured_at=now - timedelta(days=40 if place == algiers and n else 0)
            )


def chart_data(response, element_id: str) -> dict:
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', response.text, re.S
    )
    assert match, element_id
    return json.loads(match.group(1))


def engine_figures(user, params: dict):
    scope = figures_scope(user)
    return scope, engine.parse_filters(params, scope)


def test_dashboard_funnel_chart_matches_the_engine(client, director, registrations):
    client.force_login(director)
    response = client.get(reverse("figures:dashboard"), {"country": "DZ"})
    assert response.status_code == 200
    points = {p["url"]: p["value"] for p in chart_data(response, "funnel-data")["points"]}
    scope, filters = engine_figures(director, {"country": "DZ"})
    registered = engine.total(REGISTRY["registered"], scope, filters)
    assert registered.value == 5
    assert points[registered.url] == 5


def test_dashboard_map_is_keyed_by_province_code(client, director, registrations, oran, algiers):
    client.force_login(director)
    response = client.get(reverse("figures:dashboard"), {"country": "DZ"})
    data = chart_data(response, "map-data")
    by_code = {p["code"]: (p["value"], p["url"], p["select"]) for p in data["points"]}
    scope, filters = engine_figures(director, {"country": "DZ"})
    expected = engine.breakdown(REGISTRY["registered"], scope, filters, "province")
    assert {f.key: f.value for f in expected} == {oran.pk: 3, algiers.pk: 2}
    assert by_code == {
        "31": (3, expected[0].url, f"{reverse('figures:dashboard')}?country=DZ&province={oran.pk}"),
        "16": (2, expected[1].url, f"{reverse('figures:dashboard')}?country=DZ&province={algiers.pk}"),
    }
    assert data["map"] == "dz"


def test_dashboard_map_file_missing_hides_the_map(client, director, registrations, monkeypatch):
    monkeypatch.setattr(
        charts, "map_file", lambda country, divisions: MapFile(country, 2025, "figures/geo/nowhere.json")
    )
    client.force_login(director)
    response = client.get(reverse("figures:dashboard"), {"country": "DZ"})
    assert response.status_code == 200
    assert chart_data(response, "map-data")["geo"] == ""
    assert "data-map-missing" in response.text


def test_dashboard_province_names_the_province_in_its_title(client, director, registrations, oran):
    client.force_login(director)
    response = client.get(reverse("figures:dashboard"), {"country": "DZ", "province": oran.pk})
    assert response.status_code == 200
    assert response.context["province"] == str(oran)
    points = {p["name"]: p["value"] for p in chart_data(response, "funnel-data")["points"]}
    assert points[str(REGISTRY["registered"].label)] == 3


def test_dashboard_province_outside_scope_is_forbidden(client, director):
    client.force_login(director)
    response = client.get(
        reverse("figures:dashboard"), {"country": "DZ", "province": province("DZ", "01").pk}
    )
    assert response.status_code == 403


def test_indicator_page_charts_match_the_engine(client, director, registrations, oran):
    client.force_login(director)
    response = client.get(
        reverse("figures:indicator", args=["registered"]), {"country": "DZ", "step": "month"}
    )
    assert response.status_code == 200
    scope, filters = engine_figures(director, {"country": "DZ"})
    indicator = REGISTRY["registered"]
    by_province = engine.breakdown(indicator, scope, filters, "province")
    chart = chart_data(response, "bars-province")
    assert [(p["value"], p["url"]) for p in chart["points"]] == [(f.value, f.url) for f in by_province]
    series = engine.series(indicator, scope, filters, "month")
    chart = chart_data(response, "series-data")
    assert [(p["name"], p["value"], p["url"]) for p in chart["points"]] == [
        (f.label, f.value, f.url) for f in series
    ]
    assert sum(p["value"] for p in chart["points"]) == 5
    assert {p["code"] for p in chart_data(response, "map-data")["points"]} == {"31", "16"}


def test_compare_two_provinces_side_by_side(client, director, registrations, oran, algiers):
    client.force_login(director)
    response = client.get(
        reverse("figures:compare"), {"country": "DZ", "a_province": oran.pk, "b_province": algiers.pk}
    )
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.code == "registered")
    assert [f.value for f in row.figures] == [3, 2]
    scope, filters = engine_figures(director, {"country": "DZ", "province": [str(oran.pk)]})
    assert row.figures[0].url == engine.total(REGISTRY["registered"], scope, filters).url
    assert f'href="{row.figures[1].url.replace("&", "&amp;")}"' in response.text


def test_compare_two_periods_side_by_side(client, director, registrations):
    client.force_login(director)
    today = timezone.localdate()
    params = {
        "country": "DZ",
        "a_from": (today - timedelta(days=60)).isoformat(),
        "a_to": (today - timedelta(days=30)).isoformat(),
        "b_from": (today - timedelta(days=29)).isoformat(),
        "b_to": today.isoformat(),
    }
    response = client.get(reverse("figures:compare"), params)
    row = next(r for r in response.context["rows"] if r.code == "registered")
    assert [f.value for f in row.figures] == [1, 4]


def test_compare_province_outside_scope_is_forbidden(client, director, oran):
    client.force_login(director)
    response = client.get(
        reverse("figures:compare"),
        {"country": "DZ", "a_province": oran.pk, "b_province": province("DZ", "01").pk},
    )
    assert response.status_code == 403


def test_menu_lists_figures_for_a_director(client, director):
    client.force_login(director)
    response = client.get(reverse("figures:dashboard"))
    assert {"label": "Figures", "url": reverse("figures:dashboard")} in [
        {"label": str(i["label"]), "url": i["url"]} for i in response.context["nav_items"]
    ]


def test_week_figures_block_links_to_the_dashboard():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    html = render_to_string(
        "shell/_week_figures.html",
        {"queue": SimpleNamespace(extra={"figures": [], "since": timezone.localdate()})},
    )
    assert f'href="{reverse("figures:dashboard")}"' in html
