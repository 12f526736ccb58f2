"""A holder's market data: the export holds their enterprise's quotes, offers, contracts and
work; the erasure scrubs their names out of the free texts, deletes the work's photos and
keeps the award and accounting records (with why)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from rowad.core import privacy
from rowad.market import services
from rowad.market.enums import AllocationMethod, ReviewDecision
from rowad.market.models import (
    Allocation,
    Contract,
    ContractRating,
    ExecutionReport,
    Invoice,
    Milestone,
    MilestoneReview,
    Quote,
    ReportPhoto,
    SponsorPayment,
)
from tests.factories import PersonFactory
from tests.market.factories import MarketWorld, holder_of

pytestmark = pytest.mark.django_db

NAME = "Karima Benali"
MARKET = {
    "market.enterprisemeans",
    "market.quote",
    "market.allocation",
    "market.contract",
    "market.milestone",
    "market.executionreport",
    "market.reportphoto",
    "market.milestonereview",
    "market.invoice",
    "market.sponsorpayment",
    "market.contractrating",
}


@pytest.fixture
def holder_world():
    """An enterprise held by Karima Benali with a row of every market model about it."""
    world = MarketWorld.build()
    enterprise = world.enterprise(means={"workers": 3, "max_concurrent_orders": 5})
    person = enterprise.members.get().person
    person.given_name_latin, person.family_name_latin = "Karima", "Benali"
    person.preferred_language = "fr"
    person.save()
    holder = holder_of(enterprise)
    officer = world.sponsor_officer()
    today = timezone.localdate()

    declined = services.allocate_order(world.order(), actor=officer)
    services.respond_to_offer(declined, accept=False, reason=f"{NAME} est en congé", actor=holder)
    accepted = services.allocate_order(world.order(), actor=officer)
    services.respond_to_offer(accepted, accept=True, actor=holder)
    quoting = world.order(
        method=AllocationMethod.QUOTE, quote_deadline=timezone.now() + datetime.timedelta(hours=2)
    )
    Quote.objects.create(
        order=quoting,
        enterprise=enterprise,
        amount=Decimal("500000"),
        note=f"Appeler {NAME}",
        submitted_at=timezone.now(),
    )
    contract = Contract.objects.create(
        reference="MC-DZ-2026-000001",
        order=accepted.order,
        allocation=accepted,
        enterprise=enterprise,
        amount=accepted.amount,
        currency="DZD",
        signed_on=today,
        ends_on=today + datetime.timedelta(days=60),
    )
    milestone = Milestone.objects.create(
        contract=contract, label="Tranchée", quantity=Decimal("600"), amount=Decimal("400000"), due_on=today
    )
    report = ExecutionReport.objects.create(
        milestone=milestone, quantity=Decimal("600"), done_on=today, note=f"Équipe de {NAME}"
    )
    ReportPhoto.objects.create(
        report=report, image="market/reports/1/site.jpg", width=800, height=600, size=1000, sha256="0" * 64
    )
    MilestoneReview.objects.create(
        milestone=milestone,
        decision=ReviewDecision.REJECTED,
        remarks=f"Voir avec {NAME}",
        decided_on=today,
    )
    invoice = Invoice.objects.create(
        number="FA-DZ-2026-000001",
        milestone=milestone,
        amount=Decimal("400000"),
        currency="DZD",
        issued_on=today,
        due_on=today + datetime.timedelta(days=30),
    )
    SponsorPayment.objects.create(invoice=invoice, amount=Decimal("100000"), paid_on=today, client_key="k-1")
    ContractRating.objects.create(
        contract=contract,
        on_time_rate=Decimal("1"),
        first_time_rate=Decimal("0"),
        rejections=1,
        score=70,
        rated_on=today,
        contest_comment=f"{NAME} conteste le retard",
    )
    return person, enterprise


def test_the_export_holds_every_market_record(holder_world):
    person, _enterprise = holder_world
    sections = {s["key"]: s for s in privacy.export(person)["sections"]}
    assert set(sections) >= MARKET
    (quote,) = sections["market.quote"]["records"]
    assert (quote["amount"], quote["note"]) == ("500000.00", f"Appeler {NAME}")
    reasons = {r["decline_reason"] for r in sections["market.allocation"]["records"]}
    assert f"{NAME} est en congé" in reasons
    assert sections["market.contractrating"]["records"][0]["contest_comment"].startswith(NAME)
    assert sections["market.reportphoto"]["records"][0]["image"] == "site.jpg"
    assert sections["market.quote"]["labels"]["amount"] == "prix"


def test_another_persons_export_holds_no_market_record(holder_world):
    keys = {s["key"] for s in privacy.export(PersonFactory(national_id=""))["sections"]}
    assert not {k for k in keys if k.startswith("market.")}


def test_the_erasure_scrubs_texts_deletes_photos_and_keeps_the_records(holder_world):
    person, enterprise = holder_world
    with transaction.atomic():
        result = privacy.erase(person)

    assert not ReportPhoto.objects.exists()
    for text in (
        Quote.objects.get().note,
        ExecutionReport.objects.get().note,
        MilestoneReview.objects.get().remarks,
        ContractRating.objects.get().contest_comment,
        *Allocation.objects.values_list("decline_reason", flat=True),
    ):
        assert "Karima" not in text and "Benali" not in text
    assert Allocation.objects.filter(enterprise=enterprise).count() == 2
    assert Contract.objects.get().amount == Decimal("850000.00")
    assert Invoice.objects.exists() and SponsorPayment.objects.exists()

    kept = {k["model"]: k for k in result["kept"]}
    done = {d["model"]: d["action"] for d in result["done"]}
    assert done["market.reportphoto"] == privacy.DELETE
    assert done["market.allocation"] == privacy.ANONYMISE
    assert {"market.contract", "market.invoice", "market.sponsorpayment", "market.allocation"} <= set(kept)
    assert all(kept[m]["reason"] for m in kept if m.startswith("market."))


def test_every_market_model_about_a_person_is_declared():
    declared = {d.model_class._meta.label_lower for d in privacy.declarations()}
    assert declared >= MARKET
    assert all(str(d.reason) for d in privacy.declarations() if d.erase == privacy.KEEP)
