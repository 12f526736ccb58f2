"""The sponsor officer's home (issue 16): orders waiting, execution reports to accept,
invoices to pay (late per `queries.late_invoices`), studies to sign off — exact counts,
oldest first, never another sponsor's, a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.dossiers.enums import DossierState, StudyResult
from rowad.dossiers.models import Study
from rowad.market import queues, services
from rowad.market.enums import OrderStatus
from rowad.market.models import Invoice
from tests.committees.factories import DossierFactory
from tests.market.factories import MarketWorld, WorkOrderFactory
from tests.market.work_factories import awarded, contract_of, reported, today
from tests.shell.partner_queue_helpers import labels, run

pytestmark = pytest.mark.django_db

SPONSOR = queues.SPONSOR


def test_orders_waiting_unfilled_and_quotes_to_open_oldest_first(django_assert_max_num_queries):
    world = MarketWorld.build()
    now = timezone.now()
    quoting = world.order(
        title="Quotes closed", status=OrderStatus.QUOTING, quote_deadline=now - datetime.timedelta(days=3)
    )
    unfilled = world.order(title="Nobody fits", status=OrderStatus.UNFILLED)
    world.order(
        title="Quotes still sealed",
        status=OrderStatus.QUOTING,
        quote_deadline=now + datetime.timedelta(days=2),
    )
    world.order(title="Just posted", status=OrderStatus.OPEN)
    world.order(title="Under way", status=OrderStatus.CONTRACTED)
    WorkOrderFactory(title="Another sponsor's", status=OrderStatus.UNFILLED)
    sponsor = world.sponsor_officer()
    with django_assert_max_num_queries(6):
        queue = run(queues.orders_waiting, sponsor, SPONSOR)
    assert queue.count == 2
    assert [label.split(" · ")[1] for label in labels(queue)] == ["Quotes closed", "Nobody fits"]
    assert queue.items[1].url == f"/market/orders/{unfilled.pk}/"
    assert quoting.reference in labels(queue)[0]


def test_milestones_to_review_and_invoices_to_pay_with_the_late_ones(django_assert_max_num_queries):
    world = MarketWorld.build()
    reviewing = awarded(world)
    milestone = reported(reviewing, contract_of(reviewing))
    paying = awarded(world)
    accepted = reported(paying, contract_of(paying))
    services.review_milestone(accepted, accept=True, decided_on=today(), actor=paying.sponsor)
    invoice = Invoice.objects.get(milestone=accepted)
    Invoice.objects.filter(pk=invoice.pk).update(due_on=today() - datetime.timedelta(days=5))
    sponsor = world.sponsor_officer("reader")
    # Another sponsor's reported milestone is not this sponsor's to review.
    other = awarded(MarketWorld.build())
    reported(other, contract_of(other))

    with django_assert_max_num_queries(6):
        review = run(queues.milestones_to_review, sponsor, SPONSOR)
    assert review.count == 1
    assert review.items[0].url == f"/market/contracts/{milestone.contract_id}/#milestone-{milestone.pk}"

    with django_assert_max_num_queries(4):
        pay = run(queues.invoices_to_pay, sponsor, SPONSOR)
    assert pay.count == 1 and pay.extra == {"late": 1}
    assert pay.items[0].late and pay.items[0].url.endswith(f"#invoice-{invoice.pk}")


def test_studies_waiting_for_the_sponsor_sign_off():
    world = MarketWorld.build()
    world.programme.requires_sponsor_signoff = True
    world.programme.save()
    waiting = DossierFactory(
        programme=world.programme, province=world.province, state=DossierState.UNDER_STUDY
    )
    Study.objects.create(dossier=waiting, result=StudyResult.FAVOURABLE, completed_at=timezone.now())
    unfinished = DossierFactory(
        programme=world.programme, province=world.province, state=DossierState.UNDER_STUDY
    )
    Study.objects.create(dossier=unfinished, result=StudyResult.PENDING)
    elsewhere = DossierFactory(state=DossierState.UNDER_STUDY)  # another programme, not sponsored
    Study.objects.create(dossier=elsewhere, result=StudyResult.FAVOURABLE, completed_at=timezone.now())
    queue = run(queues.studies_to_sign_off, world.sponsor_officer(), SPONSOR)
    assert queue.count == 1
    assert queue.items[0].url == f"/dossiers/{waiting.pk}/study/signoff/"


def test_the_sponsor_home_page_shows_its_queues(client):
    world = MarketWorld.build()
    world.order(title="Nobody fits", status=OrderStatus.UNFILLED)
    client.force_login(world.sponsor_officer())
    body = client.get("/").content.decode()
    for key in ("market.orders_waiting", "market.milestones_to_review", "market.invoices_to_pay"):
        assert f'data-queue="{key}"' in body
    assert "Nobody fits" in body
