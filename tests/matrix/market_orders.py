"""Permission matrix of the work orders (pages and API) and the suppliers: the sponsor
officer (its organization, the Oran agency in the matrix world, sponsors the programme)
and the agency officer (Oran) post, edit, allocate, override and cancel; the director
reads. The Al Hoceima order of another sponsor is out of every Oran user's reach."""

from __future__ import annotations

import datetime

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.market.models import Allocation, OrderDocument, WorkOrder
from rowad.partners.enums import OrganizationKind
from tests.factories import OrganizationFactory, ProgrammeFactory, SpecialtyFactory
from tests.market.factories import MarketWorld, WorkOrderFactory
from tests.matrix.base import Expect

R = Role
MANAGERS = frozenset({R.SPONSOR_OFFICER, R.AGENCY_OFFICER})
READERS = frozenset({*MANAGERS, R.DIRECTOR})
FOREIGN = "zzmkordersforeignzz"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build(world) -> None:
    from django.core.files.base import ContentFile

    programme = ProgrammeFactory(operator=world.oran_agency)
    programme.sponsors.add(world.oran_agency)
    specialty = SpecialtyFactory()
    programme.specialties.add(specialty)
    market = MarketWorld(
        programme=programme,
        specialty=specialty,
        course=None,
        sponsor=world.oran_agency,
        agency=world.oran_agency,
        province=world.oran,
    )
    from tests.training.factories import CourseFactory

    market.course = CourseFactory(programme=programme, specialty=specialty)
    enterprise = market.enterprise(name_latin="Matrix Fibre")
    order = market.order(title="Matrix order")
    # One order per action that changes it for good (each allowed POST uses its own).
    to_allocate = market.order(title="Matrix allocate")
    to_override = market.order(title="Matrix override")
    to_cancel = market.order(title="Matrix cancel")
    to_edit = market.order(title="Matrix edit")
    document = OrderDocument(order=order, name="cahier.pdf", content_type="application/pdf", size=len(PDF))
    document.file.save("cahier.pdf", ContentFile(PDF), save=False)
    document.save()
    Allocation.objects.create(
        order=order,
        enterprise=enterprise,
        method=order.method,
        amount=order.estimated_amount,
        offered_at=timezone.now(),
        answer_by=timezone.localdate() + datetime.timedelta(days=7),
        status="declined",
    )
    sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR, country="MA", provinces=[world.hoceima])
    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency)
    foreign_programme.sponsors.add(sponsor)
    foreign = WorkOrderFactory(
        sponsor=sponsor, programme=foreign_programme, province=world.hoceima, title=FOREIGN, currency="MAD"
    )
    from tests.enterprises.calendar_helpers import foreign_enterprise

    foreign_supplier = foreign_enterprise(world, name_latin=FOREIGN)
    foreign_allocation = Allocation.objects.create(
        order=foreign,
        enterprise=foreign_supplier,
        method=foreign.method,
        amount=foreign.estimated_amount,
        offered_at=timezone.now(),
        answer_by=timezone.localdate() + datetime.timedelta(days=7),
        status="declined",
    )
    foreign_document = OrderDocument(
        order=foreign, name="x.pdf", content_type="application/pdf", size=len(PDF)
    )
    foreign_document.file.save("x.pdf", ContentFile(PDF), save=False)
    foreign_document.save()
    world.objects.update(
        mk_orders_market=market,
        mk_orders_enterprise=enterprise,
        mk_orders_order=order,
        mk_orders_allocate=to_allocate,
        mk_orders_override=to_override,
        mk_orders_cancel=to_cancel,
        mk_orders_edit=to_edit,
        mk_orders_document=document,
        mk_orders_foreign=foreign,
        mk_orders_foreign_document=foreign_document,
        mk_orders_allocation=Allocation.objects.get(order=order),
        mk_orders_foreign_supplier=foreign_supplier,
        mk_orders_foreign_allocation=foreign_allocation,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _order_state(name):
    def state(w):
        order = WorkOrder.objects.get(pk=w.objects[name].pk)
        return (order.status, order.version, order.title, order.allocations.count())

    return state


def _create_body(w) -> dict:
    market = w.objects["mk_orders_market"]
    start = timezone.localdate() + datetime.timedelta(days=20)
    return {
        "sponsor": market.sponsor.pk,
        "programme": market.programme.pk,
        "title": "Matrix posted",
        "specialty": market.specialty.pk,
        "province": market.province.pk,
        "quantity": "10",
        "unit": "site",
        "estimated_amount": "1000",
        "starts_on": start.isoformat(),
        "ends_on": start.isoformat(),
        "min_workers": "1",
        "method": "rotation",
        "weight_performance": "50",
        "weight_distance": "20",
        "weight_capacity": "30",
        "payment_days": "30",
    }


def _edit_body(w) -> dict:
    body = _create_body(w)
    order = WorkOrder.objects.get(pk=w.objects["mk_orders_edit"].pk)
    for name in ("sponsor", "programme"):
        body.pop(name)
    body["title"] = f"Matrix edited {order.version}"
    body["version"] = str(order.version)
    return body


def _documents_count(w):
    return OrderDocument.objects.count()


def _document_body(w) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("matrix.pdf", PDF, content_type="application/pdf")}


def _override_body(w) -> dict:
    return {
        "enterprise": w.objects["mk_orders_enterprise"].pk,
        "reason": "The only team free on this site this week.",
    }


def _document_kwargs(name, document):
    return lambda w: {"pk": w.objects[name].pk, "document_pk": w.objects[document].pk}


ACTION = {"method": "post", "ok_status": frozenset({302}), "body_roles": MANAGERS}
API_ACTION = {"method": "post", "ok_status": frozenset({200, 400, 409}), "body_roles": MANAGERS}

EXPECTATIONS = {
    # --- Pages ---
    "market:order_list": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "market:order_create": Expect(allowed=MANAGERS),
    "market:order_detail": Expect(
        allowed=READERS, kwargs=_pk("mk_orders_order"), out_of_scope_kwargs=_pk("mk_orders_foreign")
    ),
    "market:order_edit": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_edit"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=_edit_body,
        state=_order_state("mk_orders_edit"),
        body_roles=MANAGERS,
    ),
    "market:order_allocate": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_allocate"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=lambda w: {},
        state=_order_state("mk_orders_allocate"),
        **ACTION,
    ),
    "market:order_override": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_override"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=_override_body,
        state=_order_state("mk_orders_override"),
        **ACTION,
    ),
    "market:order_cancel": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_cancel"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=lambda w: {"reason": "Budget withdrawn"},
        state=_order_state("mk_orders_cancel"),
        **ACTION,
    ),
    "market:order_document_add": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_order"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=_document_body,
        state=_documents_count,
        **ACTION,
    ),
    "market:order_document": Expect(
        allowed=READERS,
        kwargs=_document_kwargs("mk_orders_order", "mk_orders_document"),
        out_of_scope_kwargs=_document_kwargs("mk_orders_foreign", "mk_orders_foreign_document"),
    ),
    "market:supplier_list": Expect(allowed=READERS),
    "market:supplier_detail": Expect(
        allowed=READERS,
        kwargs=_pk("mk_orders_enterprise"),
        out_of_scope_kwargs=_pk("mk_orders_foreign_supplier"),
    ),
    # --- API ---
    "market-orders-list": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "market-orders-detail": Expect(
        allowed=READERS, kwargs=_pk("mk_orders_order"), out_of_scope_kwargs=_pk("mk_orders_foreign")
    ),
    "market-orders-allocate": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_allocate"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=lambda w: {},
        state=_order_state("mk_orders_allocate"),
        **API_ACTION,
    ),
    "market-orders-override": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_override"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=_override_body,
        state=_order_state("mk_orders_override"),
        **API_ACTION,
    ),
    "market-orders-cancel": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_cancel"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=lambda w: {"reason": "Budget withdrawn"},
        state=_order_state("mk_orders_cancel"),
        **API_ACTION,
    ),
    "market-orders-eligibility": Expect(
        allowed=READERS, kwargs=_pk("mk_orders_order"), out_of_scope_kwargs=_pk("mk_orders_foreign")
    ),
    "market-orders-quotes": Expect(
        allowed=READERS, kwargs=_pk("mk_orders_order"), out_of_scope_kwargs=_pk("mk_orders_foreign")
    ),
    "market-orders-documents": Expect(
        allowed=MANAGERS,
        kwargs=_pk("mk_orders_order"),
        out_of_scope_kwargs=_pk("mk_orders_foreign"),
        body=_document_body,
        state=_documents_count,
        **API_ACTION,
    ),
    "market-allocations-list": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "market-allocations-detail": Expect(
        allowed=READERS,
        kwargs=_pk("mk_orders_allocation"),
        out_of_scope_kwargs=_pk("mk_orders_foreign_allocation"),
    ),
}
