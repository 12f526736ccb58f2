"""The public page of aggregates: anonymous, national, small cells suppressed (with
complementary suppression), no name, cached."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from rowad.figures.public import TOTAL, complementary
from tests.factories import PersonFactory, ProgrammeFactory, province
from tests.outreach.factories import CampaignFactory, PhaseFactory, RegistrationFactory, StopFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zzsecretfamilyzz"
URL = reverse("figures:public")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _register(count: int, stop) -> None:
    for _ in range(count):
        RegistrationFactory(stop=stop, person=PersonFactory(family_name_latin=SECRET_NAME))


@pytest.fixture
def table():
    """Registered: Oran × P1 = 3 (suppressed), the three other cells 11."""
    oran, algiers = province("DZ", "31"), province("DZ", "16")
    p1 = ProgrammeFactory(name_fr="Programme A", name_en="Programme A")
    p2 = ProgrammeFactory(name_fr="Programme B", name_en="Programme B")
    stops = {}
    for programme in (p1, p2):
        phase = PhaseFactory(campaign=CampaignFactory(programme=programme))
        for place in (oran, algiers):
            stops[(place.pk, programme.pk)] = StopFactory(phase=phase, province=place)
    _register(3, stops[(oran.pk, p1.pk)])
    _register(11, stops[(oran.pk, p2.pk)])
    _register(11, stops[(algiers.pk, p1.pk)])
    _register(11, stops[(algiers.pk, p2.pk)])
    return {"oran": oran, "algiers": algiers, "p1": p1, "p2": p2}


def _registered(payload: dict) -> dict:
    return next(t for t in payload["tables"] if t["indicator"] == "registered")


def test_public_json_suppresses_small_cell_and_its_complements(client, table):
    response = client.get(URL, {"country": "DZ", "format": "json"})
    registered = _registered(json.loads(response.content))
    columns = [c["key"] for c in json.loads(response.content)["columns"]]
    rows = {row["key"]: dict(zip(columns, row["values"], strict=True)) for row in registered["rows"]}
    oran, algiers, p1, p2 = (str(table[k].pk) for k in ("oran", "algiers", "p1", "p2"))
    # 3 is hidden; its row and column would give it back, so one more cell in each is
    # hidden, and then the last cell (its row and column had one hidden each).
    assert rows[oran] == {p1: "< 10", p2: "< 10"}
    assert rows[algiers] == {p1: "< 10", p2: "< 10"}
    assert [row["total"] for row in registered["rows"]] == [22, 14]  # Algiers, Oran (by name)
    assert registered["totals"] == [14, 22]
    assert registered["grand_total"] == 36


def test_public_page_shows_small_cell_as_below_threshold(client, table):
    response = client.get(URL, {"country": "DZ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt; 10" in html
    assert 'id="public-footnote"' in html


def test_public_page_narrowed_to_the_small_cell_still_suppresses_it(client, table):
    response = client.get(
        URL, {"country": "DZ", "province": table["oran"].pk, "programme": table["p1"].pk, "format": "json"}
    )
    registered = _registered(json.loads(response.content))
    assert [row["values"] for row in registered["rows"]] == [["< 10"]]


def test_public_page_holds_no_person_name(client, table):
    html = client.get(URL, {"country": "DZ"}).content.decode()
    data = client.get(URL, {"country": "DZ", "format": "json"}).content.decode()
    assert (SECRET_NAME in html, SECRET_NAME in data) == (False, False)


def test_public_page_links_to_no_record(client, table):
    html = client.get(URL, {"country": "DZ"}).content.decode()
    assert reverse("figures:records", args=["registered"]) not in html


def test_public_page_anonymous_is_cacheable_for_an_hour(client, table):
    response = client.get(URL, {"country": "DZ"})
    assert response.status_code == 200
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=3600"}


def test_public_page_is_cached_for_the_query(client, table):
    first = client.get(URL, {"country": "DZ", "format": "json"}).content
    _register(20, StopFactory(province=table["oran"]))
    assert client.get(URL, {"country": "DZ", "format": "json"}).content == first


@pytest.mark.parametrize(
    "query", [{"country": "FR"}, {"year": "1990"}, {"year": "20x8"}, {"province": "oran"}]
)
def test_public_page_bad_input_is_400(client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert 'id="public-error"' in response.content.decode()


def test_public_page_bad_input_in_json_is_400(client):
    response = client.get(URL, {"country": "FR", "format": "json"})
    assert response.status_code == 400
    assert "detail" in json.loads(response.content)


def test_complementary_hides_a_second_cell_when_one_is_alone_in_its_line():
    rows, columns = ["a", "b", "c"], ["x", "y"]
    grid = {("a", "x"): 3, ("a", "y"): 40, ("b", "x"): 30, ("b", "y"): 20, ("c", "x"): 50, ("c", "y"): 60}
    for r in rows:
        grid[(r, TOTAL)] = grid[(r, "x")] + grid[(r, "y")]
    for c in columns:
        grid[(TOTAL, c)] = sum(grid[(r, c)] for r in rows)
    grid[(TOTAL, TOTAL)] = sum(grid[(r, TOTAL)] for r in rows)
    hidden = complementary(grid, {("a", "x")}, rows, columns)
    assert hidden == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}


def test_complementary_leaves_no_line_with_a_single_hidden_number():
    rows, columns = ["a", "b"], ["x", "y", "z"]
    grid = {
        (r, c): v
        for (r, c), v in zip([(r, c) for r in rows for c in columns], [5, 0, 30, 40, 2, 0], strict=True)
    }
    for r in rows:
        grid[(r, TOTAL)] = sum(grid[(r, c)] for c in columns)
    for c in columns:
        grid[(TOTAL, c)] = sum(grid[(r, c)] for r in rows)
    grid[(TOTAL, TOTAL)] = sum(grid[(r, TOTAL)] for r in rows)
    hidden = complementary(grid, {("a", "x"), ("b", "y")}, rows, columns)
    lines = [[(r, c) for c in [*columns, TOTAL]] for r in [*rows, TOTAL]]
    lines += [[(r, c) for r in [*rows, TOTAL]] for c in [*columns, TOTAL]]
    assert [sum(p in hidden for p in line) for line in lines if sum(p in hidden for p in line) == 1] == []


def test_public_page_speaks_arabic(client, table):
    response = client.get(URL, {"country": "DZ"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert "التشغيل الذاتي للشباب بالأرقام" in response.content.decode()


def test_public_page_counts_only_the_year_asked(client, table):
    response = client.get(URL, {"country": "DZ", "year": "2018", "format": "json"})
    assert (response.status_code, _registered(json.loads(response.content))["rows"]) == (200, [])
