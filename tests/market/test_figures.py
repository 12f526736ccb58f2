"""Market figures on a small known world: exact numbers per figure, currencies never added,
concentration, the gap flags a province with demand and no certified enterprise, and the
scope (a sponsor does not see another sponsor's orders). Contracts, invoices and ratings
are written directly (arrange only): the figures read them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from rowad.accounts.enums import Role
from rowad.core.templatetags.rowad_format import amount
from rowad.market import figures
from rowad.market.enums import InvoiceStatus, OfferStatus, OrderStatus
from rowad.market.figures_work import concentration, gini
from rowad.market.gap import gap_figures
from rowad.market.models import Allocation, Contract, ContractRating, Invoice, Milestone
from rowad.market.queries import orders_visible_to
from rowad.partners.enums import OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province
from tests.market.factories import MarketWorld

pytestmark = pytest.mark.django_db
D = Decimal


def contract(order, enterprise, *, invoiced=None, paid=None, due_days=-5, score=None):
    """A contract of `order` with one invoice of `invoiced`, `paid` of it, due `due_days`
    from today (negative: in the past)."""
    today = timezone.localdate()
    paid = paid or D(0)
    allocation = Allocation.objects.create(
        order=order,
        enterprise=enterprise,
        method=order.method,
        amount=order.estimated_amount,
        status=OfferStatus.ACCEPTED,
        offered_at=timezone.now(),
        answer_by=today,
    )
    deal = Contract.objects.create(
        reference=f"CT-{order.pk}",
        order=order,
        allocation=allocation,
        enterprise=enterprise,
        amount=order.estimated_amount,
        currency=order.currency,
        signed_on=today,
        ends_on=today + datetime.timedelta(days=30),
    )
    if invoiced:
        milestone = Milestone.objects.create(
            contract=deal, label="Lot", quantity=D(1), amount=invoiced, due_on=today, status="accepted"
        )
        Invoice.objects.create(
            number=f"INV-{order.pk}",
            milestone=milestone,
            amount=invoiced,
            currency=order.currency,
            issued_on=today - datetime.timedelta(days=40),
            due_on=today + datetime.timedelta(days=due_days),
            paid_amount=paid,
            status=InvoiceStatus.PAID if paid == invoiced else InvoiceStatus.PARTLY_PAID,
        )
    if score is not None:
        ContractRating.objects.create(
            contract=deal, on_time_rate=1, first_time_rate=1, score=score, rated_on=today
        )
    return deal


@pytest.fixture
def known():
    """Oran: three certified enterprises, orders of 100k (awarded, to e1), 300k (completed,
    to e2), 50k open, 50k unfilled, 999k cancelled; Alger: one 50k order and no enterprise;
    Tanger (Morocco): one 70k MAD order."""
    world = MarketWorld.build()
    e1, e2, _e3 = world.enterprise(), world.enterprise(), world.enterprise()
    world.enterprise(certified=False)
    o1 = world.order(estimated_amount=D("100000"), status=OrderStatus.AWARDED)
    o2 = world.order(estimated_amount=D("300000"), status=OrderStatus.COMPLETED, reserved_for_micro=False)
    world.order(estimated_amount=D("50000"), status=OrderStatus.OPEN)
    world.order(estimated_amount=D("50000"), status=OrderStatus.UNFILLED)
    world.order(estimated_amount=D("999000"), status=OrderStatus.CANCELLED)
    world.order(estimated_amount=D("50000"), province=province("DZ", "16"))
    world.order(estimated_amount=D("70000"), currency="MAD", province=province("MA", "01.511"))
    contract(o1, e1, invoiced=D("40000"), paid=D("40000"))
    contract(o2, e2, invoiced=D("300000"), paid=D("100000"), due_days=-10, score=80)
    return world, e1, e2


def compute(user, **params):
    return figures.compute(orders_visible_to(user), params=params, as_of=timezone.localdate())


def by_currency(rows):
    return {r["currency"]: r for r in rows}


def test_demand_and_share_met_per_currency(known):
    world, *_ = known
    result = compute(world.sponsor_officer())
    dzd, mad = by_currency(result.demand["total"])["DZD"], by_currency(result.demand["total"])["MAD"]
    assert (dzd["orders"], dzd["amount"], dzd["met"], dzd["met_amount"], dzd["unfilled"]) == (
        5,
        D("550000"),
        2,
        D("400000"),
        1,
    )
    assert (dzd["met_share"], dzd["met_amount_share"]) == (D("40.0"), D("72.7"))
    # Never added together: the MAD order stays in its own row.
    assert (mad["orders"], mad["amount"], mad["met"]) == (1, D("70000"), 0)
    oran = [r for r in result.demand["province"] if r["key"] == world.province.pk]
    assert [(r["orders"], r["amount"]) for r in oran] == [(4, D("500000"))]
    by_specialty = {(r["key"], r["currency"]): r["orders"] for r in result.demand["specialty"]}
    assert by_specialty == {(world.specialty.pk, "DZD"): 5, (world.specialty.pk, "MAD"): 1}


def test_reserved_share_against_the_legal_share(known):
    world, *_ = known
    dzd = by_currency(compute(world.sponsor_officer()).demand["total"])["DZD"]
    # Only the 100k order was reserved and met: 100k / 550k.
    assert (dzd["reserved_met_amount"], dzd["reserved_share"]) == (D("100000"), D("18.2"))
    assert (dzd["country"], dzd["reserved_target"], dzd["reserved_reached"]) == ("DZ", 20, False)


def test_per_enterprise_and_concentration(known):
    world, e1, e2 = known
    result = compute(world.sponsor_officer())
    rows = {r["enterprise"]: r for r in result.enterprises}
    assert (rows[e1.pk]["contracts"], rows[e1.pk]["contracted"], rows[e1.pk]["accepted"]) == (
        1,
        D("100000"),
        D("40000"),
    )
    assert (rows[e1.pk]["paid"], rows[e1.pk]["rating"]) == (D("40000"), None)
    assert (rows[e2.pk]["accepted"], rows[e2.pk]["paid"], rows[e2.pk]["rating"]) == (
        D("300000"),
        D("100000"),
        D("80.0"),
    )
    [dzd] = result.concentration
    # Two enterprises with work: the top 10 % rounds up to one, the 300k of 400k.
    assert (dzd["enterprises"], dzd["top"], dzd["top_amount"], dzd["top_share"]) == (
        2,
        1,
        D("300000"),
        D("75.0"),
    )
    assert dzd["gini"] == D("0.250")


def test_gini_and_top_share_edges():
    assert gini([D(5), D(5), D(5)]) == D("0.000")
    assert gini([D(0), D(0), D(0), D(100)]) == D("0.750")
    assert gini([]) is None
    rows = [{"currency": "DZD", "contracted": D(v)} for v in (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 10)]
    [row] = concentration(rows)
    assert (row["top"], row["top_share"]) == (2, D("55.0"))  # 11 × 10 % → 2: 11 of 20


def test_late_payments_read_the_one_definition(known):
    world, *_ = known
    [late] = compute(world.sponsor_officer()).late
    assert (late["sponsor"], late["currency"], late["invoices"], late["due"]) == (
        world.sponsor.pk,
        "DZD",
        1,
        D("200000"),
    )
    assert (late["mean_days"], late["longest_days"]) == (D("10.0"), 10)


def test_gap_flags_demand_without_certified_enterprise(known):
    world, *_ = known
    gap = compute(world.sponsor_officer()).gap
    cells = {r["province"]: r for r in gap.rows}
    alger = province("DZ", "16")
    assert (cells[alger.pk]["orders"], cells[alger.pk]["certified"], cells[alger.pk]["uncovered"]) == (
        1,
        0,
        True,
    )
    assert cells[alger.pk]["gap"] is None
    # Oran: 4 orders (the cancelled one left out), 3 certified operating enterprises.
    assert (cells[world.province.pk]["certified"], cells[world.province.pk]["gap"]) == (3, D("1.3"))
    assert gap.rows[0]["uncovered"]  # the most urgent first
    summary = {p["province"]: p for p in gap.provinces}
    assert summary[alger.pk]["band"] == "uncovered"
    assert summary[world.province.pk]["band"] == "mid"
    dz_map = next(m for m in gap.maps if m["country"] == "DZ")
    tile = next(t for t in dz_map["tiles"] if t["code"] == "16")
    assert tile["band"] == "uncovered" and "الجزائر" in tile["title"]


def test_gap_counts_an_enterprise_serving_the_province_and_the_window():
    world = MarketWorld.build()
    alger = province("DZ", "16")
    world.enterprise(means={"workers": 2, "served_provinces": [alger]})
    world.enterprise(status="suspended")  # not operating: no supply
    world.order(province=alger)
    world.order(starts_on=timezone.localdate() - datetime.timedelta(days=400), ends_on=timezone.localdate())
    gap = gap_figures(orders_visible_to(world.sponsor_officer()), as_of=timezone.localdate())
    assert [(r["province"], r["orders"], r["certified"]) for r in gap.rows] == [(alger.pk, 1, 1)]


def test_a_sponsor_does_not_see_another_sponsors_orders(known):
    world, *_ = known
    other = OrganizationFactory(kind=OrganizationKind.SPONSOR, provinces=[world.province])
    world.order(sponsor=other, estimated_amount=D("1000000"))
    mine = by_currency(compute(world.sponsor_officer()).demand["total"])["DZD"]
    assert mine["orders"] == 5
    agency = by_currency(compute(world.agency_officer()).demand["total"])
    assert agency["DZD"]["orders"] == 5  # Oran's 4 and the other sponsor's; not Alger
    assert "MAD" not in agency
    officer = UserFactory(username="other-sponsor")
    MembershipFactory(user=officer, organization=other, role=Role.SPONSOR_OFFICER)
    theirs = by_currency(compute(officer).demand["total"])["DZD"]
    assert (theirs["orders"], theirs["amount"]) == (1, D("1000000"))
    assert compute(officer).enterprises == []


def test_filters_narrow_and_bad_values_are_named(known):
    world, *_ = known
    user = world.sponsor_officer()
    only_alger = compute(user, province=str(province("DZ", "16").pk))
    assert [r["orders"] for r in only_alger.demand["total"]] == [1]
    future = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    assert compute(user, date_from=future).demand["total"] == []
    cleaned, bad = figures.clean_filters({"date_from": "2026-13-01", "programme": "x", "sponsor": "3"})
    assert cleaned == {"sponsor": 3} and sorted(bad) == ["date_from", "programme"]


def test_page_csv_and_api(client, known):
    world, *_ = known
    client.force_login(world.sponsor_officer())
    page = client.get(reverse("market:figures"))
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override(page.headers.get("Content-Language", "ar")):
        shown = amount(D("550000"))  # the locale's separators; the currency has its column
    assert "data-uncovered" in html and "<svg" in html and f'<bdi dir="ltr">{shown}</bdi>' in html
    csv = client.get(reverse("market:figures_csv")).content.decode("utf-8-sig")
    assert "Concentration" in csv and "550000.00" in csv and "75.0" in csv
    api = client.get("/api/market/figures/").json()
    assert {r["currency"]: r["orders"] for r in api["demand"]["total"]} == {"DZD": 5, "MAD": 1}
    assert api["concentration"][0]["top_share"] == "75.0"
    assert client.get("/api/market/figures/", {"date_from": "soon"}).status_code == 400
    bad = client.get(reverse("market:figures"), {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert bad.status_code == 200 and "The end of the period comes before its start." in bad.content.decode()


def test_readers_only(client, known):
    world, *_ = known
    stranger = UserFactory(username="holder-figures")
    MembershipFactory(user=stranger, organization=world.agency, role=Role.PROJECT_HOLDER)
    client.force_login(stranger)
    assert client.get(reverse("market:figures")).status_code == 403
    assert client.get("/api/market/figures/").status_code == 403
