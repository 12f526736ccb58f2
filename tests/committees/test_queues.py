"""Committees' home queues: decisions waiting for their announcement (officer), the
evaluations to score and the next sessions (committee member)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.committees.enums import Decision, SessionStatus
from rowad.committees.models import AgendaItem, Evaluation
from tests.factories import UserFactory
from tests.queue_helpers import home_queue, labels

from .factories import DossierFactory, SessionFactory

pytestmark = pytest.mark.django_db
OFFICER, MEMBER = Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER


def _hours(hours: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def _session(world, title, held_at, decision="", status=SessionStatus.PLANNED, members=()):
    session = SessionFactory(
        organization=world.oran_agency, title=title, held_at=held_at, status=status, members=list(members)
    )
    dossier = DossierFactory(organization=world.oran_agency, province=world.oran)
    AgendaItem.objects.create(session=session, dossier=dossier, decision=decision)
    return session


def test_decisions_to_announce_oldest_session_first(world):
    _session(world, "Later", _hours(-24), Decision.APPROVED)
    _session(world, "Earlier", _hours(-24 * 8), Decision.REJECTED)
    _session(world, "Undecided", _hours(-48))
    _session(world, "Announced", _hours(-72), Decision.APPROVED, status=SessionStatus.ANNOUNCED)
    queue = home_queue(world.users[OFFICER], OFFICER, "committees.decisions_to_announce")
    assert queue.count == 2
    assert labels(queue) == ["Earlier", "Later"]
    assert queue.more_url == "/committees/?show=to_announce"
    assert home_queue(world.outsider, OFFICER, "committees.decisions_to_announce").count == 0


def test_the_session_list_filtered_to_the_queue(client, world):
    _session(world, "Decided", _hours(-24), Decision.APPROVED)
    _session(world, "Undecided", _hours(-48))
    client.force_login(world.users[OFFICER])
    body = client.get("/committees/?show=to_announce").content.decode()
    assert "Decided" in body and "Undecided" not in body
    upcoming = client.get("/committees/?show=upcoming").content.decode()
    assert "Decided" not in upcoming


def test_evaluations_to_score_are_the_members_own_unsubmitted(world):
    member = world.users[MEMBER]
    first = Evaluation.objects.create(dossier=DossierFactory(title="Old"), evaluator=member)
    Evaluation.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=4))
    Evaluation.objects.create(dossier=DossierFactory(title="New"), evaluator=member)
    Evaluation.objects.create(dossier=DossierFactory(), evaluator=member, submitted_at=timezone.now())
    Evaluation.objects.create(dossier=DossierFactory(), evaluator=UserFactory())
    queue = home_queue(member, MEMBER, "committees.evaluations_to_score")
    assert queue.count == 2
    assert [label.split(" · ")[1] for label in labels(queue)] == ["Old", "New"]
    assert queue.items[0].url == f"/committees/evaluations/{first.pk}/"


def test_next_sessions_the_member_sits_on_nearest_first(world):
    member = world.users[MEMBER]
    _session(world, "In a week", _hours(24 * 7), members=[member])
    _session(world, "Tomorrow", _hours(24), members=[member])
    _session(world, "Last month", _hours(-24 * 30), members=[member])
    _session(world, "Not mine", _hours(24))
    queue = home_queue(member, MEMBER, "committees.next_sessions")
    assert queue.count == 2
    assert labels(queue) == ["Tomorrow", "In a week"]
    other = UserFactory()
    assert home_queue(other, MEMBER, "committees.next_sessions") is None
