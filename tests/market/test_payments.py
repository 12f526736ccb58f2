"""The sponsor's payments: never above what remains, once per client_key, late flagged."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from rowad.market import queries, services
from rowad.market.enums import ErrorCode, InvoiceStatus
from rowad.market.errors import MarketError
from rowad.market.models import Invoice, SponsorPayment
from tests.market.work_factories import awarded, contract_of, reported, today

pytestmark = pytest.mark.django_db


def _invoice():
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract)
    services.review_milestone(milestone, accept=True, decided_on=today(), actor=case.sponsor)
    return case, Invoice.objects.get(milestone=milestone)


def test_partial_then_full_payment():
    case, invoice = _invoice()
    half = (invoice.amount / 2).quantize(Decimal("0.01"))
    services.record_sponsor_payment(
        invoice, amount=half, paid_on=today(), client_key="k1", actor=case.sponsor
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PARTLY_PAID and invoice.paid_on is None and invoice.version == 2
    services.record_sponsor_payment(
        invoice,
        amount=invoice.amount - half,
        paid_on=today(),
        reference="VIR-9",
        client_key="k2",
        actor=case.sponsor,
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.paid_on == today()
    assert invoice.paid_amount == invoice.amount


def test_a_payment_above_the_accepted_amount_is_refused():
    case, invoice = _invoice()
    with pytest.raises(MarketError) as caught:
        services.record_sponsor_payment(
            invoice,
            amount=invoice.amount + Decimal("0.01"),
            paid_on=today(),
            client_key="k",
            actor=case.sponsor,
        )
    assert caught.value.code == ErrorCode.OVERPAYMENT
    services.record_sponsor_payment(
        invoice, amount=invoice.amount, paid_on=today(), client_key="a", actor=case.sponsor
    )
    with pytest.raises(MarketError) as caught:
        services.record_sponsor_payment(
            invoice, amount="1", paid_on=today(), client_key="b", actor=case.sponsor
        )
    assert caught.value.code == ErrorCode.OVERPAYMENT


def test_a_payment_recorded_twice_is_recorded_once():
    case, invoice = _invoice()
    one = services.record_sponsor_payment(
        invoice, amount="1000", paid_on=today(), client_key="same", actor=case.sponsor
    )
    two = services.record_sponsor_payment(
        invoice, amount="1000", paid_on=today(), client_key="same", actor=case.sponsor
    )
    assert one.pk == two.pk and two.replayed and not one.replayed
    assert SponsorPayment.objects.count() == 1
    invoice.refresh_from_db()
    assert invoice.paid_amount == Decimal("1000")


def test_bad_payments_are_refused():
    case, invoice = _invoice()
    for kwargs, code in [
        ({"amount": "0"}, ErrorCode.INVALID),
        ({"amount": "-5"}, ErrorCode.INVALID),
        ({"paid_on": today() + datetime.timedelta(days=1)}, ErrorCode.FUTURE_DATE),
        ({"paid_on": today() - datetime.timedelta(days=1)}, ErrorCode.INVALID),
        ({"client_key": ""}, ErrorCode.INVALID),
    ]:
        values = {"amount": "100", "paid_on": today(), "client_key": "x", **kwargs}
        with pytest.raises(MarketError) as caught:
            services.record_sponsor_payment(invoice, actor=case.sponsor, **values)
        assert caught.value.code == code
    for actor in (case.officer, case.holder):
        with pytest.raises(MarketError) as caught:
            services.record_sponsor_payment(invoice, amount="1", paid_on=today(), client_key="y", actor=actor)
        assert caught.value.status_code == 403
    assert not SponsorPayment.objects.exists()


def test_an_invoice_unpaid_after_its_due_date_is_late():
    case, invoice = _invoice()
    invoices = Invoice.objects.all()
    assert not queries.late_invoices(invoices, as_of=invoice.due_on).exists()
    assert queries.late_invoices(invoices, as_of=invoice.due_on + datetime.timedelta(days=1)).exists()
    services.record_sponsor_payment(
        invoice, amount=invoice.amount, paid_on=today(), client_key="z", actor=case.sponsor
    )
    assert not queries.late_invoices(invoices, as_of=invoice.due_on + datetime.timedelta(days=1)).exists()
