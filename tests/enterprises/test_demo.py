"""The enterprises demo: its stories are coherent (valid identifiers, dates that never lie
in the future, visits and events in order), and loading it records them through the
services and twice changes nothing. The whole demo is loaded in tests/core/test_load_demo.py."""

from __future__ import annotations

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.conf import settings
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


def _created(story):
    return story.financed_on + datetime.timedelta(days=story.created_after)


@pytest.mark.parametrize("story", [*ORAN, *CARAVAN], ids=lambda s: s.key)
def test_every_visit_and_event_fits_between_creation_and_today(story):
    # Financed in 2019 (as the financing demo pays them out), created a month or two later.
    assert story.financed_on.year == 2019 and 30 <= story.created_after <= 60
    created, today = _created(story), timezone.localdate()
    events = [event.on or created + datetime.timedelta(days=event.day) for event in story.events]
    plan = [day for day, _seen in demo.visit_plan(story, created, today)]
    assert events == sorted(events) and plan == sorted(plan)
    assert all(created < day <= today for day in [*events, *plan])
    # Every three months for the first two years, then about twice a year.
    first_years = [day for day in plan if day < created + datetime.timedelta(days=730)]
    assert all(80 <= (b - a).days <= 100 for a, b in itertools.pairwise(first_years))
    assert all(150 <= (b - a).days <= 190 for a, b in itertools.pairwise(plan[len(first_years) - 1 :]))
    closed = [day for day, e in zip(events, story.events, strict=True) if e.kind == LifeEventKind.CLOSED]
    if closed:
        assert all(day < closed[0] for day in plan)
        assert (closed[0] - created).days < 730  # so the 1, 2 and 3-year survival are not trivial
        assert all(e.reason in ClosureReason.values for e in story.events if e.kind == LifeEventKind.CLOSED)


def test_the_stories_tell_growth_difficulties_a_closure_and_a_suspension():
    today = timezone.localdate()
    alert = datetime.timedelta(days=31 * settings.ROWAD_VISIT_ALERT_MONTHS)
    # A fortnight apart; jobs grow over the years.
    assert [s.financed_on for s in ORAN] == [
        datetime.date(2019, 4, 7) + datetime.timedelta(days=14 * n) for n in range(4)
    ]
    kahina = ORAN[0]
    seen = [s for _day, s in demo.visit_plan(kahina, _created(kahina), today)]
    assert len(seen) > len(kahina.visits) and sum(seen[-1].jobs) > sum(kahina.visits[-1].jobs) > sum(
        seen[0].jobs
    )
    assert any(v.jobs[1] or v.jobs[3] for v in seen)  # women employed too
    bahia = ORAN[2]
    last = demo.visit_plan(bahia, _created(bahia), today)[-1]
    assert {Difficulty.CASH, Difficulty.ORDERS} <= set(last[1].difficulties)
    assert today - last[0] < alert
    # Every Oran enterprise was visited lately but one (not Bahia's): the no-visit alert.
    latest = {s.key: demo.visit_plan(s, _created(s), today)[-1][0] for s in ORAN}
    assert [key for key, day in latest.items() if today - day > alert] == ["oran-company-1"]
    hertz = ORAN[3]
    assert [e.kind for e in hertz.events] == [LifeEventKind.SUSPENDED, LifeEventKind.RESUMED]
    suspended, resumed = (e.on for e in hertz.events)
    assert suspended.year == resumed.year == 2020  # the lockdown, when its loan was rescheduled
    idle = [
        s.operating for day, s in demo.visit_plan(hertz, _created(hertz), today) if suspended < day < resumed
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


def _row(key, dossier, world, target=DossierState.COMPANY_CREATED, financed_on=datetime.date(2019, 4, 7)):
    """As the financing demo hands a dossier over (`financed_on`: its last tranche)."""
    row = {"key": key, "dossier": dossier, "target": target, "actor": world.users["agency_officer"]}
    return row | ({"financed_on": financed_on} if financed_on else {})


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
    # A month or two after the financing the financing demo handed over.
    assert enterprise.created_on == datetime.date(2019, 4, 7) + datetime.timedelta(days=ORAN[0].created_after)
    assert (enterprise.name_latin, enterprise.legal_form) == ("Fibre Kahina", LegalForm.MICRO_ENTERPRISE)
    assert enterprise.trade_register == "31/00-0412318 A 19"
    assert [m.role for m in enterprise.members.all()] == [MemberRole.MANAGER]
    assert (
        AuditEntry.objects.filter(action="enterprises.enterprise.created", actor__isnull=False).count() == 1
    )


@pytest.mark.django_db
def test_without_a_date_handed_over_the_creation_follows_the_financing_on_record(world):
    """A load interrupted after the financing: the funders' decisions on record date it,
    and the creation is never in the future."""
    from rowad.financing.models import PlanLine

    dossier = _financed(world)
    decided = PlanLine.objects.filter(plan__dossier=dossier).exclude(decided_on=None)
    assert decided.exists()
    decided.update(decided_on=datetime.date(2021, 3, 1))
    demo.load(_context(world, [_row("oran-company-1", dossier, world, financed_on=None)]))
    assert Enterprise.objects.get(dossier=dossier).created_on == datetime.date(
        2021, 3, 1
    ) + datetime.timedelta(days=ORAN[1].created_after)
    recent = _financed(world)
    demo.load(_context(world, [_row("oran-company-2", recent, world, financed_on=None)]))
    assert Enterprise.objects.get(dossier=recent).created_on == timezone.localdate()


@pytest.mark.django_db
def test_a_dossier_not_financed_is_left_alone(world):
    officer = world.users["agency_officer"]
    dossier = advance(make_dossier(world, actor=officer), DossierState.TO_FINANCING, actor=officer)
    demo.load(_context(world, [_row("oran-company-1", dossier, world)]))
    dossier.refresh_from_db()
    assert dossier.state == DossierState.TO_FINANCING and not Enterprise.objects.exists()


@pytest.mark.django_db
def test_the_oran_story_mentor_sessions_visits_suspension_through_the_services(world):
    dossier = _financed(world)
    counts = _load_twice(world, [_row("oran-company-3", dossier, world)])
    enterprise = Enterprise.objects.get(dossier=dossier)
    today = timezone.localdate()
    financed = datetime.date(2019, 4, 7)
    assert (
        financed + datetime.timedelta(days=30)
        <= enterprise.created_on
        <= financed + datetime.timedelta(days=60)
    )
    assignment = MentorAssignment.objects.get(dossier=dossier)
    assert assignment.mentor == world.users["mentor"]
    assert financed < assignment.started_on < enterprise.created_on
    sessions = AccompanimentSession.objects.filter(dossier=dossier)
    pre = sessions.filter(phase=SessionPhase.PRE_CREATION)
    assert pre.filter(held_on__gt=financed, held_on__lt=enterprise.created_on).count() == pre.count() == 2
    assert sessions.filter(phase=SessionPhase.POST_CREATION, enterprise=enterprise).count() >= 5
    assert sessions.filter(next_session_on__gt=today).exists()  # the next one is planned
    visits = list(enterprise.visits.order_by("visited_on"))
    assert counts["Visit"] == len(visits) == len(demo.visit_plan(ORAN[3], enterprise.created_on, today)) > 15
    assert all(enterprise.created_on <= v.visited_on <= today for v in visits)
    assert [v.mentor for v in visits] == [world.users["mentor"]] * len(visits)
    assert [v.operating for v in visits].count(False) == 1
    assert today - visits[-1].visited_on < datetime.timedelta(days=190)
    events = list(enterprise.life_events.values_list("kind", "occurred_on"))
    assert events == [
        (LifeEventKind.SUSPENDED, datetime.date(2020, 3, 23)),
        (LifeEventKind.RESUMED, datetime.date(2020, 6, 28)),
    ]
    idle = enterprise.visits.get(operating=False).visited_on
    assert events[0][1] < idle < events[1][1]
    enterprise.refresh_from_db()
    assert enterprise.status == EnterpriseStatus.OPERATING
    assert enterprise.last_visit_on == visits[-1].visited_on
    last_seen = demo.visit_plan(ORAN[3], enterprise.created_on, today)[-1][1]
    assert enterprise.total_jobs == sum(last_seen.jobs) > enterprise.initial_jobs
    assert not enterprise.steps.filter(done_on__isnull=True).exists()
    assert not enterprise.steps.filter(
        done_on__gt=enterprise.created_on + datetime.timedelta(days=120)
    ).exists()
    assert not enterprise.obligations.filter(done_on__isnull=True, due_on__lt=today).exists()


@pytest.mark.django_db
def test_the_closed_story_ends_with_the_file_closed(world):
    dossier = _financed(world)
    financed = datetime.date(2019, 2, 18)
    _load_twice(
        world, [_row("caravan-closed", dossier, world, target=DossierState.CLOSED, financed_on=financed)]
    )
    enterprise = Enterprise.objects.get(dossier=dossier)
    assert enterprise.status == EnterpriseStatus.CLOSED
    closure = enterprise.life_events.get(kind=LifeEventKind.CLOSED)
    # Closed within its first year: not alive at 1, 2 or 3 years.
    assert (
        financed
        < enterprise.created_on
        < closure.occurred_on
        < enterprise.created_on + datetime.timedelta(days=365)
    )
    assert closure.reason == ClosureReason.NO_MARKET and enterprise.ended_on == closure.occurred_on
    assert not enterprise.visits.filter(visited_on__gte=closure.occurred_on).exists()
    last = enterprise.visits.order_by("visited_on").last()
    assert Difficulty.ORDERS in last.difficulties
    dossier.refresh_from_db()
    assert dossier.state == DossierState.CLOSED


@pytest.mark.django_db
def test_the_difficult_story_reports_cash_and_orders_and_leaves_an_obligation_late(world):
    dossier = _financed(world)
    _load_twice(world, [_row("oran-company-2", dossier, world)])
    enterprise = Enterprise.objects.get(dossier=dossier)
    last = enterprise.visits.order_by("visited_on").last()
    assert {Difficulty.CASH, Difficulty.ORDERS} <= set(last.difficulties)
    today = timezone.localdate()
    assert today - last.visited_on < datetime.timedelta(days=190)  # lately: the difficulties alert
    # The mentor's session on the difficulties, a few weeks ago.
    assert enterprise.sessions.filter(
        topic__code="difficulties", held_on__gt=today - datetime.timedelta(days=60)
    ).exists()
    assert enterprise.obligations.filter(done_on__isnull=True, due_on__lt=today).count() == 1


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
