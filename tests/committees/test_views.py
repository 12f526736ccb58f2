import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.committees import services
from rowad.committees.enums import SessionStatus
from rowad.committees.models import AgendaItem, CommitteeSession, Evaluation
from rowad.dossiers.enums import DossierState

pytestmark = pytest.mark.integration


def test_session_create_form_posted_twice_creates_one_session(committee, client):
    client.force_login(committee.officer)
    page = client.get(reverse("committees:session_create"))
    client_uuid = page.context["form"]["client_uuid"].value()
    data = {
        "organization": committee.world.oran_agency.pk,
        "programme": committee.programme.pk,
        "title": "Commission d'Oran",
        "held_at": "2026-09-05T09:00",
        "place": "Siège ANSEJ Oran",
        "quorum": "2",
        "members": [m.pk for m in committee.members],
        "client_uuid": str(client_uuid),
    }
    first = client.post(reverse("committees:session_create"), data)
    second = client.post(reverse("committees:session_create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert CommitteeSession.objects.filter(title="Commission d'Oran").count() == 1


def test_session_create_refuses_a_quorum_above_the_members(committee, client):
    client.force_login(committee.officer)
    response = client.post(
        reverse("committees:session_create"),
        {
            "organization": committee.world.oran_agency.pk,
            "title": "X",
            "held_at": "2026-09-05T09:00",
            "place": "Oran",
            "quorum": "9",
            "members": [committee.members[0].pk],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["quorum"] == ["The quorum cannot exceed the number of members."]


def test_session_create_refuses_a_bad_date(committee, client):
    client.force_login(committee.officer)
    response = client.post(
        reverse("committees:session_create"),
        {
            "organization": committee.world.oran_agency.pk,
            "title": "X",
            "held_at": "demain",
            "place": "Oran",
            "quorum": "1",
            "members": [committee.members[0].pk],
        },
    )
    assert response.status_code == 200
    assert "held_at" in response.context["form"].errors


def test_session_detail_lists_members_and_agenda(committee, client):
    services.add_agenda_item(committee.session, dossier=committee.dossiers[0], actor=committee.officer)
    client.force_login(committee.members[0])
    body = client.get(
        reverse("committees:session_detail", kwargs={"pk": committee.session.pk})
    ).content.decode()
    assert "Fibre Oran Est" in body
    assert "Membre0" in body


def test_decision_by_htmx_returns_the_item_card(committee, client):
    session = committee.session
    services.record_attendance(session, present=committee.members, actor=committee.officer)
    item = services.add_agenda_item(session, dossier=committee.dossiers[0], actor=committee.officer)
    client.force_login(committee.officer)
    prefix = f"item{item.pk}"
    data = {f"{prefix}-decision": "approved", f"{prefix}-reasons": "", f"{prefix}-version": "1"}
    data.update({f"{prefix}-vote_{m.pk}": "for" for m in committee.members})
    response = client.post(
        reverse("committees:item_decide", kwargs={"pk": item.pk}), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).decision == "approved"


def test_decision_without_quorum_shows_the_reason(committee, client):
    session = committee.session
    services.record_attendance(session, present=committee.members[:1], actor=committee.officer)
    item = services.add_agenda_item(session, dossier=committee.dossiers[0], actor=committee.officer)
    client.force_login(committee.officer)
    prefix = f"item{item.pk}"
    response = client.post(
        reverse("committees:item_decide", kwargs={"pk": item.pk}),
        {f"{prefix}-decision": "approved", f"{prefix}-vote_{committee.members[0].pk}": "for"},
        HTTP_HX_REQUEST="true",
    )
    assert "The quorum is not reached" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).decision == ""


def test_announce_through_the_page(committee, client):
    session = committee.session
    services.record_attendance(session, present=committee.members, actor=committee.officer)
    for dossier in committee.dossiers:
        item = services.add_agenda_item(session, dossier=dossier, actor=committee.officer)
        services.record_decision(
            item,
            decision="approved",
            reasons="",
            votes={m.pk: "for" for m in committee.members},
            actor=committee.officer,
        )
    session.refresh_from_db()
    client.force_login(committee.members[1])
    response = client.post(
        reverse("committees:session_announce", kwargs={"pk": session.pk}), {"version": session.version}
    )
    assert response.status_code == 302
    assert CommitteeSession.objects.get(pk=session.pk).status == SessionStatus.ANNOUNCED
    assert [type(d).objects.get(pk=d.pk).state for d in committee.dossiers] == [DossierState.APPROVED] * 2


def test_committee_member_of_another_session_cannot_run_this_one(committee, client, world):
    outsider_member = committee.members[2]
    committee.session.seats.filter(user=outsider_member).delete()
    client.force_login(outsider_member)
    response = client.post(
        reverse("committees:session_attendance", kwargs={"pk": committee.session.pk}), {"present": []}
    )
    assert response.status_code == 404


def test_evaluation_form_saves_and_refuses_a_stale_page(committee, client):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    criteria = list(committee.grid.criteria.all())
    client.force_login(member)
    url = reverse("committees:evaluation", kwargs={"pk": evaluation.pk})
    data = {f"score_{c.pk}": "12" for c in criteria} | {"version": "1", "comment": "Bien"}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {f"score_{c.pk}": "3" for c in criteria} | {"version": "1"})
    assert stale.status_code == 409
    assert Evaluation.objects.get(pk=evaluation.pk).version == 2


def test_evaluation_form_refuses_a_score_out_of_range_with_a_message(committee, client):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    criteria = list(committee.grid.criteria.all())
    client.force_login(member)
    response = client.post(
        reverse("committees:evaluation", kwargs={"pk": evaluation.pk}),
        {f"score_{c.pk}": "99" for c in criteria},
    )
    assert response.status_code == 200
    assert "the score must be between 0 and 20" in response.content.decode()


def test_officer_reads_an_evaluation_but_cannot_post_it(committee, client):
    evaluation = services.assign_evaluator(
        committee.dossiers[0], evaluator=committee.members[0], actor=committee.officer
    )
    client.force_login(committee.officer)
    url = reverse("committees:evaluation", kwargs={"pk": evaluation.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": "1"}).status_code == 403


def test_scores_partial_for_htmx(committee, client):
    client.force_login(committee.world.users[Role.DIRECTOR])
    response = client.get(
        reverse("committees:dossier_scores", kwargs={"pk": committee.dossiers[0].pk}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "committees/_dossier_scores.html"


def test_session_list_hides_other_organizations_sessions(committee, client, world):
    client.force_login(world.outsider)
    assert client.get(reverse("committees:session_list")).status_code == 200
    assert committee.session.title not in client.get(reverse("committees:session_list")).content.decode()


def test_api_evaluation_put_scores(committee, client):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    client.force_login(member)
    payload = {
        "scores": [{"criterion": c.pk, "value": "11.5"} for c in committee.grid.criteria.all()],
        "version": 1,
    }
    url = reverse("evaluation-detail", kwargs={"pk": evaluation.pk})
    response = client.put(url, payload, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    stale = client.put(url, payload | {"scores": payload["scores"][:1] * 1}, content_type="application/json")
    assert stale.status_code == 400
    conflict = client.put(
        url,
        {"scores": [{"criterion": c.pk, "value": "3"} for c in committee.grid.criteria.all()], "version": 1},
        content_type="application/json",
    )
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "stale_edit"
