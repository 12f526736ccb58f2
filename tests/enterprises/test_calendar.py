"""The legal follow-up calendar: marking obligations done and reopening them, adding
obligations; the enterprise page's section with its forms; the cross-enterprise calendar."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from rowad.core.audit import entries_for
from rowad.core.sections import sections_for
from rowad.enterprises.enums import ClosureReason, EnterpriseStatus, ErrorCode, LifeEventKind, ObligationKind
from rowad.enterprises.errors import EnterpriseError
from rowad.enterprises.models import Enterprise, LifeEvent, Obligation
from rowad.enterprises.services.calendar import add_obligation, complete_obligation, reopen_obligation
from tests.enterprises.calendar_helpers import foreign_enterprise, obligation, oran_enterprise
from tests.enterprises.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = datetime.date.today()


@pytest.fixture
def officer(world):
    return world.users["agency_officer"]


@pytest.fixture
def enterprise(world):
    return oran_enterprise(world, name_latin="Fibre Oran", name_ar="ألياف وهران")


def fresh(row):
    return type(row).objects.get(pk=row.pk)


# --- services ------------------------------------------------------------------------------


def test_complete_then_reopen_an_obligation(enterprise, officer):
    due = obligation(enterprise, in_days=-5)
    done = complete_obligation(due, actor=officer, done_on=TODAY.isoformat(), note="Déposée")
    assert (done.done_on, done.done_by, done.note) == (TODAY, officer, "Déposée")
    reopen_obligation(due, actor=officer)
    row = fresh(due)
    assert (row.done_on, row.done_by) == (None, None)
    actions = [entry.action for entry in entries_for(enterprise)]
    assert "enterprises.obligation.completed" in actions and "enterprises.obligation.reopened" in actions


def test_a_done_date_in_the_future_is_refused(enterprise, officer):
    due = obligation(enterprise)
    with pytest.raises(EnterpriseError) as error:
        complete_obligation(due, actor=officer, done_on=TODAY + DAY)
    assert (error.value.code, error.value.field) == (ErrorCode.FUTURE_DATE, "done_on")
    assert fresh(due).done_on is None


def test_a_done_date_before_creation_or_not_a_date_is_refused(enterprise, officer):
    due = obligation(enterprise)
    with pytest.raises(EnterpriseError) as error:
        complete_obligation(due, actor=officer, done_on=enterprise.created_on - DAY)
    assert error.value.code == ErrorCode.BEFORE_CREATION
    with pytest.raises(EnterpriseError) as error:
        complete_obligation(due, actor=officer, done_on="31/12/2026")
    assert error.value.code == ErrorCode.INVALID


def test_completing_twice_and_reopening_an_open_one_are_refused(enterprise, officer):
    due = obligation(enterprise)
    with pytest.raises(EnterpriseError) as error:
        reopen_obligation(due, actor=officer)
    assert error.value.code == ErrorCode.INVALID
    complete_obligation(due, actor=officer, done_on=TODAY - DAY)
    with pytest.raises(EnterpriseError) as error:
        complete_obligation(due, actor=officer, done_on=TODAY)
    assert error.value.code == ErrorCode.STEP_DONE
    assert fresh(due).done_on == TODAY - DAY


@pytest.mark.parametrize("role", ["director", "mentor", "project_holder"])
def test_only_an_officer_managing_the_enterprise_writes_the_calendar(world, enterprise, role):
    AssignmentFactory(dossier=enterprise.dossier, mentor=world.users["mentor"])
    due = obligation(enterprise)
    for user in (world.users[role], world.outsider):
        with pytest.raises(EnterpriseError) as error:
            complete_obligation(due, actor=user, done_on=TODAY)
        assert error.value.code == ErrorCode.NOT_ALLOWED
        with pytest.raises(EnterpriseError):
            add_obligation(enterprise, actor=user, kind=ObligationKind.OTHER, due_on=TODAY, label="x")
    assert fresh(due).done_on is None and Obligation.objects.count() == 1


def test_add_an_obligation(enterprise, officer):
    added = add_obligation(
        enterprise,
        actor=officer,
        kind=ObligationKind.OTHER,
        due_on=TODAY + 40 * DAY,
        label="Renouveler le bail",
    )
    assert (added.kind, added.label, added.due_on) == (
        ObligationKind.OTHER,
        "Renouveler le bail",
        TODAY + 40 * DAY,
    )
    assert "enterprises.obligation.added" in [e.action for e in entries_for(enterprise)]


def test_adding_a_bad_obligation_is_refused(enterprise, officer):
    cases = [
        ({"kind": "lunch", "due_on": TODAY}, "kind"),
        ({"kind": ObligationKind.OTHER, "due_on": TODAY}, "label"),
        ({"kind": ObligationKind.SOCIAL_SECURITY, "due_on": "soon"}, "due_on"),
        ({"kind": ObligationKind.SOCIAL_SECURITY, "due_on": enterprise.created_on - DAY}, "due_on"),
    ]
    for fields, field in cases:
        with pytest.raises(EnterpriseError) as error:
            add_obligation(enterprise, actor=officer, **fields)
        assert error.value.field == field, fields
    add_obligation(enterprise, actor=officer, kind=ObligationKind.SOCIAL_SECURITY, due_on=TODAY)
    with pytest.raises(EnterpriseError) as error:
        add_obligation(enterprise, actor=officer, kind=ObligationKind.SOCIAL_SECURITY, due_on=TODAY)
    assert error.value.field == "due_on"
    assert Obligation.objects.count() == 1


def test_no_obligation_is_added_to_a_closed_enterprise(enterprise, officer):
    Enterprise.objects.filter(pk=enterprise.pk).update(status=EnterpriseStatus.CLOSED, ended_on=TODAY)
    with pytest.raises(EnterpriseError) as error:
        add_obligation(enterprise, actor=officer, kind=ObligationKind.SOCIAL_SECURITY, due_on=TODAY)
    assert error.value.code == ErrorCode.CLOSED


# --- the enterprise page's section ----------------------------------------------------------


def _section(user, enterprise):
    found = [s for s in sections_for("enterprises.enterprise_detail", user, enterprise) if "rows" in s]
    return found[0] if found else None


def test_the_section_shows_done_late_and_to_do_and_the_forms_to_the_officer(world, enterprise, officer):
    late = obligation(enterprise, in_days=-3)
    to_do = obligation(enterprise, in_days=3, kind=ObligationKind.SOCIAL_SECURITY)
    done = obligation(enterprise, in_days=-20, kind=ObligationKind.SOCIAL_DECLARATION, done_on=TODAY - DAY)
    section = _section(officer, enterprise)
    assert {row["obligation"].pk: row["state"] for row in section["rows"]} == {
        late.pk: "late",
        to_do.pk: "due",
        done.pk: "done",
    }
    assert section["late_count"] == 1 and section["can_manage"] and section["event_form"] is not None

    director = _section(world.users["director"], enterprise)
    assert director is not None and not director["can_manage"] and director["event_form"] is None
    assert _section(world.outsider, enterprise) is None
    assert _section(world.users["project_holder"], enterprise) is None


def test_the_section_renders(client, world, enterprise, officer):
    obligation(enterprise, in_days=-3)
    section = _section(officer, enterprise)
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = officer
    html = render_to_string(section["template"], {"section": section}, request=request)
    assert "enterprise-calendar" in html and "record-life-event" in html
    assert reverse("enterprises:life_event_record", args=[enterprise.pk]) in html


# --- the forms' views --------------------------------------------------------------------


def test_mark_done_and_reopen_from_the_page(client, enterprise, officer):
    due = obligation(enterprise, in_days=-2)
    client.force_login(officer)
    response = client.post(
        reverse("enterprises:obligation_complete", args=[due.pk]), {"done_on": TODAY.isoformat()}
    )
    assert response.status_code == 302 and fresh(due).done_on == TODAY
    client.post(reverse("enterprises:obligation_reopen", args=[due.pk]))
    assert fresh(due).done_on is None


def test_a_future_done_date_from_the_page_shows_the_error(client, enterprise, officer):
    due = obligation(enterprise)
    client.force_login(officer)
    response = client.post(
        reverse("enterprises:obligation_complete", args=[due.pk]),
        {"done_on": (TODAY + DAY).isoformat()},
        follow=True,
    )
    assert "cannot be in the future" in response.content.decode()
    assert fresh(due).done_on is None


def test_add_an_obligation_from_the_page(client, enterprise, officer):
    client.force_login(officer)
    url = reverse("enterprises:obligation_add", args=[enterprise.pk])
    client.post(url, {"add-kind": "other", "add-due_on": TODAY.isoformat(), "add-label": "Bail"})
    assert Obligation.objects.filter(enterprise=enterprise, label="Bail").exists()


def test_record_life_events_from_the_page_with_the_bad_inputs(client, enterprise, officer):
    client.force_login(officer)
    url = reverse("enterprises:life_event_record", args=[enterprise.pk])
    yesterday = (TODAY - DAY).isoformat()

    response = client.post(url, {"kind": "closed", "occurred_on": yesterday, "version": "1"}, follow=True)
    assert "Give the reason the enterprise closed." in response.content.decode()
    response = client.post(url, {"kind": "resumed", "occurred_on": yesterday, "version": "1"}, follow=True)
    assert "Only a suspended activity can resume" in response.content.decode()
    assert not LifeEvent.objects.exists()

    client.post(url, {"kind": "suspended", "occurred_on": yesterday, "version": "1"})
    response = client.post(
        url, {"kind": "resumed", "occurred_on": TODAY.isoformat(), "version": "1"}, follow=True
    )
    assert "Someone else changed this enterprise" in response.content.decode()
    assert fresh(enterprise).status == EnterpriseStatus.SUSPENDED

    client.post(
        url,
        {"kind": "closed", "occurred_on": TODAY.isoformat(), "reason": ClosureReason.DEBT, "version": "2"},
    )
    assert fresh(enterprise).status == EnterpriseStatus.CLOSED
    response = client.post(
        url, {"kind": LifeEventKind.RESUMED, "occurred_on": TODAY.isoformat(), "version": "3"}, follow=True
    )
    assert "no further event can be recorded" in response.content.decode()
    assert LifeEvent.objects.count() == 2


@pytest.mark.parametrize("role", ["director", "mentor", "project_holder"])
def test_other_roles_cannot_post_the_forms(client, world, enterprise, role):
    due = obligation(enterprise)
    client.force_login(world.users[role])
    response = client.post(
        reverse("enterprises:obligation_complete", args=[due.pk]), {"done_on": TODAY.isoformat()}
    )
    assert response.status_code in (403, 404) and fresh(due).done_on is None


# --- the cross-enterprise calendar ----------------------------------------------------------


def test_the_calendar_lists_late_and_soon_due_obligations_in_reach(client, world, enterprise, officer):
    late = obligation(enterprise, in_days=-3, label="Zlatez")
    soon = obligation(enterprise, in_days=20, kind=ObligationKind.SOCIAL_SECURITY, label="Zsoonz")
    obligation(enterprise, in_days=60, kind=ObligationKind.SOCIAL_DECLARATION, label="Zfarz")
    obligation(enterprise, in_days=-9, kind=ObligationKind.OTHER, label="Zdonez", done_on=TODAY)
    obligation(foreign_enterprise(world, name_latin="Zforeignz"), in_days=-1, label="Zforeignobligationz")
    closed = oran_enterprise(world, status=EnterpriseStatus.CLOSED, ended_on=TODAY)
    obligation(closed, in_days=-1, label="Zclosedz")

    client.force_login(officer)
    html = client.get(reverse("enterprises:calendar")).content.decode()
    assert "Zlatez" in html and "Zsoonz" in html
    for absent in ("Zfarz", "Zdonez", "Zforeignobligationz", "Zclosedz"):
        assert absent not in html, absent

    html = client.get(reverse("enterprises:calendar"), {"state": "late"}).content.decode()
    assert "Zlatez" in html and "Zsoonz" not in html
    html = client.get(
        reverse("enterprises:calendar"), {"kind": ObligationKind.SOCIAL_SECURITY}
    ).content.decode()
    assert "Zsoonz" in html and "Zlatez" not in html
    html = client.get(reverse("enterprises:calendar"), {"province": world.hoceima.pk}).content.decode()
    assert "Zlatez" not in html
    html = client.get(reverse("enterprises:calendar"), {"province": world.oran.pk}).content.decode()
    assert "Zlatez" in html
    assert late.pk and soon.pk


def test_the_calendar_is_for_officers_and_directors(client, world):
    client.force_login(world.users["director"])
    assert client.get(reverse("enterprises:calendar")).status_code == 200
    for role in ("mentor", "project_holder", "trainer"):
        client.force_login(world.users[role])
        assert client.get(reverse("enterprises:calendar")).status_code == 403, role
