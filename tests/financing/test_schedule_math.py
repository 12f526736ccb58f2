"""The instalments computed from a loan's terms: worked examples and properties."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rowad.financing.schedule_math import ScheduleTermsError, Terms, add_months, instalments

pytestmark = pytest.mark.unit

D = Decimal
FIRST_DUE = datetime.date(2027, 1, 31)


def test_schedule_interest_free_with_grace_has_sixty_equal_parts():
    # The agency's interest-free loan: 28 % of 4,500,000 over 8 years after 3 of grace.
    rows = instalments(D("1260000.00"), Terms(term_months=96, grace_months=36), FIRST_DUE)

    assert len(rows) == 60
    assert {row.principal for row in rows} == {D("21000.00")}
    assert {row.interest for row in rows} == {D("0.00")}
    assert rows[0].number == 1
    assert rows[0].due_on == datetime.date(2030, 1, 31)  # period 37 = first_due + 36 months
    assert rows[1].due_on == datetime.date(2030, 2, 28)  # clamped to the month's end
    assert rows[2].due_on == datetime.date(2030, 3, 31)
    assert rows[-1].due_on == datetime.date(2034, 12, 31)


def test_schedule_subsidised_bank_loan_holder_pays_principal_only():
    # The bank's 70 %: 5.5 % borne by the state, 5 years after 1 year of grace.
    terms = Terms(term_months=60, grace_months=12, interest_rate=D("5.5"), interest_borne_by="subsidy")

    rows = instalments(D("2940000.00"), terms, FIRST_DUE)

    assert len(rows) == 60
    assert {row.interest for row in rows} == {D("0.00")}
    # Grace: the state pays the interest on the whole principal, the holder nothing.
    assert rows[0].principal == D("0.00")
    assert rows[0].subsidised_interest == D("13475.00")  # 2,940,000 × 5.5 % / 12
    assert rows[11].principal == D("0.00")
    # Then 48 equal principal parts; the state's interest falls with the principal.
    assert {row.principal for row in rows[12:]} == {D("61250.00")}
    assert rows[12].subsidised_interest == D("13475.00")
    assert rows[13].subsidised_interest == D("13194.27")  # 2,878,750 × 5.5 % / 12 = 13,194.270…
    assert rows[-1].subsidised_interest == D("280.73")  # 61,250 × 5.5 % / 12 = 280.729…
    assert sum(row.amount_due for row in rows) == D("2940000.00")


def test_schedule_holder_borne_annuity_matches_hand_computation():
    # 100,000 at 6 % a year over 12 months: r = 0.005, A = P·r / (1 − 1.005^−12) = 8,606.64.
    rows = instalments(D("100000.00"), Terms(term_months=12, interest_rate=D("6")), FIRST_DUE)

    assert len(rows) == 12
    assert rows[0].interest == D("500.00")
    assert rows[0].principal == D("8106.64")
    assert rows[1].interest == D("459.47")  # 91,893.36 × 0.005 = 459.4668
    assert rows[1].principal == D("8147.17")
    assert {row.amount_due for row in rows[:-1]} == {D("8606.64")}
    assert rows[-1].principal == D("8563.87")  # what is left: absorbs the rounding
    assert rows[-1].interest == D("42.82")
    assert sum(row.principal for row in rows) == D("100000.00")
    assert sum(row.interest for row in rows) == D("3279.73")
    assert {row.subsidised_interest for row in rows} == {D("0.00")}


def test_schedule_quarterly_with_grace_pays_interest_in_grace():
    terms = Terms(term_months=12, grace_months=3, interest_rate=D("8"), frequency="quarterly")

    rows = instalments(D("1000.00"), terms, FIRST_DUE)

    assert [row.due_on for row in rows] == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 4, 30),
        datetime.date(2027, 7, 31),
        datetime.date(2027, 10, 31),
    ]
    assert [(row.principal, row.interest) for row in rows] == [
        (D("0.00"), D("20.00")),  # grace: 1,000 × 8 % × 3 / 12
        (D("326.75"), D("20.00")),  # annuity over 3 quarters: 346.75
        (D("333.28"), D("13.47")),
        (D("339.97"), D("6.80")),
    ]


def test_schedule_quarterly_interest_free_equal_parts():
    rows = instalments(D("100000.00"), Terms(term_months=12, frequency="quarterly"), FIRST_DUE)

    assert [row.principal for row in rows] == [D("25000.00")] * 4
    assert rows[-1].due_on == datetime.date(2027, 10, 31)


def test_schedule_last_instalment_absorbs_rounding():
    rows = instalments(D("100.00"), Terms(term_months=3), FIRST_DUE)

    assert [row.principal for row in rows] == [D("33.33"), D("33.33"), D("33.34")]


@pytest.mark.parametrize(
    ("terms", "reason"),
    [
        (Terms(term_months=12, grace_months=12), "grace_too_long"),
        (Terms(term_months=0), "no_term"),
        (Terms(term_months=10, frequency="quarterly"), "not_whole_periods"),
        (Terms(term_months=12, grace_months=1, frequency="quarterly"), "not_whole_periods"),
        (Terms(term_months=12, frequency="yearly"), "frequency"),
        (Terms(term_months=12, interest_rate=D("-1")), "negative_rate"),
    ],
)
def test_schedule_refuses_impossible_terms(terms, reason):
    with pytest.raises(ScheduleTermsError) as caught:
        instalments(D("1000.00"), terms, FIRST_DUE)
    assert caught.value.reason == reason


@pytest.mark.parametrize("principal", [D("0"), D("-5.00"), D("10.005")])
def test_schedule_refuses_a_principal_not_in_cents(principal):
    with pytest.raises(ScheduleTermsError):
        instalments(principal, Terms(term_months=12), FIRST_DUE)


def test_schedule_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)


@st.composite
def loans(draw):
    frequency = draw(st.sampled_from(["monthly", "quarterly"]))
    months = 3 if frequency == "quarterly" else 1
    periods = draw(st.integers(min_value=1, max_value=120 // months))
    grace = draw(st.integers(min_value=0, max_value=periods - 1))
    cents = draw(st.integers(min_value=1, max_value=10**12))
    rate = Decimal(draw(st.integers(min_value=0, max_value=30000))) / 1000
    bearer = draw(st.sampled_from(["holder", "subsidy"]))
    first_due = draw(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)))
    terms = Terms(
        term_months=periods * months,
        grace_months=grace * months,
        interest_rate=rate,
        interest_borne_by=bearer,
        frequency=frequency,
    )
    return Decimal(cents) / 100, terms, first_due


@settings(max_examples=300, deadline=None)
@given(loans())
def test_schedule_properties_hold_for_any_loan(loan):
    principal, terms, first_due = loan

    rows = instalments(principal, terms, first_due)

    assert rows
    assert sum(row.principal for row in rows) == principal
    holder_interest = sum(row.interest for row in rows)
    assert sum(row.amount_due for row in rows) == principal + holder_interest
    for row in rows:
        assert row.principal >= 0 and row.interest >= 0 and row.subsidised_interest >= 0
        assert row.principal == row.principal.quantize(Decimal("0.01"))
        assert row.interest == row.interest.quantize(Decimal("0.01"))
    if terms.interest_borne_by == "subsidy" or terms.interest_rate == 0:
        assert holder_interest == 0
    dates = [row.due_on for row in rows]
    assert all(a < b for a, b in itertools.pairwise(dates))
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))
    assert dates[0] >= first_due
