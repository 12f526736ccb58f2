"""Permission matrix of the enterprise's market pages (portal) and its phone API: offers,
quotes, contracts, reports, photos, means and the rating's comment. The matrix's project
holder (given a person here, or by another builder) manages an Oran enterprise of a market
world; a rival Oran enterprise's offer, quote, contract, photo and rating are never
reached (404), and staff are refused every page (403)."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.market.enums import AllocationMethod, OrderStatus
from rowad.market.models import Allocation, ContractRating, EnterpriseMeans, ExecutionReport, Quote
from rowad.people.models import Person
from tests.factories import PersonFactory
from tests.market.factories import MarketWorld
from tests.market.portal_helpers import contract_of, make_manager, offer_to, rating_of, report_with_photo
from tests.matrix.base import Expect

R = Role
HOLDERS = frozenset({R.PROJECT_HOLDER})
RIVAL = "Zzmkportalrival"


def build(world) -> None:
    holder = world.users[R.PROJECT_HOLDER]
    person = Person.objects.filter(user=holder).first() or PersonFactory(
        user=holder, given_name_latin="Portalholder", phone="+213661999001", national_id=""
    )
    market = MarketWorld.build()
    mine = make_manager(market, person)
    EnterpriseMeans.objects.create(
        enterprise=mine, workers=3, max_concurrent_orders=20, declared_on=timezone.localdate()
    )
    rival = market.enterprise(name_latin=f"{RIVAL} SARL")
    quote_order = market.order(
        method=AllocationMethod.QUOTE,
        status=OrderStatus.QUOTING,
        quote_deadline=timezone.now() + datetime.timedelta(days=3),
        title="Mkportal devis",
    )
    Quote.objects.create(
        order=quote_order, enterprise=rival, amount=612345, note=RIVAL, submitted_at=timezone.now()
    )
    foreign_order = MarketWorld.build().order(
        method=AllocationMethod.QUOTE,
        status=OrderStatus.QUOTING,
        quote_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    contract = contract_of(market, mine, title="Mkportal marché")
    foreign_contract = contract_of(market, rival, title=f"{RIVAL} marché")
    milestone, second = contract.milestones.all()
    foreign_photo = report_with_photo(foreign_contract.milestones.first())
    foreign_photo.report.note = RIVAL
    foreign_photo.report.save(update_fields=["note"])
    world.objects.update(
        mk_portal_enterprise=mine,
        mk_portal_rival=rival,
        mk_portal_offer=offer_to(market, mine, title="Mkportal offre"),
        mk_portal_foreign_offer=offer_to(market, rival, title=f"{RIVAL} offre"),
        mk_portal_quote_order=quote_order,
        mk_portal_foreign_quote_order=foreign_order,
        mk_portal_contract=contract,
        mk_portal_foreign_contract=foreign_contract,
        mk_portal_milestone=milestone,
        mk_portal_foreign_milestone=foreign_contract.milestones.first(),
        mk_portal_photo=report_with_photo(second),
        mk_portal_foreign_photo=foreign_photo,
        mk_portal_rating=rating_of(contract),
        mk_portal_foreign_rating=rating_of(foreign_contract),
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _offer_status(w):
    return Allocation.objects.get(pk=w.objects["mk_portal_offer"].pk).status


def _quote(w):
    row = Quote.objects.filter(
        order=w.objects["mk_portal_quote_order"], enterprise=w.objects["mk_portal_enterprise"]
    ).first()
    return row.amount if row else None


def _means(w):
    return EnterpriseMeans.objects.get(enterprise=w.objects["mk_portal_enterprise"]).workers


def _reports(w):
    return ExecutionReport.objects.filter(milestone=w.objects["mk_portal_milestone"]).count()


def _comment(w):
    return ContractRating.objects.get(pk=w.objects["mk_portal_rating"].pk).contest_comment


def _page(name, foreign, **more) -> Expect:
    return Expect(allowed=HOLDERS, kwargs=_pk(name), out_of_scope_kwargs=_pk(foreign), **more)


def _report_body(w) -> dict:
    return {
        "quantity": "10",
        "done_on": timezone.localdate().isoformat(),
        "note": "Tranchée",
        "client_uuid": str(uuid.uuid4()),
    }


POSTED = {"body_roles": HOLDERS}

EXPECTATIONS = {
    "portal:market_home": Expect(allowed=HOLDERS, hidden_text=lambda w: RIVAL),
    "portal:market_offer": _page(
        "mk_portal_offer",
        "mk_portal_foreign_offer",
        body=lambda w: {"answer": "accept"},
        state=_offer_status,
        **POSTED,
    ),
    "portal:market_quote": _page(
        "mk_portal_quote_order",
        "mk_portal_foreign_quote_order",
        hidden_text=lambda w: "612345",
        body=lambda w: {"amount": "650000", "note": "Mkportal"},
        state=_quote,
        **POSTED,
    ),
    "portal:market_means": _page(
        "mk_portal_enterprise",
        "mk_portal_rival",
        body=lambda w: {"workers": "7", "max_concurrent_orders": "20"},
        state=_means,
        **POSTED,
    ),
    "portal:market_contract": _page(
        "mk_portal_contract", "mk_portal_foreign_contract", hidden_text=lambda w: RIVAL
    ),
    "portal:market_report": _page(
        "mk_portal_milestone", "mk_portal_foreign_milestone", body=_report_body, state=_reports, **POSTED
    ),
    "portal:market_photo": _page("mk_portal_photo", "mk_portal_foreign_photo"),
    "portal:market_contest": _page(
        "mk_portal_rating",
        "mk_portal_foreign_rating",
        body=lambda w: {"comment": "Le retard vient des autorisations de voirie."},
        state=_comment,
        **POSTED,
    ),
    "market-my-offers-list": Expect(allowed=HOLDERS, hidden_text=lambda w: RIVAL),
    "market-my-offers-detail": _page("mk_portal_offer", "mk_portal_foreign_offer"),
    # Walked without a body (400 for the allowed); the valid body accepts the offer.
    "market-my-offers-respond": _page(
        "mk_portal_offer",
        "mk_portal_foreign_offer",
        method="post",
        ok_status=frozenset({200, 400}),
        body=lambda w: {"accept": "true"},
        state=_offer_status,
        **POSTED,
    ),
    "market-my-quotes-list": Expect(allowed=HOLDERS, hidden_text=lambda w: RIVAL),
    "market-my-reports-list": Expect(allowed=HOLDERS, hidden_text=lambda w: RIVAL),
    "market-my-means-detail": _page("mk_portal_enterprise", "mk_portal_rival"),
}
