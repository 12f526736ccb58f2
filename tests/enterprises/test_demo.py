"""The enterprises demo: its stories are coherent (valid identifiers, dates that never lie
in the future, visits and events in order), and loading it records them through the
services and twice changes nothing. The whole demo is loaded in tests/core/test_load_demo.py."""

from __future__ import annotations

import datetime
from importlib.util import find_spec
from types import SimpleNamespace

import pytest
from django.utils import timezone

from rowad.core.models import AuditEntry
from rowad.dossiers.enums import DossierState
from rowad.enterprises import demo
from rowad.enterprises.demo_stories import CARAVAN, HOCEIMA, ORAN, _hoceima_visits
from rowad.enterprises.enums import (
    ClosureReason,
    Difficulty,
    EnterpriseStatus,
    LegalForm,
    LifeEventKind,
    MemberRole,
    SessionPhase,
)
from rowad.enterprises.identifiers import clean_identifiers
from rowad.enterprises.models import (
    AccompanimentSession,
    CreationStep,
    Enterprise,
    LifeEvent,
    MentorAssignment,
    Obligation,
    Visit,
)
from tests.dossiers.factories import advance, make_dossier, oran_programme
from tests.factories import PersonFactory

SERVICES = ("accompaniment", "calendar", "life", "editing")
with_services = pytest.mark.skipif(
    any(find_spec(f"rowad.enterprises.services.{name}") is None for name in SERVICES),
    reason="the accompaniment, calendar, life and editing services are merged by the lead",
)


# --- The stories, as data ------------------------------------------------------------------


@pytest.mark.parametrize("story", [*ORAN, *CARAVAN], ids=lambda s: s.key)
@pytest.mark.parametrize("wilaya", ["31", "13", "1"])
def test_algerian_identifiers_are_valid(story, wilaya):
    dossier = SimpleNamespace(province=SimpleNamespace(code=wilaya))
    values = demo._dz_identifiers(story, dossier, datetime.date(2024, 11, 27))
    cleaned, errors = clean_identifiers("DZ", story.legal_form, values)
    assert errors == {}
    assert cleaned["trade_register"].startswith(f"{wilaya.zfill(2)}/00-0")
    assert cleaned["trade_register"].endswith(" 24")
    # A for a person, B for a company (the CNRC's letters).
    letter = "A" if story.legal_form == LegalForm.MICRO_ENTERPRISE else "B"
    assert f" {letter} " in cleaned["trade_register"]
    assert len(cleaned["tax_id"]) == len(cleaned["statistical_id"]) == 15


def test_the_cooperative_identifiers_are_valid_and_checked():
    cleaned, errors = clean_identifiers("MA", LegalForm.COOPERATIVE, HOCEIMA.extra["identifiers"])
    assert errors == {} and cleaned["ice"] == "002184753000085"
    wrong = {**HOCEIMA.extra["identifiers"], "ice": "002184753000086"}  # a check digit off
    assert "ice" in clean_identifiers("MA", LegalForm.COOPERATIVE, wrong)[1]


@pytest.mark.parametrize("story", [*ORAN, *CARAVAN], ids=lambda s: s.key)
def test_every_visit_and_event_fits_between_creation_and_today(story):
    events = [event.day for event in story.events]
    visits = [story.first_visit + story.visit_every * n for n in range(len(story.visits))]
    assert events == sorted(events)
    assert all(0 < day <= story.created_days_ago for day in [*events, *visits])
    closed = [e.day for e in story.events if e.kind == LifeEventKind.CLOSED]
    if closed:
        assert all(day < closed[0] for day in visits)
        assert all(e.reason in ClosureReason.values for e in story.events if e.kind == LifeEventKind.CLOSED)


def test_the_stories_tell_growth_difficulties_a_closure_and_a_suspension():
    # About two years ago, a fortnight apart; jobs grow over the visits.
    assert all(680 <= story.created_days_ago <= 750 for story in ORAN)
    kahina = ORAN[0]
    assert sum(kahina.visits[-1].jobs) > sum(kahina.visits[0].jobs)
    assert any(v.jobs[1] or v.jobs[3] for v in kahina.visits)  # women employed too
    bahia = ORAN[2]
    assert {Difficulty.CASH, Difficulty.ORDERS} <= set(bahia.visits[-1].difficulties)
    hertz = ORAN[3]
    kinds = [e.kind for e in hertz.events]
    assert kinds == [LifeEventKind.SUSPENDED, LifeEventKind.RESUMED]
    suspended, resumed = (e.day for e in hertz.events)
    idle = [
        seen.operating
        for n, seen in enumerate(hertz.visits)
        if suspended < hertz.first_visit + hertz.visit_every * n < resumed
    ]
    assert idle == [False]
    closed = next(s for s in CARAVAN if s.key == "caravan-closed")
    assert closed.close_file and closed.events[-1].kind == LifeEventKind.CLOSED


def test_the_cooperative_visits_run_from_2017_up_to_now():
    visits = _hoceima_visits()
    today = timezone.localdate()
    days = [day for day, _seen in visits]
    assert days[0].year == 2017 and days[0] > HOCEIMA.created_on
    assert len(days) >= 18
    recorded = [day for day in days if day <= today]
    assert today - recorded[-1] < datetime.timedelta(days=200)
    assert all(HOCEIMA.created_on <= day for day in days)
    assert list(HOCEIMA.extra["steps"].values()) == sorted(HOCEIMA.extra["steps"].values())
    assert all(day.year == 2017 for day in HOCEIMA.extra["steps"].values())
    assert len(HOCEIMA.shares) == 5 and sum(int(s) for s in HOCEIMA.shares) == 100


# --- Loading it ----------------------------------------------------------------------------


def _financed(world, **fields):
    officer = world.users["agency_officer"]
    dossier = make_dossier(world, programme=oran_programme(world), actor=officer, **fields)
    return advance(dossier, DossierState.FINANCED, actor=officer)


def _context(world, rows):
    return {
        "users": {
            "officer": world.users["agency_officer"],
            "mentor": world.users["mentor"],
            "admin": world.users["platform_admin"],
        },
        "awaiting_enterprise": list(rows),
    }


def _row(key, dossier, world, target=DossierState.COMPANY_CREATED):
    return {"key": key, "dossier": dossier, "target": target, "actor": world.users["agency_officer"]}


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Enterprise, Visit, AccompanimentSession, LifeEvent, MentorAssignment, AuditEntry)
    } | {
        "steps done": CreationStep.objects.filter(done_on__isnull=False).count(),
        "obligations done": Obligation.objects.filter(done_on__isnull=False).count(),
    }


def _load_twice(world, rows):
    demo.load(_context(world, rows))
    first = _counts()
    demo.load(_context(world, rows))
    assert _counts() == first
    return first


@pytest.mark.django_db
def test_the_enterprise_is_recorded_through_the_service_and_a_second_load_changes_nothing(world):
    dossier = _financed(world)
    counts = _load_twice(world, [_row("oran-company-0", dossier, world)])
    assert counts["Enterprise"] == 1
    dossier.refresh_from_db()
    assert dossier.state == DossierState.COMPANY_CREATED
    enterprise = dossier.enterprise
    today = timezone.localdate()
    assert enterprise.created_on == today - datetime.timedelta(days=ORAN[0].created_days_ago)
    assert (enterprise.name_latin, enterprise.legal_form) == ("Fibre Kahina", LegalForm.MICRO_ENTERPRISE)
    assert enterprise.trade_register == f"31/00-0412318 A {enterprise.created_on.year % 100:02d}"
    assert [m.role for m in enterprise.members.all()] == [MemberRole.MANAGER]
    assert (
        AuditEntry.objects.filter(action="enterprises.enterprise.created", actor__isnull=False).count() == 1
    )


@pytest.mark.django_db
def test_a_dossier_not_financed_is_left_alone(world):
    officer = world.users["agency_officer"]
    dossier = advance(make_dossier(world, actor=officer), DossierState.TO_FINANCING, actor=officer)
    demo.load(_context(world, [_row("oran-company-1", dossier, world)]))
    dossier.refresh_from_db()
    assert dossier.state == DossierState.TO_FINANCING and not Enterprise.objects.exists()


@with_services
@pytest.mark.django_db
def test_the_oran_story_mentor_sessions_visits_suspension_through_the_services(world):
    dossier = _financed(world)
    counts = _load_twice(world, [_row("oran-company-3", dossier, world)])
    enterprise = Enterprise.objects.get(dossier=dossier)
    today = timezone.localdate()
    assignment = MentorAssignment.objects.get(dossier=dossier)
    assert assignment.mentor == world.users["mentor"] and assignment.started_on < enterprise.created_on
    sessions = AccompanimentSession.objects.filter(dossier=dossier)
    assert sessions.filter(phase=SessionPhase.PRE_CREATION, held_on__lt=enterprise.created_on).count() == 2
    assert sessions.filter(phase=SessionPhase.POST_CREATION, enterprise=enterprise).count() >= 5
    assert sessions.filter(next_session_on__gt=today).exists()  # the next one is planned
    visits = list(enterprise.visits.order_by("visited_on"))
    assert counts["Visit"] == len(visits) == len(ORAN[3].visits)
    assert all(enterprise.created_on <= v.visited_on <= today for v in visits)
    assert [v.mentor for v in visits] == [world.users["mentor"]] * len(visits)
    assert [v.operating for v in visits].count(False) == 1
    events = list(enterprise.life_events.values_list("kind", flat=True))
    assert events == [LifeEventKind.SUSPENDED, LifeEventKind.RESUMED]
    enterprise.refresh_from_db()
    assert enterprise.status == EnterpriseStatus.OPERATING
    assert enterprise.last_visit_on == visits[-1].visited_on
    assert enterprise.total_jobs == sum(ORAN[3].visits[-1].jobs) > enterprise.initial_jobs
    assert not enterprise.steps.filter(done_on__isnull=True).exists()
    assert not enterprise.steps.filter(done_on__gt=today).exists()
    assert not enterprise.obligations.filter(done_on__isnull=True, due_on__lt=today).exists()


@with_services
@pytest.mark.django_db
def test_the_closed_story_ends_with_the_file_closed(world):
    dossier = _financed(world)
    _load_twice(world, [_row("caravan-closed", dossier, world, target=DossierState.CLOSED)])
    enterprise = Enterprise.objects.get(dossier=dossier)
    assert enterprise.status == EnterpriseStatus.CLOSED
    closure = enterprise.life_events.get(kind=LifeEventKind.CLOSED)
    assert closure.reason == ClosureReason.NO_MARKET and enterprise.ended_on == closure.occurred_on
    assert not enterprise.visits.filter(visited_on__gte=closure.occurred_on).exists()
    last = enterprise.visits.order_by("visited_on").last()
    assert Difficulty.ORDERS in last.difficulties
    dossier.refresh_from_db()
    assert dossier.state == DossierState.CLOSED


@with_services
@pytest.mark.django_db
def test_the_difficult_story_reports_cash_and_orders_and_leaves_an_obligation_late(world):
    dossier = _financed(world)
    _load_twice(world, [_row("oran-company-2", dossier, world)])
    enterprise = Enterprise.objects.get(dossier=dossier)
    last = enterprise.visits.order_by("visited_on").last()
    assert {Difficulty.CASH, Difficulty.ORDERS} <= set(last.difficulties)
    today = timezone.localdate()
    assert enterprise.obligations.filter(done_on__isnull=True, due_on__lt=today).count() == 1


@with_services
@pytest.mark.django_db
def test_without_a_mentor_the_officer_follows_the_enterprise(world):
    """A caravan dossier outside Oran has no demo mentor: its officer follows it."""
    dossier = _financed(world, holders=[PersonFactory(national_id="", organization=world.oran_agency)])
    context = _context(world, [_row("caravan-company_created", dossier, world)])
    context["users"]["mentor"] = None
    demo.load(context)
    enterprise = Enterprise.objects.get(dossier=dossier)
    assert not MentorAssignment.objects.filter(dossier=dossier).exists()
    assert enterprise.visits.exists()
    assert set(enterprise.visits.values_list("mentor", flat=True)) == {world.users["agency_officer"].pk}
    # Still being registered: three steps done, the others waiting (one overdue by now).
    assert enterprise.steps.filter(done_on__isnull=False).count() == 3
    assert enterprise.steps.filter(done_on__isnull=True, due_on__lt=timezone.localdate()).exists()
