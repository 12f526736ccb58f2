"""Permission matrix of the work part of the market: the contract pages (draw, list,
detail), the sponsor's review and payment forms, a report's photo, and the work API
(contracts, milestones with their review, reports, invoices with their payments).

The Oran orders are sponsored by the Oran agency, of which the matrix's sponsor officer is
a member: that officer reviews and pays; the agency officer draws contracts and reads; the
director reads. Out of scope: the same things on an order in Al Hoceima."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.market.enums import InvoiceStatus, MilestoneStatus, OfferStatus, OrderStatus
from rowad.market.models import Allocation, Contract, ExecutionReport, Invoice, Milestone
from rowad.market.photos import prepare_photo, store_photos
from tests.enterprises.factories import EnterpriseFactory
from tests.market.factories import WorkOrderFactory
from tests.market.work_factories import image_file
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.SPONSOR_OFFICER, R.AGENCY_OFFICER, R.DIRECTOR})
MANAGERS = frozenset({R.SPONSOR_OFFICER, R.AGENCY_OFFICER})
SPONSOR = frozenset({R.SPONSOR_OFFICER})
FOREIGN = "CT-MA-ZZWORKFOREIGN"


def _awarded(sponsor, place, currency, tag):
    today = timezone.localdate()
    order = WorkOrderFactory(
        sponsor=sponsor,
        province=place,
        currency=currency,
        status=OrderStatus.AWARDED,
        reference=f"WO-{tag}",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
    )
    allocation = Allocation.objects.create(
        order=order,
        enterprise=EnterpriseFactory(),
        method=order.method,
        amount=order.estimated_amount,
        status=OfferStatus.ACCEPTED,
        offered_at=timezone.now() - datetime.timedelta(days=20),
        responded_at=timezone.now() - datetime.timedelta(days=19),
        answer_by=today,
    )
    return order, allocation


def _contract(sponsor, place, currency, tag, reference):
    today = timezone.localdate()
    order, allocation = _awarded(sponsor, place, currency, tag)
    order.status = OrderStatus.CONTRACTED
    order.save(update_fields=["status"])
    contract = Contract.objects.create(
        reference=reference,
        order=order,
        allocation=allocation,
        enterprise=allocation.enterprise,
        amount=allocation.amount,
        currency=currency,
        signed_on=today - datetime.timedelta(days=15),
        ends_on=order.ends_on,
    )
    half = (allocation.amount / 2).quantize(Decimal("0.01"))
    reported = Milestone.objects.create(
        contract=contract,
        position=1,
        label="Lot 1",
        quantity=Decimal("600"),
        amount=half,
        due_on=order.ends_on,
        status=MilestoneStatus.REPORTED,
        reported_quantity=Decimal("600"),
    )
    accepted = Milestone.objects.create(
        contract=contract,
        position=2,
        label="Lot 2",
        quantity=Decimal("600"),
        amount=allocation.amount - half,
        due_on=order.ends_on,
        status=MilestoneStatus.ACCEPTED,
        reported_quantity=Decimal("600"),
        accepted_on=today - datetime.timedelta(days=5),
    )
    report = ExecutionReport.objects.create(
        milestone=reported, quantity=Decimal("600"), done_on=today - datetime.timedelta(days=10), note=tag
    )
    photo = store_photos(report, [prepare_photo(image_file())])[0]
    invoice = Invoice.objects.create(
        number=f"INV-{tag}",
        milestone=accepted,
        amount=accepted.amount,
        currency=currency,
        issued_on=accepted.accepted_on,
        due_on=accepted.accepted_on + datetime.timedelta(days=30),
        status=InvoiceStatus.ISSUED,
    )
    return contract, reported, report, photo, invoice


def build(world) -> None:
    order, _allocation = _awarded(world.oran_agency, world.oran, "DZD", "DZ-WORK-AWARDED")
    contract, milestone, report, photo, invoice = _contract(
        world.oran_agency, world.oran, "DZD", "DZ-WORK-1", "CT-DZ-ZZWORK"
    )
    foreign_order, _ = _awarded(world.hoceima_agency, world.hoceima, "MAD", "MA-WORK-AWARDED")
    f_contract, f_milestone, f_report, f_photo, f_invoice = _contract(
        world.hoceima_agency, world.hoceima, "MAD", "MA-WORK-1", FOREIGN
    )
    world.objects.update(
        mk_work_order=order,
        mk_work_contract=contract,
        mk_work_milestone=milestone,
        mk_work_report=report,
        mk_work_photo=photo,
        mk_work_invoice=invoice,
        mk_work_foreign_order=foreign_order,
        mk_work_foreign_contract=f_contract,
        mk_work_foreign_milestone=f_milestone,
        mk_work_foreign_report=f_report,
        mk_work_foreign_photo=f_photo,
        mk_work_foreign_invoice=f_invoice,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _today() -> str:
    return timezone.localdate().isoformat()


def _contracts_of_order(w):
    return Contract.objects.filter(order=w.objects["mk_work_order"]).count()


def _milestone_state(w):
    milestone = Milestone.objects.get(pk=w.objects["mk_work_milestone"].pk)
    return milestone.status, milestone.version, milestone.reviews.count()


def _paid(w):
    invoice = Invoice.objects.get(pk=w.objects["mk_work_invoice"].pk)
    return invoice.paid_amount, invoice.payments.count()


def _contract_body(w):
    order = w.objects["mk_work_order"]
    return {
        "signed_on": _today(),
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "1",
        "milestones-MAX_NUM_FORMS": "20",
        "milestones-0-label": "Tout",
        "milestones-0-quantity": str(order.quantity),
        "milestones-0-amount": str(order.estimated_amount),
        "milestones-0-due_on": order.ends_on.isoformat(),
    }


def _review_body(w):
    prefix = f"review-{w.objects['mk_work_milestone'].pk}"
    return {f"{prefix}-decision": "accept", f"{prefix}-decided_on": _today()}


def _payment_body(w):
    prefix = f"payment-{w.objects['mk_work_invoice'].pk}"
    return {
        f"{prefix}-amount": "1000.00",
        f"{prefix}-paid_on": _today(),
        f"{prefix}-client_key": uuid.uuid4().hex,
    }


def _read(kwargs=None, out=None, hidden: str = FOREIGN) -> Expect:
    if kwargs is None:
        return Expect(allowed=READERS, hidden_text=lambda w: hidden)
    return Expect(allowed=READERS, kwargs=_pk(kwargs), out_of_scope_kwargs=_pk(out))


def _post(kwargs, out, *, body, state, ok) -> Expect:
    return Expect(
        allowed=SPONSOR,
        kwargs=_pk(kwargs),
        out_of_scope_kwargs=_pk(out),
        method="post",
        ok_status=frozenset({ok}),
        body=body,
        state=state,
        body_roles=SPONSOR,
    )


EXPECTATIONS = {
    "market:contract_list": _read(),
    "market:contract_detail": _read("mk_work_contract", "mk_work_foreign_contract"),
    "market:report_photo": _read("mk_work_photo", "mk_work_foreign_photo"),
    "market:contract_create": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_work_order"),
        out_of_scope_kwargs=_pk("mk_work_foreign_order"),
        body=_contract_body,
        state=_contracts_of_order,
        body_roles=MANAGERS,
    ),
    "market:milestone_review": _post(
        "mk_work_milestone", "mk_work_foreign_milestone", body=_review_body, state=_milestone_state, ok=200
    ),
    "market:invoice_payment": _post(
        "mk_work_invoice", "mk_work_foreign_invoice", body=_payment_body, state=_paid, ok=200
    ),
    "market-contract-list": _read(),
    "market-contract-detail": _read("mk_work_contract", "mk_work_foreign_contract"),
    "market-milestone-list": _read(),
    "market-milestone-detail": _read("mk_work_milestone", "mk_work_foreign_milestone"),
    "market-report-list": _read(hidden="MA-WORK-1"),
    "market-report-detail": _read("mk_work_report", "mk_work_foreign_report"),
    "market-invoice-list": _read(hidden="INV-MA-WORK-1"),
    "market-invoice-detail": _read("mk_work_invoice", "mk_work_foreign_invoice"),
    "market-milestone-review": _post(
        "mk_work_milestone",
        "mk_work_foreign_milestone",
        body=lambda w: {"accept": "true", "decided_on": _today()},
        state=_milestone_state,
        ok=400,
    ),
    "market-invoice-payments": _post(
        "mk_work_invoice",
        "mk_work_foreign_invoice",
        body=lambda w: {"amount": "1000.00", "paid_on": _today(), "client_key": uuid.uuid4().hex},
        state=_paid,
        ok=400,
    ),
}
