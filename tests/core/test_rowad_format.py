"""The shared filters of `rowad_format` (issue 16, item 7): amounts with the locale's
separators and the currency in every language, dates written out in the reader's
language, the arrow of time pointing the reading way."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from rowad.core.templatetags.rowad_format import long_date, money, reading_arrow

AMOUNT = Decimal("3200000")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "\u200f3.200.000,00\u00a0د.ج.\u200f"),
        ("fr", "3\u202f200\u202f000,00\u00a0DA"),
        ("en", "DZD3,200,000.00"),
    ],
)
def test_money_by_country_in_each_language(language, expected):
    with translation.override(language):
        assert money(AMOUNT, "DZ") == expected


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_money_never_the_bare_number(language):
    with translation.override(language):
        shown = money(AMOUNT, "DZD")
    assert "3200000" not in shown
    assert any(mark in shown for mark in ("DZD", "DA", "د.ج."))


def test_money_by_currency_code_and_blank():
    with translation.override("fr"):
        assert money(Decimal("950.5"), "MAD") == "950,50\u00a0MAD"
        assert money("1234.5", "DZD") == "1\u202f234,50\u00a0DA"
    assert money(None, "DZD") == ""


def test_long_date_in_the_readers_language():
    day = datetime.date(2026, 3, 12)
    with translation.override("fr"):
        assert long_date(day) == "12 mars 2026"
    with translation.override("ar"):
        assert long_date(day) == "12 مارس 2026"


def test_long_date_of_a_moment_is_the_local_day(settings):
    settings.TIME_ZONE = "Africa/Algiers"
    late_evening = datetime.datetime(2026, 3, 12, 23, 30, tzinfo=datetime.UTC)  # 00:30 on the 13th
    with translation.override("fr"):
        assert long_date(late_evening) == "13 mars 2026"


def test_reading_arrow_points_the_reading_way():
    with translation.override("ar"):
        assert reading_arrow() == "←"
    with translation.override("fr"):
        assert reading_arrow() == "→"


def test_history_include_uses_the_reading_arrow():
    template = Template('{% include "includes/history.html" %}')
    row = {"when": None, "user": None, "changes": [{"field": "state", "old": "a", "new": "b"}]}
    with translation.override("ar"):
        html = template.render(Context({"history": [row]}))
    assert "←" in html and "→" not in html


def test_arabic_phone_example_kept_left_to_right():
    with translation.override("ar"):
        text = translation.gettext("We send you a code to check it. Example: 0661 23 45 67")
    assert "\u20660661 23 45 67\u2069" in text
