"""The funder officer's home (issue 16): lines waiting for their decision, granted lines
to disburse, repayments late (the portfolio's `late_schedules`) — exact counts, oldest
first, only their organization's lines in their provinces, a fixed number of queries; and
the home never shows an empty "matching no filter" list."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.financing import queues
from rowad.financing.enums import LineDecision
from tests.committees.factories import DossierFactory
from tests.financing.arrears_factories import monthly, repaid_line, schedule_with
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.financing.plan_helpers import bank, funder_officer
from tests.shell.partner_queue_helpers import labels, run

pytestmark = pytest.mark.django_db

D = Decimal
FUNDER = Role.FUNDER_OFFICER


def _days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def _plan(world, title: str, *, province=None, organization=None):
    dossier = DossierFactory(
        title=title,
        province=province or world.oran,
        organization=organization or world.oran_agency,
    )
    return PlanFactory(dossier=dossier)


@pytest.fixture
def book(world):
    the_bank = bank(world)
    officer = funder_officer(world, the_bank)
    submitted = dict(decision=LineDecision.SUBMITTED, funder=the_bank)
    PlanLineFactory(plan=_plan(world, "Recent request"), submitted_on=_days_ago(2), **submitted)
    PlanLineFactory(plan=_plan(world, "Old request"), submitted_on=_days_ago(20), **submitted)
    # Another funder's line, and this bank's line in Al Hoceima (outside the membership's
    # provinces): never this officer's.
    PlanLineFactory(
        plan=_plan(world, "Other funder"), submitted_on=_days_ago(30), decision=LineDecision.SUBMITTED
    )
    PlanLineFactory(
        plan=_plan(world, "Foreign request", province=world.hoceima, organization=world.hoceima_agency),
        submitted_on=_days_ago(40),
        **submitted,
    )
    granted = dict(funder=the_bank, decision=LineDecision.APPROVED, approved_amount=D("100000.00"))
    PlanLineFactory(
        plan=_plan(world, "Half paid"), decided_on=_days_ago(9), disbursed_amount=D("40000.00"), **granted
    )
    PlanLineFactory(
        plan=_plan(world, "All paid"), decided_on=_days_ago(60), disbursed_amount=D("100000.00"), **granted
    )
    late = repaid_line(_plan(world, "Late borrower"), funder=the_bank)
    schedule_with(late, monthly(_days_ago(100), 6, D("10000.00"), paid=1))
    on_time = repaid_line(_plan(world, "Good borrower"), funder=the_bank)
    schedule_with(on_time, monthly(_days_ago(-10), 6, D("10000.00")))
    return {"bank": the_bank, "officer": officer}


def test_lines_waiting_for_the_decision_oldest_first(world, book, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        queue = run(queues.decisions_waiting, book["officer"], FUNDER)
    assert queue.count == 2
    assert ["Old request" in labels(queue)[0], "Recent request" in labels(queue)[1]] == [True, True]
    assert queue.items[0].url.startswith("/financing/plans/")


def test_disbursements_to_carry_out(world, book, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        queue = run(queues.disbursements_waiting, book["officer"], FUNDER)
    assert queue.count == 1
    assert "Half paid" in labels(queue)[0]
    assert queue.items[0].url.endswith("/disbursements/")


def test_repayments_late_use_the_portfolio_definition(world, book, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        queue = run(queues.repayments_late, book["officer"], FUNDER)
    assert queue.count == 1
    assert "Late borrower" in labels(queue)[0] and queue.items[0].late


def test_the_funder_home_shows_queues_never_an_empty_filtered_list(client, world, book):
    client.force_login(book["officer"])
    response = client.get("/")
    body = response.content.decode()
    for key in (
        "financing.decisions_waiting",
        "financing.disbursements_waiting",
        "financing.repayments_late",
    ):
        assert f'data-queue="{key}"' in body
    assert "Foreign request" not in body and "Other funder" not in body
    assert "matching" not in body.lower()
