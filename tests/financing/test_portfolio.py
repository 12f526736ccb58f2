"""Arrears and portfolio at risk on chosen dates, by funder and province with exact
Decimals, scoped to the reader; the CSV export holds the page's rows."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.financing import portfolio
from rowad.financing.enums import ScheduleState
from rowad.financing.models import RepaymentSchedule
from rowad.financing.queries import FUNDERS, READERS, schedules_visible_to
from rowad.partners.enums import OrganizationKind
from tests.committees.factories import DossierFactory
from tests.factories import OrganizationFactory, ProgrammeFactory, province
from tests.financing.arrears_factories import monthly, repaid_line, schedule_with
from tests.financing.factories import PlanFactory

pytestmark = pytest.mark.integration

D = Decimal
day = datetime.date


@pytest.fixture
def book(world):
    """S1: the agency's loan to an Oran dossier, 12 × (10,000 + 500 interest) from
    2026-01-15, two paid (oldest unpaid 2026-03-15). S3: a bank loan to the same dossier,
    not yet due. S2: a bank loan to an Algiers dossier, 3 × (5,000 + 250) from 2026-02-01,
    the first partly paid (its interest and 1,000 of principal)."""
    programme = ProgrammeFactory(operator=world.oran_agency, name_fr="Programme Oran")
    bank = OrganizationFactory(kind=OrganizationKind.FUNDER, name_fr="Banque BADR", name_ar="بنك بدر")
    officer = world.users[Role.AGENCY_OFFICER]
    oran = PlanFactory(
        dossier=DossierFactory(programme=programme, organization=world.oran_agency, province=world.oran),
        officer=officer,
    )
    algiers = PlanFactory(
        dossier=DossierFactory(
            programme=programme,
            organization=OrganizationFactory(name_fr="ANADE Alger", provinces=[province("DZ", "16")]),
            province=province("DZ", "16"),
        ),
    )
    s1 = schedule_with(
        repaid_line(oran, funder=world.oran_agency, amount=D("120000.00")),
        monthly(day(2026, 1, 15), 12, D("10000.00"), D("500.00"), paid=2),
    )
    s3 = schedule_with(
        repaid_line(oran, funder=bank, amount=D("10000.00")), monthly(day(2026, 5, 1), 4, D("2500.00"))
    )
    s2 = schedule_with(
        repaid_line(algiers, funder=bank, amount=D("15000.00")),
        [
            (day(2026, 2, 1), D("5000.00"), D("250.00"), D("1000.00"), D("250.00")),
            (day(2026, 3, 1), D("5000.00"), D("250.00"), D("0.00"), D("0.00")),
            (day(2026, 4, 1), D("5000.00"), D("250.00"), D("0.00"), D("0.00")),
        ],
    )
    # Neither a repaid nor a rescheduled (superseded) schedule is at risk.
    schedule_with(
        repaid_line(oran, funder=bank, amount=D("7000.00")),
        monthly(day(2025, 1, 1), 2, D("3500.00")),
        state=ScheduleState.SUPERSEDED,
    )
    return {"s1": s1, "s2": s2, "s3": s3, "bank": bank, "officer": officer, "world": world}


def arrears(as_of):
    return {
        s.pk: (s.days_late, s.amount_late)
        for s in portfolio.arrears_by_schedule(RepaymentSchedule.objects.all(), as_of=as_of)
    }


def test_arrears_before_the_first_due_date_nothing_late(book):
    result = arrears(day(2026, 1, 10))

    assert result == {
        book["s1"].pk: (0, D("0.00")),
        book["s2"].pk: (0, D("0.00")),
        book["s3"].pk: (0, D("0.00")),
    }
    assert list(portfolio.late_schedules(RepaymentSchedule.objects.all(), as_of=day(2026, 1, 10))) == []


def test_arrears_on_the_due_date_is_not_late(book):
    assert arrears(day(2026, 3, 15))[book["s1"].pk] == (0, D("0.00"))


def test_arrears_31_days_late(book):
    # 2026-03-15 unpaid; the 2026-04-15 instalment falls due on the day itself: not late.
    assert arrears(day(2026, 4, 15))[book["s1"].pk] == (31, D("10500.00"))


def test_arrears_91_days_late(book):
    assert arrears(day(2026, 6, 14))[book["s1"].pk] == (91, D("31500.00"))


def test_arrears_partially_paid_instalment_counts_what_remains(book):
    # First instalment: 5,250 due, 1,250 paid → 4,000 late; the second: 5,250.
    assert arrears(day(2026, 3, 15))[book["s2"].pk] == (42, D("9250.00"))


def test_arrears_ignores_superseded_schedules(book):
    assert set(arrears(day(2026, 6, 14))) == {book["s1"].pk, book["s2"].pk, book["s3"].pk}


def rows_by_label(rows):
    return {
        r["label"]: (
            r["currency"],
            r["outstanding"],
            r["par30"],
            r["par90"],
            r["par30_rate"],
            r["par90_rate"],
            r["late_count"],
        )
        for r in rows
    }


def test_par_by_funder_exact(book):
    rows = portfolio.portfolio_at_risk(RepaymentSchedule.objects.all(), as_of=day(2026, 4, 15), by="funder")

    assert rows_by_label(rows) == {
        "ANADE Oran": ("DZD", D("100000.00"), D("100000.00"), D("0.00"), D("100.00"), D("0.00"), 1),
        "Banque BADR": ("DZD", D("24000.00"), D("14000.00"), D("0.00"), D("58.33"), D("0.00"), 1),
    }
    assert [r["key"] for r in rows] == [book["world"].oran_agency.pk, book["bank"].pk]


def test_par_by_province_exact(book):
    rows = portfolio.portfolio_at_risk(RepaymentSchedule.objects.all(), as_of=day(2026, 6, 14), by="province")

    by_key = {r["key"]: r for r in rows}
    oran = by_key[book["world"].oran.pk]
    algiers = by_key[province("DZ", "16").pk]
    assert (oran["outstanding"], oran["par30"], oran["par90"], oran["par90_rate"]) == (
        D("110000.00"), D("110000.00"), D("100000.00"), D("90.91"),
    )  # fmt: skip
    # S3's first instalment (2026-05-01) is 44 days late: in PAR30, not in PAR90.
    assert oran["late_count"] == 2
    assert (algiers["outstanding"], algiers["par30"], algiers["par90"], algiers["par30_rate"]) == (
        D("14000.00"), D("14000.00"), D("14000.00"), D("100.00"),
    )  # fmt: skip


def test_par_by_programme_and_officer_and_totals(book):
    as_of = day(2026, 4, 15)
    qs = RepaymentSchedule.objects.all()

    by_programme = portfolio.portfolio_at_risk(qs, as_of=as_of, by="programme")
    by_officer = portfolio.portfolio_at_risk(qs, as_of=as_of, by="officer")
    totals = portfolio.portfolio_totals(qs, as_of=as_of)

    assert [(r["label"], r["outstanding"], r["par30"]) for r in by_programme] == [
        ("Programme Oran", D("124000.00"), D("114000.00"))
    ]
    assert [(r["key"], r["outstanding"]) for r in by_officer] == [
        (book["officer"].pk, D("110000.00")),
        (None, D("14000.00")),
    ]
    assert by_officer[1]["label"] == "No officer in charge"
    assert [(t["outstanding"], t["par30"], t["par30_rate"], t["schedule_count"]) for t in totals] == [
        (D("124000.00"), D("114000.00"), D("91.94"), 3)
    ]


def test_par_unknown_grouping_refused(book):
    with pytest.raises(ValueError):
        portfolio.portfolio_at_risk(RepaymentSchedule.objects.all(), as_of=day(2026, 4, 15), by="sex")


def test_par_funder_officer_sees_only_their_lines(book):
    user = book["world"].users[Role.FUNDER_OFFICER]
    visible = schedules_visible_to(user, roles=READERS + FUNDERS)

    rows = portfolio.portfolio_at_risk(visible, as_of=day(2026, 4, 15), by="funder")

    assert [(r["label"], r["outstanding"]) for r in rows] == [("ANADE Oran", D("100000.00"))]
    assert [s.pk for s in portfolio.late_schedules(visible, as_of=day(2026, 6, 14))] == [book["s1"].pk]


def test_caseload_page_lists_late_schedules_most_late_first(book, client):
    client.force_login(book["officer"])

    response = client.get(reverse("financing:arrears"), {"as_of": "2026-06-14"})

    assert response.status_code == 200
    # The officer reaches the Oran dossier only: S1 (91 days), S3 (44 days).
    assert [(e["schedule"].pk, e["days_late"]) for e in response.context["entries"]] == [
        (book["s1"].pk, 91),
        (book["s3"].pk, 44),
    ]
    assert response.context["total"] == 2


def test_caseload_page_sorted_by_amount(book, client):
    client.force_login(book["officer"])

    response = client.get(reverse("financing:arrears"), {"as_of": "2026-06-14", "sort": "-amount"})

    assert [e["schedule"].pk for e in response.context["entries"]] == [book["s1"].pk, book["s3"].pk]


def test_caseload_funder_officer_sees_their_lines_only(book, client):
    client.force_login(book["world"].users[Role.FUNDER_OFFICER])

    response = client.get(reverse("financing:arrears"), {"as_of": "2026-06-14"})

    assert [e["schedule"].pk for e in response.context["entries"]] == [book["s1"].pk]


def test_caseload_bad_date_shows_error_not_500(book, client):
    client.force_login(book["officer"])

    response = client.get(reverse("financing:arrears"), {"as_of": "14/14/2026"})

    assert response.status_code == 200
    assert response.context["form"].errors["as_of"]


def test_portfolio_csv_matches_the_page(book, client):
    client.force_login(book["officer"])
    params = {"as_of": "2026-06-14", "by": "funder"}

    page = client.get(reverse("financing:portfolio"), params)
    export = client.get(reverse("financing:portfolio_csv"), params)

    assert export.status_code == 200
    table = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    shown = [*page.context["rows"], *page.context["totals"]]
    assert [row[:9] for row in table[1:]] == [
        [
            r["label"],
            r["currency"],
            str(r["outstanding"]),
            str(r["par30"]),
            "" if r["par30_rate"] is None else str(r["par30_rate"]),
            str(r["par90"]),
            "" if r["par90_rate"] is None else str(r["par90_rate"]),
            str(r["late_count"]),
            str(r["schedule_count"]),
        ]
        for r in shown
    ]
    # The officer's reach: the Oran dossier's two schedules (the agency's and the bank's).
    assert [(row[0], row[2], row[3], row[5]) for row in table[1:]] == [
        ("ANADE Oran", "100000.00", "100000.00", "100000.00"),
        ("Banque BADR", "10000.00", "10000.00", "0.00"),
        ("Total", "110000.00", "110000.00", "100000.00"),
    ]
    for r in shown:
        assert r["outstanding_shown"] in page.content.decode()
