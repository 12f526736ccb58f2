from datetime import datetime

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.committees import services
from rowad.committees.enums import SessionStatus
from rowad.committees.models import AgendaItem, CommitteeSession, DecisionLetter, Vote
from rowad.core.errors import ConflictError, DomainError
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import StateChange

pytestmark = pytest.mark.integration


def _ready(committee, present=None):
    """Everyone present, both dossiers on the agenda."""
    session = committee.session
    services.record_attendance(
        session, present=present if present is not None else committee.members, actor=committee.officer
    )
    items = [
        services.add_agenda_item(session, dossier=d, actor=committee.officer) for d in committee.dossiers
    ]
    return session, items


def _votes(committee, choice="for"):
    return {m.pk: choice for m in committee.members}


def test_create_session_with_the_same_form_twice_creates_one(world, committee):
    kwargs = {
        "organization": world.oran_agency,
        "title": "Commission du 5 septembre",
        "held_at": timezone.make_aware(datetime(2026, 9, 5, 9, 0)),
        "quorum": 2,
        "members": committee.members,
        "place": "Oran",
        "actor": committee.officer,
        "client_uuid": "7d0b7a43-3f0c-4b0e-9c55-0c0e1c1f0a01",
    }
    first = services.create_session(**kwargs)
    second = services.create_session(**kwargs)
    assert first.pk == second.pk
    assert CommitteeSession.objects.filter(title="Commission du 5 septembre").count() == 1
    assert first.seats.count() == 3


def test_create_session_refuses_a_quorum_above_the_members(world, committee):
    with pytest.raises(DomainError) as error:
        services.create_session(
            organization=world.oran_agency,
            title="X",
            held_at=timezone.now(),
            quorum=4,
            members=committee.members,
            place="Oran",
            actor=committee.officer,
        )
    assert error.value.code == "bad_quorum"


def test_create_session_needs_a_place_or_a_video_link(world, committee):
    with pytest.raises(DomainError) as error:
        services.create_session(
            organization=world.oran_agency,
            title="X",
            held_at=timezone.now(),
            quorum=1,
            members=committee.members,
            actor=committee.officer,
        )
    assert error.value.code == "no_place"


def test_add_agenda_item_twice_adds_it_once(committee):
    session = committee.session
    first = services.add_agenda_item(session, dossier=committee.dossiers[0], actor=committee.officer)
    second = services.add_agenda_item(session, dossier=committee.dossiers[0], actor=committee.officer)
    assert first.pk == second.pk
    assert session.items.count() == 1


def test_add_agenda_item_refuses_a_dossier_not_ready_for_committee(committee):
    dossier = committee.dossiers[0]
    dossier.state = DossierState.UNDER_STUDY
    dossier.save()
    with pytest.raises(DomainError) as error:
        services.add_agenda_item(committee.session, dossier=dossier, actor=committee.officer)
    assert error.value.code == "not_ready"


def test_record_decision_without_quorum_is_refused(committee):
    _session, items = _ready(committee, present=committee.members[:1])
    with pytest.raises(DomainError) as error:
        services.record_decision(
            items[0], decision="approved", reasons="", votes=_votes(committee), actor=committee.officer
        )
    assert error.value.code == "no_quorum"
    assert AgendaItem.objects.get(pk=items[0].pk).decision == ""


def test_record_decision_stores_votes_of_members_present(committee):
    _session, items = _ready(committee)
    m = committee.members
    item = services.record_decision(
        items[0],
        decision="approved",
        reasons="Projet viable",
        votes={m[0].pk: "for", m[1].pk: "for", m[2].pk: "abstain"},
        actor=committee.officer,
    )
    assert item.tally() == {"for": 2, "against": 0, "abstain": 1}
    assert item.decision == "approved"
    # Nothing reaches the dossier before the announcement.
    committee.dossiers[0].refresh_from_db()
    assert committee.dossiers[0].state == DossierState.READY_FOR_COMMITTEE


def test_record_decision_again_replaces_the_votes(committee):
    _session, items = _ready(committee)
    services.record_decision(
        items[0], decision="approved", reasons="", votes=_votes(committee), actor=committee.officer
    )
    services.record_decision(
        items[0],
        decision="deferred",
        reasons="Devis manquants",
        votes=_votes(committee, "abstain"),
        actor=committee.officer,
    )
    assert Vote.objects.filter(item=items[0]).count() == 3
    assert AgendaItem.objects.get(pk=items[0].pk).decision == "deferred"


def test_record_decision_refuses_a_vote_of_an_absent_member(committee):
    _session, items = _ready(committee, present=committee.members[:2])
    with pytest.raises(DomainError) as error:
        services.record_decision(
            items[0], decision="approved", reasons="", votes=_votes(committee), actor=committee.officer
        )
    assert error.value.code == "vote_not_present"


def test_record_decision_refuses_an_approval_the_votes_do_not_carry(committee):
    _session, items = _ready(committee)
    m = committee.members
    with pytest.raises(DomainError) as error:
        services.record_decision(
            items[0],
            decision="approved",
            reasons="",
            votes={m[0].pk: "for", m[1].pk: "against", m[2].pk: "against"},
            actor=committee.officer,
        )
    assert error.value.code == "votes_disagree"


def test_record_decision_refuses_a_rejection_without_reasons(committee):
    _session, items = _ready(committee)
    with pytest.raises(DomainError) as error:
        services.record_decision(
            items[0],
            decision="rejected",
            reasons=" ",
            votes=_votes(committee, "against"),
            actor=committee.officer,
        )
    assert error.value.code == "reasons_required"


def test_record_decision_refuses_fewer_votes_than_the_quorum(committee):
    _session, items = _ready(committee)
    with pytest.raises(DomainError) as error:
        services.record_decision(
            items[0],
            decision="approved",
            reasons="",
            votes={committee.members[0].pk: "for"},
            actor=committee.officer,
        )
    assert error.value.code == "too_few_votes"


def test_record_decision_refuses_an_unknown_decision(committee):
    _session, items = _ready(committee)
    with pytest.raises(DomainError) as error:
        services.record_decision(
            items[0], decision="maybe", reasons="", votes=_votes(committee), actor=committee.officer
        )
    assert error.value.code == "bad_decision"


def test_record_decision_from_a_stale_page_is_refused(committee):
    _session, items = _ready(committee)
    services.record_decision(
        items[0],
        decision="approved",
        reasons="",
        votes=_votes(committee),
        actor=committee.officer,
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        services.record_decision(
            items[0],
            decision="deferred",
            reasons="Plus tard",
            votes=_votes(committee),
            actor=committee.members[0],
            expected_version=1,
        )


def test_announce_applies_every_decision_and_issues_letters(
    committee, django_capture_on_commit_callbacks, monkeypatch
):
    notified = []
    monkeypatch.setattr("rowad.dossiers.notifications.notify_state_change", notified.append)
    session, items = _ready(committee)
    services.record_decision(
        items[0], decision="approved", reasons="Viable", votes=_votes(committee), actor=committee.officer
    )
    services.record_decision(
        items[1],
        decision="deferred",
        reasons="Devis à compléter",
        votes=_votes(committee, "abstain"),
        actor=committee.officer,
    )
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.announce_session(session, actor=committee.officer, expected_version=session.version)
    states = [d.__class__.objects.get(pk=d.pk).state for d in committee.dossiers]
    assert states == [DossierState.APPROVED, DossierState.DEFERRED]
    assert (
        StateChange.objects.filter(dossier=committee.dossiers[1], to_state="deferred").get().note
        == "Devis à compléter"
    )
    assert CommitteeSession.objects.get(pk=session.pk).status == SessionStatus.ANNOUNCED
    assert sorted(DecisionLetter.objects.values_list("holder_id", flat=True)) == sorted(
        h.pk for h in committee.holders
    )
    assert len(notified) == 2


def test_announce_with_an_undecided_dossier_changes_nothing(committee):
    session, items = _ready(committee)
    services.record_decision(
        items[0], decision="approved", reasons="", votes=_votes(committee), actor=committee.officer
    )
    with pytest.raises(DomainError) as error:
        services.announce_session(session, actor=committee.officer)
    assert error.value.code == "undecided"
    assert (
        committee.dossiers[0].__class__.objects.get(pk=committee.dossiers[0].pk).state
        == DossierState.READY_FOR_COMMITTEE
    )


def test_announce_is_all_or_nothing_when_one_dossier_refuses(committee):
    session, items = _ready(committee)
    for item in items:
        services.record_decision(
            item, decision="approved", reasons="", votes=_votes(committee), actor=committee.officer
        )
    # Someone withdrew the second dossier meanwhile.
    other = committee.dossiers[1]
    other.state = DossierState.WITHDRAWN
    other.save()
    with pytest.raises(DomainError):
        services.announce_session(session, actor=committee.officer)
    assert (
        committee.dossiers[0].__class__.objects.get(pk=committee.dossiers[0].pk).state
        == DossierState.READY_FOR_COMMITTEE
    )
    assert DecisionLetter.objects.count() == 0
    assert CommitteeSession.objects.get(pk=session.pk).status == SessionStatus.PLANNED


def test_announce_twice_is_refused(committee):
    session, items = _ready(committee)
    for item in items:
        services.record_decision(
            item, decision="approved", reasons="", votes=_votes(committee), actor=committee.officer
        )
    services.announce_session(session, actor=committee.officer)
    with pytest.raises(DomainError) as error:
        services.announce_session(session, actor=committee.officer)
    assert error.value.code == "announced"
    assert DecisionLetter.objects.count() == 2


def test_announce_from_a_stale_page_is_refused(committee):
    session, items = _ready(committee)
    for item in items:
        services.record_decision(
            item, decision="approved", reasons="", votes=_votes(committee), actor=committee.officer
        )
    with pytest.raises(ConflictError):
        services.announce_session(session, actor=committee.officer, expected_version=1)


def test_committee_member_can_announce(committee):
    session, items = _ready(committee)
    for item in items:
        services.record_decision(
            item, decision="approved", reasons="", votes=_votes(committee), actor=committee.members[0]
        )
    services.announce_session(session, actor=committee.world.users[Role.COMMITTEE_MEMBER])
    assert CommitteeSession.objects.get(pk=session.pk).status == SessionStatus.ANNOUNCED


def test_announce_notifies_each_holder_after_commit_in_their_language(
    committee, django_capture_on_commit_callbacks
):
    from django.core import mail

    from rowad.core.sms import MemorySMSBackend

    MemorySMSBackend.outbox.clear()
    first, second = committee.holders
    first.email, first.phone, first.preferred_language = "yacine@example.org", "+213661234567", "fr"
    first.save()
    second.email, second.preferred_language = "amina@example.org", "ar"
    second.save()
    from rowad.people.services import record_consent

    for holder in (first, second):  # messages need the holder's contact consent
        record_consent(holder, purpose="contact", actor=None)
    session, items = _ready(committee)
    services.record_decision(
        items[0], decision="approved", reasons="", votes=_votes(committee), actor=committee.officer
    )
    services.record_decision(
        items[1],
        decision="rejected",
        reasons="Marché saturé",
        votes=_votes(committee, "against"),
        actor=committee.officer,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.announce_session(session, actor=committee.officer)
        assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):  # the messages go after commit too
        for callback in callbacks:
            callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "yacine@example.org"]
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661234567"]
