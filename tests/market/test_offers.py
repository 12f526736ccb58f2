"""Offers: an offer not answered in time expires and passes on, an override withdraws a
waiting offer (never an accepted one), only the enterprise's manager answers and only
once, and the owners are written to only with their consent."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.core.errors import DomainError
from rowad.core.models import AuditEntry
from rowad.enterprises.enums import MemberRole
from rowad.market import services
from rowad.market.enums import AllocationBasis, ErrorCode, OfferStatus, OrderStatus
from rowad.market.models import ProgrammeMarketRules
from rowad.market.notifications import notify_owners
from rowad.messaging.models import Message
from rowad.people.services import record_consent
from tests.enterprises.factories import MemberFactory
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.market.factories import MarketWorld, holder_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REASON = "Urgence sur le réseau de Bir El Djir"


@pytest.fixture
def world():
    return MarketWorld.build()


def code_of(call) -> str:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.code


def test_an_unanswered_offer_expires_and_passes_on(world):
    ProgrammeMarketRules.objects.create(programme=world.programme, offer_days=3)
    first, second = world.enterprise(), world.enterprise()
    order = world.order()
    offer = services.allocate_order(order, actor=world.sponsor_officer())
    assert offer.answer_by == timezone.localdate() + 3 * DAY

    assert services.expire_offers(as_of=offer.answer_by) == 0  # still the last day
    assert services.expire_offers(as_of=offer.answer_by + DAY) == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED and offer.responded_at is not None
    following = order.allocations.get(status=OfferStatus.OFFERED)
    assert following.enterprise_id == ({first.pk, second.pk} - {offer.enterprise_id}).pop()
    assert following.round == 2
    assert AuditEntry.objects.filter(action="market.offer.expired").count() == 1
    # Run again the same day: the new offer has its own days to answer.
    assert following.answer_by == timezone.localdate() + 3 * DAY
    assert services.expire_offers(as_of=following.answer_by) == 0


def test_the_last_expiry_leaves_the_order_unfilled(world):
    world.enterprise()
    order = world.order()
    offer = services.allocate_order(order, actor=world.sponsor_officer())
    services.expire_offers(as_of=offer.answer_by + DAY)
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFILLED


def test_an_override_withdraws_the_waiting_offer(world):
    a, b = world.enterprise(), world.enterprise()
    officer = world.agency_officer()
    order = world.order()
    offer = services.allocate_order(order, actor=officer)
    chosen = b if offer.enterprise_id == a.pk else a
    order.refresh_from_db()
    replaced = services.override_allocation(
        order, chosen, reason=REASON, actor=officer, expected_version=order.version
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    assert (replaced.enterprise_id, replaced.basis, replaced.status) == (
        chosen.pk,
        AllocationBasis.OVERRIDE,
        OfferStatus.OFFERED,
    )
    assert replaced.reason == {"code": "override", "params": {"withdrawn": offer.enterprise_id}}
    entry = AuditEntry.objects.filter(action="market.order.offered").latest("pk")
    assert entry.details["override_reason"] == REASON
    # The withdrawn offer can no longer be answered.
    assert code_of(
        lambda: services.respond_to_offer(offer, accept=True, actor=holder_of(offer.enterprise))
    ) == (ErrorCode.WRONG_STATE)


def test_an_override_with_a_stale_version_is_refused(world):
    enterprise = world.enterprise()
    officer = world.agency_officer()
    order = world.order()
    stale = order.version
    services.allocate_order(order, actor=officer)
    assert code_of(
        lambda: services.override_allocation(
            order, enterprise, reason=REASON, actor=officer, expected_version=stale
        )
    ) == (ErrorCode.STALE_EDIT)


def test_an_override_is_refused_after_acceptance(world):
    a, b = world.enterprise(), world.enterprise()
    officer = world.agency_officer()
    order = world.order()
    offer = services.allocate_order(order, actor=officer)
    services.respond_to_offer(offer, accept=True, actor=holder_of(offer.enterprise))
    other = b if offer.enterprise_id == a.pk else a
    assert code_of(lambda: services.override_allocation(order, other, reason=REASON, actor=officer)) == (
        ErrorCode.ALREADY_AWARDED
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.AWARDED


def test_an_override_by_someone_out_of_scope_is_refused(world):
    enterprise = world.enterprise()
    order = world.order()
    stranger = MarketWorld.build(province_code="16").agency_officer("stranger")
    assert code_of(
        lambda: services.override_allocation(order, enterprise, reason=REASON, actor=stranger)
    ) == (ErrorCode.NOT_ALLOWED)


def test_an_owner_who_is_not_the_manager_cannot_answer(world):
    enterprise = world.enterprise()
    offer = services.allocate_order(world.order(), actor=world.sponsor_officer())
    associate = MemberFactory(enterprise=enterprise, person=PersonFactory(), role=MemberRole.ASSOCIATE)
    user = UserFactory(username="associate")
    MembershipFactory(user=user, organization=enterprise.organization, role="project_holder")
    associate.person.user = user
    associate.person.save(update_fields=["user"])
    assert code_of(lambda: services.respond_to_offer(offer, accept=True, actor=user)) == ErrorCode.NOT_ALLOWED
    # Nor an officer, nor nobody.
    assert code_of(lambda: services.respond_to_offer(offer, accept=True, actor=world.agency_officer())) == (
        ErrorCode.NOT_ALLOWED
    )
    assert code_of(lambda: services.respond_to_offer(offer, accept=True, actor=None)) == ErrorCode.NOT_ALLOWED
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED


def test_a_manager_who_left_cannot_answer(world):
    enterprise = world.enterprise()
    holder = holder_of(enterprise)
    offer = services.allocate_order(world.order(), actor=world.sponsor_officer())
    enterprise.members.update(left_on=timezone.localdate())
    assert (
        code_of(lambda: services.respond_to_offer(offer, accept=True, actor=holder)) == ErrorCode.NOT_ALLOWED
    )


@pytest.mark.parametrize("first", [True, False])
def test_an_offer_is_answered_once(world, first):
    enterprise = world.enterprise()
    holder = holder_of(enterprise)
    offer = services.allocate_order(world.order(), actor=world.sponsor_officer())
    services.respond_to_offer(offer, accept=first, reason="Équipe prise", actor=holder)
    for again in (True, False):
        assert code_of(lambda again=again: services.respond_to_offer(offer, accept=again, actor=holder)) == (
            ErrorCode.WRONG_STATE
        )
    offer.refresh_from_db()
    assert offer.status == (OfferStatus.ACCEPTED if first else OfferStatus.DECLINED)
    assert offer.responded_by == holder


def test_a_decline_keeps_its_reason(world):
    enterprise = world.enterprise()
    offer = services.allocate_order(world.order(), actor=world.sponsor_officer())
    services.respond_to_offer(offer, accept=False, reason="  " + "x" * 400, actor=holder_of(enterprise))
    offer.refresh_from_db()
    assert offer.decline_reason == "x" * 300
    assert AuditEntry.objects.get(action="market.offer.declined").details["reason"] == "x" * 300


# --- the owners are written to with their consent only -------------------------------------


def owner(enterprise, *, consent, phone, role=MemberRole.ASSOCIATE):
    person = PersonFactory(national_id="", phone=phone, email="", preferred_language="fr")
    if consent is not None:
        record_consent(person, purpose="contact", actor=None, given=consent)
    MemberFactory(enterprise=enterprise, person=person, role=role)
    return person


def test_notify_owners_writes_only_to_owners_with_consent(world, django_capture_on_commit_callbacks):
    enterprise = world.enterprise()
    agreed = owner(enterprise, consent=True, phone="+213661000301")
    refused = owner(enterprise, consent=False, phone="+213661000302")
    never_asked = owner(enterprise, consent=None, phone="+213661000303")
    gone = owner(enterprise, consent=True, phone="+213661000304")
    enterprise.members.filter(person=gone).update(left_on=timezone.localdate())

    def compose(person):
        return "Sujet", f"Bonjour {person.pk}"

    with django_capture_on_commit_callbacks():
        sent = notify_owners(enterprise, kind="market.test", compose=compose, idempotency_key="k1")
        again = notify_owners(enterprise, kind="market.test", compose=compose, idempotency_key="k1")
    assert (sent, again) == (1, 1)  # the manager of the factory was never asked either
    assert list(Message.objects.values_list("person_id", flat=True)) == [agreed.pk]
    assert not Message.objects.filter(person__in=[refused, never_asked, gone]).exists()


def test_an_offer_is_announced_to_the_consenting_owners(world, django_capture_on_commit_callbacks):
    enterprise = world.enterprise()
    agreed = owner(enterprise, consent=True, phone="+213661000311")
    owner(enterprise, consent=False, phone="+213661000312")
    with django_capture_on_commit_callbacks():
        offer = services.allocate_order(world.order(), actor=world.sponsor_officer())
    message = Message.objects.get()
    assert message.person_id == agreed.pk and message.kind == "market.offer"
    assert offer.order.reference in message.body
