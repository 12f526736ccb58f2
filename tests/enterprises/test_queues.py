"""The mentor's home (issue 16): their caseload and its overdue visits — the app's one
alert rule (`enterprise_alerts`, NO_VISIT), exact counts, oldest first, never another
mentor's or another province's enterprise, a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.enterprises import queues
from rowad.enterprises.models import Enterprise
from tests.committees.factories import DossierFactory
from tests.enterprises.accompaniment_factories import accompanied, mentor, oran_enterprise
from tests.enterprises.factories import AssignmentFactory, VisitFactory
from tests.shell.partner_queue_helpers import labels, run

pytestmark = pytest.mark.django_db

MENTOR = Role.MENTOR


def _days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def _six_months(settings):
    settings.ROWAD_VISIT_ALERT_MONTHS = 6


def _visit(enterprise, mentor_user, days: int) -> None:
    # The visit service keeps `last_visit_on`; a factory visit sets it by hand.
    VisitFactory(enterprise=enterprise, mentor=mentor_user, visited_on=_days_ago(days))
    Enterprise.objects.filter(pk=enterprise.pk).update(last_visit_on=_days_ago(days))


@pytest.fixture
def caseload(world):
    me = world.users[MENTOR]
    oldest = accompanied(world, name="Oldest overdue", created_on=_days_ago(900))
    _visit(oldest, me, 400)
    newer = accompanied(world, name="Newer overdue", created_on=_days_ago(300))
    fine = accompanied(world, name="Visited lately", created_on=_days_ago(700))
    _visit(fine, me, 10)
    # A dossier approved, its enterprise not created yet: in the caseload, never overdue.
    waiting = DossierFactory(
        state=DossierState.APPROVED,
        province=world.oran,
        organization=world.oran_agency,
        title="Not yet created",
    )
    AssignmentFactory(dossier=waiting, mentor=me)
    # Another mentor's enterprise, and one of Al Hoceima assigned to this mentor (outside
    # the province of their mentor membership): never counted.
    accompanied(world, name="Someone else's", by=mentor(world, "other-mentor"), created_on=_days_ago(900))
    foreign = oran_enterprise(
        world,
        name="Foreign overdue",
        created_on=_days_ago(900),
        province=world.hoceima,
        organization=world.hoceima_agency,
    )
    AssignmentFactory(dossier=foreign.dossier, mentor=me)
    return {"oldest": oldest, "newer": newer, "fine": fine, "waiting": waiting}


def test_overdue_visits_oldest_first_with_the_visit_form_one_click_away(
    world, caseload, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        queue = run(queues.overdue_visits, world.users[MENTOR], MENTOR)
    assert queue.count == 2
    assert labels(queue) == ["Oldest overdue", "Newer overdue"]
    assert queue.items[0].url == f"/enterprises/{caseload['oldest'].pk}/visit/"
    assert all(item.late for item in queue.items)


def test_caseload_counts_every_dossier_accompanied(world, caseload, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        queue = run(queues.caseload, world.users[MENTOR], MENTOR)
    assert queue.count == 4
    # The least recently visited first; the dossier without an enterprise last.
    assert labels(queue)[:3] == ["Oldest overdue", "Newer overdue", "Visited lately"]
    assert "Not yet created" in labels(queue)[3]
    assert queue.items[3].url == f"/enterprises/dossier/{caseload['waiting'].pk}/session/"


def test_the_query_count_does_not_grow_with_the_caseload(world, django_assert_max_num_queries):
    for n in range(8):
        accompanied(world, name=f"Enterprise {n}", created_on=_days_ago(500 + n))
    with django_assert_max_num_queries(6):
        queue = run(queues.overdue_visits, world.users[MENTOR], MENTOR)
    assert queue.count == 8 and len(queue.items) == 5


def test_the_mentor_home_page_shows_both_queues(client, world, caseload):
    client.force_login(world.users[MENTOR])
    body = client.get("/").content.decode()
    assert 'data-queue="enterprises.overdue_visits"' in body and 'data-queue="enterprises.caseload"' in body
    assert "Foreign overdue" not in body and "Someone else" not in body
