"""Accompaniment services and pages: assigning mentors (with history), sessions and visits
(every bad input refused, a double submit stores one row), a mentor's caseload scope."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.dossiers.enums import DossierState
from rowad.enterprises.enums import EnterpriseStatus, ErrorCode, SessionPhase
from rowad.enterprises.errors import EnterpriseError
from rowad.enterprises.models import AccompanimentSession, MentorAssignment, Visit
from rowad.enterprises.queries import topics_for
from rowad.enterprises.services.accompaniment import assign_mentor, record_session, record_visit
from tests.committees.factories import DossierFactory
from tests.enterprises.accompaniment_factories import TODAY, accompanied, mentor, oran_enterprise
from tests.enterprises.factories import TopicFactory
from tests.factories import PersonFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


def _officer(world):
    return world.users[Role.AGENCY_OFFICER]


def _mentor(world):
    return world.users[Role.MENTOR]


def _code(call) -> str:
    with pytest.raises(EnterpriseError) as error:
        call()
    return error.value.code


# --- Assignments -----------------------------------------------------------------------------


def test_reassigning_closes_the_open_assignment_and_keeps_the_history(world):
    enterprise = oran_enterprise(world)
    dossier = enterprise.dossier
    first = assign_mentor(dossier, _mentor(world), actor=_officer(world), started_on="2026-01-05")
    other = mentor(world, "mentor-two")
    second = assign_mentor(dossier, other, actor=_officer(world), started_on=YESTERDAY, reason="Charge")
    first.refresh_from_db()
    assert first.ended_on == YESTERDAY
    assert second.ended_on is None and second.reason == "Charge" and second.assigned_by == _officer(world)
    assert list(MentorAssignment.objects.filter(dossier=dossier).values_list("mentor", flat=True)) == [
        other.pk,
        _mentor(world).pk,
    ]
    assert AuditEntry.objects.filter(action="enterprises.mentor.assigned").count() == 2


def test_the_same_mentor_twice_is_refused(world):
    dossier = oran_enterprise(world).dossier
    assign_mentor(dossier, _mentor(world), actor=_officer(world))
    assert _code(lambda: assign_mentor(dossier, _mentor(world), actor=_officer(world))) == (
        ErrorCode.ALREADY_ASSIGNED
    )
    assert MentorAssignment.objects.filter(dossier=dossier).count() == 1


def test_a_mentor_outside_the_province_is_refused(world):
    dossier = oran_enterprise(world).dossier
    far = mentor(world, "mentor-hoceima", province=world.hoceima, organization=world.hoceima_agency)
    assert _code(lambda: assign_mentor(dossier, far, actor=_officer(world))) == ErrorCode.MENTOR_OUTSIDE
    assert not MentorAssignment.objects.exists()


def test_someone_who_is_no_mentor_is_refused(world):
    dossier = oran_enterprise(world).dossier
    for user in (world.users[Role.DIRECTOR], mentor(world, "ex-mentor", role=Role.FIELD_AGENT)):
        assert (
            _code(lambda u=user: assign_mentor(dossier, u, actor=_officer(world))) == ErrorCode.NOT_A_MENTOR
        )
    assert not MentorAssignment.objects.exists()


def test_only_an_officer_reaching_the_dossier_assigns(world):
    dossier = oran_enterprise(world).dossier
    for actor in (world.users[Role.DIRECTOR], _mentor(world), world.outsider):
        assert _code(lambda a=actor: assign_mentor(dossier, _mentor(world), actor=a)) == ErrorCode.NOT_ALLOWED
    assert not MentorAssignment.objects.exists()


def test_an_assignment_cannot_start_in_the_future(world):
    dossier = oran_enterprise(world).dossier
    code = _code(lambda: assign_mentor(dossier, _mentor(world), actor=_officer(world), started_on=TOMORROW))
    assert code == ErrorCode.FUTURE_DATE


# --- Sessions --------------------------------------------------------------------------------


@pytest.fixture
def topic():
    return topics_for(None).get(code="management")  # any phase


def test_a_session_defaults_to_post_creation_with_the_holders_present(world, topic):
    enterprise = accompanied(world)
    holders = list(enterprise.dossier.holders.all())
    session = record_session(
        enterprise.dossier,
        actor=_mentor(world),
        topic=topic.pk,
        held_on=YESTERDAY,
        attendees=[h.pk for h in holders],
        next_session_on=TOMORROW,
        notes="Comptabilité",
    )
    assert session.phase == SessionPhase.POST_CREATION and session.enterprise == enterprise
    assert set(session.attendees.all()) == set(holders) and session.mentor == _mentor(world)


def test_a_session_before_creation_is_pre_creation(world, topic):
    dossier = DossierFactory(state=DossierState.APPROVED, province=world.oran)
    assign_mentor(dossier, _mentor(world), actor=_officer(world))
    session = record_session(dossier, actor=_mentor(world), topic=topic.code, held_on=TODAY)
    assert session.phase == SessionPhase.PRE_CREATION and session.enterprise is None


def test_bad_sessions_are_refused(world, topic):
    enterprise = accompanied(world)
    dossier = enterprise.dossier
    other_programme = TopicFactory(programme=ProgrammeFactory())
    stranger = PersonFactory(national_id="")
    cases = {
        "future": ({"held_on": TOMORROW}, ErrorCode.FUTURE_DATE),
        "topic of another programme": ({"topic": other_programme.pk}, ErrorCode.INVALID),
        "no topic": ({"topic": None}, ErrorCode.INVALID),
        "attendee not a holder": ({"attendees": [stranger.pk]}, ErrorCode.INVALID),
        "next before this one": ({"next_session_on": YESTERDAY}, ErrorCode.INVALID),
        "bad phase": ({"phase": "later"}, ErrorCode.INVALID),
        "pre-creation topic after creation": ({"topic": "business-plan"}, ErrorCode.INVALID),
        "post-creation before creation": (
            {"held_on": enterprise.created_on - datetime.timedelta(days=1)},
            ErrorCode.BEFORE_CREATION,
        ),
    }
    for name, (change, code) in cases.items():
        fields = {"topic": topic.pk, "held_on": TODAY, **change}
        assert _code(lambda f=fields: record_session(dossier, actor=_mentor(world), **f)) == code, name
    assert not AccompanimentSession.objects.exists()


def test_a_session_sent_twice_is_stored_once(world, topic):
    dossier = accompanied(world).dossier
    key = uuid.uuid4()
    first = record_session(dossier, actor=_mentor(world), topic=topic.pk, held_on=TODAY, client_uuid=key)
    again = record_session(dossier, actor=_mentor(world), topic=topic.pk, held_on=TODAY, client_uuid=str(key))
    assert first.pk == again.pk and AccompanimentSession.objects.count() == 1


def test_sessions_by_someone_outside_the_caseload_are_refused(world, topic):
    dossier = accompanied(world, by=mentor(world, "mentor-two")).dossier
    for actor in (_mentor(world), world.users[Role.DIRECTOR], world.outsider):
        code = _code(lambda a=actor: record_session(dossier, actor=a, topic=topic.pk, held_on=TODAY))
        assert code == ErrorCode.NOT_ALLOWED
    assert record_session(dossier, actor=_officer(world), topic=topic.pk, held_on=TODAY).mentor == _officer(
        world
    )


# --- Visits ----------------------------------------------------------------------------------


def test_a_visit_updates_the_observed_jobs_and_is_audited(world):
    enterprise = accompanied(world)
    visit = record_visit(
        enterprise,
        actor=_mentor(world),
        visited_on=YESTERDAY,
        permanent_men="2",
        permanent_women=1,
        seasonal_women=3,
        turnover_band="under_2m",
        difficulties=["orders", "cash"],
        needs=["market"],
    )
    enterprise.refresh_from_db()
    assert enterprise.last_visit_on == YESTERDAY and enterprise.total_jobs == 6
    assert visit.difficulties == ["orders", "cash"] and visit.mentor == _mentor(world)
    assert AuditEntry.objects.filter(action="enterprises.visit.recorded", object_id=str(visit.pk)).exists()


def test_a_visit_in_the_future_is_refused(world):
    enterprise = accompanied(world)
    code = _code(lambda: record_visit(enterprise, actor=_mentor(world), visited_on=TOMORROW))
    assert code == ErrorCode.FUTURE_DATE
    assert not Visit.objects.exists()


def test_bad_visits_are_refused(world):
    enterprise = accompanied(world)
    cases = {
        "before creation": (
            {"visited_on": enterprise.created_on - datetime.timedelta(days=1)},
            ErrorCode.BEFORE_CREATION,
        ),
        "not a date": ({"visited_on": "hier"}, ErrorCode.INVALID),
        "negative jobs": ({"permanent_men": -1}, ErrorCode.INVALID),
        "jobs not a number": ({"seasonal_men": "deux"}, ErrorCode.INVALID),
        "unknown difficulty": ({"difficulties": ["weather"]}, ErrorCode.INVALID),
        "unknown need": ({"needs": ["luck"]}, ErrorCode.INVALID),
        "unknown turnover": ({"turnover_band": "huge"}, ErrorCode.INVALID),
    }
    for name, (change, code) in cases.items():
        fields = {"visited_on": TODAY, **change}
        assert _code(lambda f=fields: record_visit(enterprise, actor=_mentor(world), **f)) == code, name
    assert not Visit.objects.exists()


def test_a_closed_enterprise_gets_no_visit(world):
    enterprise = accompanied(
        world, status=EnterpriseStatus.CLOSED, ended_on=TODAY - datetime.timedelta(days=10)
    )
    assert _code(lambda: record_visit(enterprise, actor=_mentor(world), visited_on=TODAY)) == ErrorCode.CLOSED


def test_a_double_submitted_visit_is_stored_once(world):
    enterprise = accompanied(world)
    key = str(uuid.uuid4())
    first = record_visit(enterprise, actor=_mentor(world), visited_on=TODAY, permanent_men=2, client_uuid=key)
    again = record_visit(enterprise, actor=_mentor(world), visited_on=TODAY, permanent_men=2, client_uuid=key)
    assert first.pk == again.pk and Visit.objects.filter(enterprise=enterprise).count() == 1


def test_a_uuid_of_another_enterprise_is_a_conflict(world):
    one, two = accompanied(world), accompanied(world)
    key = uuid.uuid4()
    record_visit(one, actor=_mentor(world), visited_on=TODAY, client_uuid=key)
    with pytest.raises(EnterpriseError) as error:
        record_visit(two, actor=_mentor(world), visited_on=TODAY, client_uuid=key)
    assert error.value.status_code == 409 and Visit.objects.count() == 1


def test_another_mentors_enterprise_is_out_of_reach(world):
    theirs = accompanied(world, by=mentor(world, "mentor-two"))
    assert (
        _code(lambda: record_visit(theirs, actor=_mentor(world), visited_on=TODAY)) == ErrorCode.NOT_ALLOWED
    )
    for actor in (world.users[Role.DIRECTOR], world.outsider, world.users[Role.PROJECT_HOLDER]):
        assert _code(lambda a=actor: record_visit(theirs, actor=a, visited_on=TODAY)) == ErrorCode.NOT_ALLOWED
    assert record_visit(theirs, actor=_officer(world), visited_on=TODAY).mentor == _officer(world)


def test_a_reassigned_mentor_loses_the_enterprise(world):
    enterprise = accompanied(world)
    assign_mentor(enterprise.dossier, mentor(world, "mentor-two"), actor=_officer(world))
    assert (
        _code(lambda: record_visit(enterprise, actor=_mentor(world), visited_on=TODAY))
        == ErrorCode.NOT_ALLOWED
    )


# --- Pages -----------------------------------------------------------------------------------


def test_the_mentor_records_a_visit_from_the_phone_form(world, client):
    enterprise = accompanied(world, name="ZZ-MINE")
    theirs = accompanied(world, by=mentor(world, "mentor-two"), name="ZZ-THEIRS")
    client.force_login(_mentor(world))
    page = client.get(reverse("enterprises:my_caseload")).content.decode()
    assert "ZZ-MINE" in page and "ZZ-THEIRS" not in page
    assert client.get(reverse("enterprises:visit_new", args=[theirs.pk])).status_code == 404
    form = client.get(reverse("enterprises:visit_new", args=[enterprise.pk]))
    assert 'inputmode="numeric"' in form.content.decode()
    body = {
        "visited_on": TODAY.isoformat(),
        "operating": "on",
        "permanent_men": "3",
        "permanent_women": "1",
        "seasonal_men": "0",
        "seasonal_women": "0",
        "difficulties": ["cash", "supplies"],
        "needs": ["financing"],
        "client_uuid": str(uuid.uuid4()),
    }
    response = client.post(reverse("enterprises:visit_new", args=[enterprise.pk]), body)
    assert response.status_code == 302 and response.url == reverse("enterprises:my_caseload")
    # The same form sent again (a double tap) stores nothing new.
    client.post(reverse("enterprises:visit_new", args=[enterprise.pk]), body)
    assert Visit.objects.filter(enterprise=enterprise).count() == 1
    page = client.get(reverse("enterprises:my_caseload")).content.decode()
    assert 'data-alert="difficulties"' in page


def test_the_visit_form_shows_a_future_date_error(world, client):
    enterprise = accompanied(world)
    client.force_login(_mentor(world))
    body = {
        "visited_on": TOMORROW.isoformat(),
        "operating": "on",
        "permanent_men": "1",
        "permanent_women": "0",
        "seasonal_men": "0",
        "seasonal_women": "0",
        "client_uuid": str(uuid.uuid4()),
    }
    response = client.post(reverse("enterprises:visit_new", args=[enterprise.pk]), body)
    assert response.status_code == 400 and "visited_on_error" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_officer_assigns_and_reassigns_from_the_caseload(world, client):
    enterprise = oran_enterprise(world, name="ZZ-WAITING")
    client.force_login(_officer(world))
    page = client.get(reverse("enterprises:caseload")).content.decode()
    assert enterprise.dossier.reference in page and f'id="id_mentor_{enterprise.dossier_id}"' in page
    url = reverse("enterprises:assign_mentor", args=[enterprise.dossier_id])
    assert client.post(url, {"mentor": _mentor(world).pk}).status_code == 302
    other = mentor(world, "mentor-two")
    client.post(url, {"mentor": other.pk, "reason": "Congé"})
    rows = list(MentorAssignment.objects.filter(dossier=enterprise.dossier).order_by("id"))
    assert [r.mentor for r in rows] == [_mentor(world), other] and rows[0].ended_on is not None
    far = mentor(world, "mentor-hoceima", province=world.hoceima, organization=world.hoceima_agency)
    client.post(url, {"mentor": far.pk})
    assert MentorAssignment.objects.filter(dossier=enterprise.dossier).count() == 2


def test_the_caseload_shows_each_mentors_load(world, client):
    enterprise = accompanied(world)
    record_visit(enterprise, actor=_mentor(world), visited_on=TODAY, difficulties=["cash"])
    client.force_login(world.users[Role.DIRECTOR])
    response = client.get(reverse("enterprises:caseload"))
    row = response.context["rows"]
    mine = next(r for r in row if r["mentor"] == _mentor(world))
    assert (mine["dossiers"], mine["enterprises"], mine["visits"], mine["alerts"]) == (1, 1, 1, 1)
    assert [e.pk for e in response.context["alerted"]] == [enterprise.pk]
    assert 'data-alert="difficulties"' in response.content.decode()
    assert "assign-form" not in response.content.decode()  # a director reads, does not assign


def test_the_session_form_records_a_session(world, client, topic):
    enterprise = accompanied(world)
    holder = enterprise.dossier.holders.first()
    client.force_login(_mentor(world))
    url = reverse("enterprises:session_new", args=[enterprise.dossier_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "topic": topic.pk,
            "held_on": TODAY.isoformat(),
            "attendees": [holder.pk],
            "client_uuid": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    assert list(AccompanimentSession.objects.get().attendees.all()) == [holder]


def test_the_sections_show_the_mentor_history_and_alerts(world):
    from rowad.enterprises.views.accompaniment import dossier_section, enterprise_section

    enterprise = accompanied(world)
    record_visit(enterprise, actor=_mentor(world), visited_on=TODAY, operating=False)
    section = enterprise_section(_officer(world), enterprise)
    assert section["assignment"].mentor == _mentor(world) and len(section["history"]) == 1
    assert [a.kind for a in section["alerts"]] == ["difficulties"] and section["assign_form"] is not None
    assert enterprise_section(world.outsider, enterprise) is None
    assert enterprise_section(world.users[Role.PROJECT_HOLDER], enterprise) is None
    assert dossier_section(_mentor(world), enterprise.dossier)["assign_form"] is None
    assert dossier_section(world.outsider, enterprise.dossier) is None


def test_the_dossier_page_shows_the_mentor_and_the_assign_form(world, client):
    enterprise = accompanied(world)
    client.force_login(_officer(world))
    page = client.get(reverse("dossiers:dossier_detail", args=[enterprise.dossier_id])).content.decode()
    assert 'id="dossier-accompaniment"' in page and str(_mentor(world)) in page
    assert reverse("enterprises:assign_mentor", args=[enterprise.dossier_id]) in page
