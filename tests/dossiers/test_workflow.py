import pytest
from django.core.management import call_command

from rowad.accounts.enums import Role
from rowad.core.errors import DomainError
from rowad.core.models import AuditEntry
from rowad.dossiers import services
from rowad.dossiers.enums import DossierState, StudyResult
from rowad.dossiers.models import Dossier, StateChange, Study
from rowad.dossiers.workflow import BY_EDGE, TRANSITIONS

pytestmark = pytest.mark.integration

EDGES = [(t.source, t.target) for t in TRANSITIONS if not t.by_body]
BODY_EDGES = [(t.source, t.target) for t in TRANSITIONS if t.by_body]
REFUSED_EDGES = [(s, t) for s in DossierState.values for t in DossierState.values if (s, t) not in BY_EDGE]


def _actor_for(transition, world, holder_user):
    if Role.AGENCY_OFFICER in transition.roles:
        return world.users[Role.AGENCY_OFFICER]
    return holder_user


@pytest.mark.parametrize(("source", "target"), EDGES)
def test_transition_allowed(source, target, world, holder_user, ready_dossier):
    dossier = ready_dossier(source)
    transition = BY_EDGE[(source, target)]
    actor = _actor_for(transition, world, holder_user)
    if target == DossierState.COMPANY_CREATED:
        # Its guard asks for the enterprise's record (rowad.enterprises.create_enterprise
        # writes it and takes this transition itself; see tests/enterprises).
        from tests.enterprises.factories import EnterpriseFactory

        EnterpriseFactory(dossier=dossier)

    moved = services.set_dossier_state(
        dossier, target, actor=actor, note="motif", expected_version=dossier.version
    )

    assert moved.state == target
    assert moved.version == dossier.version + 1
    change = StateChange.objects.filter(dossier=dossier).first()
    assert (change.from_state, change.to_state, change.actor, change.note) == (source, target, actor, "motif")
    assert (
        AuditEntry.objects.filter(action=f"dossiers.dossier.{target}", object_id=str(dossier.pk)).count() == 1
    )


@pytest.mark.parametrize(("source", "target"), REFUSED_EDGES)
def test_transition_refused_when_not_in_table(source, target, world, ready_dossier):
    dossier = ready_dossier(source)

    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(dossier, target, actor=world.users[Role.PLATFORM_ADMIN], note="x")

    assert excinfo.value.code == "invalid_transition"
    assert Dossier.objects.get(pk=dossier.pk).state == source


def test_decisions_out_of_ready_for_committee_belong_to_a_body():
    assert sorted(BODY_EDGES) == sorted(
        (DossierState.READY_FOR_COMMITTEE, target)
        for target in (
            DossierState.APPROVED,
            DossierState.REJECTED,
            DossierState.DEFERRED,
            DossierState.TO_REVISE,
        )
    )


@pytest.mark.parametrize(("source", "target"), BODY_EDGES)
@pytest.mark.parametrize("role", [Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER, Role.PLATFORM_ADMIN])
def test_no_one_decides_without_the_committee(source, target, role, world, ready_dossier):
    from tests.dossiers.factories import put_on_agenda

    dossier = ready_dossier(source)
    put_on_agenda(dossier, member=world.users[Role.COMMITTEE_MEMBER])

    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(dossier, target, actor=world.users[role], note="motif")

    assert (excinfo.value.code, excinfo.value.status_code) == ("committee_only", 403)
    assert Dossier.objects.get(pk=dossier.pk).state == source
    assert not StateChange.objects.filter(dossier=dossier, to_state=target).exists()


@pytest.mark.parametrize(("source", "target"), BODY_EDGES)
def test_body_decision_moves_and_is_recorded(source, target, world, ready_dossier):
    from rowad.dossiers.enums import DecisionBody
    from rowad.dossiers.workflow import BodyDecision

    dossier = ready_dossier(source)
    officer = world.users[Role.AGENCY_OFFICER]
    decision = BodyDecision(
        kind=DecisionBody.COMMITTEE,
        reference="committees.agendaitem:7",
        label="Commission de wilaya · 2026-05-01",
        dossier_id=dossier.pk,
        state=target,
    )

    moved = services.set_dossier_state(dossier, target, actor=officer, note="motif", decision=decision)

    assert moved.state == target
    change = StateChange.objects.filter(dossier=dossier).first()
    assert (change.decided_by_body, change.decision_reference, change.decision_label) == (
        "committee",
        "committees.agendaitem:7",
        "Commission de wilaya · 2026-05-01",
    )
    entry = AuditEntry.objects.get(action=f"dossiers.dossier.{target}", object_id=str(dossier.pk))
    assert (entry.data["body"], entry.data["decision"]) == ("committee", "committees.agendaitem:7")


def test_body_decision_for_another_dossier_is_refused(world, ready_dossier):
    from rowad.dossiers.enums import DecisionBody
    from rowad.dossiers.workflow import BodyDecision

    dossier, other = (
        ready_dossier(DossierState.READY_FOR_COMMITTEE),
        ready_dossier(DossierState.READY_FOR_COMMITTEE),
    )
    decision = BodyDecision(
        DecisionBody.COMMITTEE, "committees.agendaitem:1", "x", other.pk, DossierState.APPROVED
    )

    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(
            dossier, DossierState.APPROVED, actor=world.users[Role.AGENCY_OFFICER], decision=decision
        )

    assert excinfo.value.code == "decision_mismatch"


def test_decisions_are_not_offered_on_the_dossier(world, ready_dossier):
    dossier = ready_dossier(DossierState.READY_FOR_COMMITTEE)
    targets = {t.target for t in services.available_transitions(dossier, world.users[Role.AGENCY_OFFICER])}
    assert targets == {DossierState.WITHDRAWN}


def test_holder_cannot_approve(holder_user, ready_dossier):
    dossier = ready_dossier(DossierState.READY_FOR_COMMITTEE)
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(dossier, DossierState.APPROVED, actor=holder_user)
    assert (excinfo.value.code, excinfo.value.status_code) == ("committee_only", 403)


def test_field_agent_cannot_move_a_dossier(world, ready_dossier):
    dossier = ready_dossier(DossierState.SUBMITTED)
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(
            dossier, DossierState.ELIGIBILITY_CHECKED, actor=world.users[Role.FIELD_AGENT]
        )
    assert excinfo.value.code == "not_allowed"


def test_officer_out_of_scope_cannot_move_a_dossier(world, ready_dossier):
    dossier = ready_dossier(DossierState.SUBMITTED)
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(dossier, DossierState.ELIGIBILITY_CHECKED, actor=world.outsider)
    assert excinfo.value.code == "not_allowed"


def test_stale_transition_refused_with_409(world, ready_dossier):
    dossier = ready_dossier(DossierState.SUBMITTED)
    officer = world.users[Role.AGENCY_OFFICER]
    loaded_version = dossier.version
    services.set_dossier_state(dossier, DossierState.TO_REVISE, actor=officer, note="Précisez le marché")

    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(
            dossier, DossierState.ELIGIBILITY_CHECKED, actor=officer, expected_version=loaded_version
        )

    assert (excinfo.value.code, excinfo.value.status_code) == ("stale_edit", 409)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.TO_REVISE


def test_note_required_to_send_back(world, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(
            dossier, DossierState.TO_REVISE, actor=world.users[Role.AGENCY_OFFICER], note="  "
        )
    assert excinfo.value.code == "note_required"


def test_revision_request_keeps_the_note(world, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    moved = services.set_dossier_state(
        dossier, DossierState.TO_REVISE, actor=world.users[Role.AGENCY_OFFICER], note="Chiffrez l'équipement"
    )
    assert moved.revision_request == "Chiffrez l'équipement"


def test_study_start_refused_when_documents_missing(world, ready_dossier):
    dossier = ready_dossier(DossierState.ELIGIBILITY_CHECKED)
    dossier.documents.all().delete()
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(dossier, DossierState.UNDER_STUDY, actor=world.users[Role.AGENCY_OFFICER])
    assert excinfo.value.code == "incomplete_documents"


def test_committee_refused_when_financing_does_not_add_up(world, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    services.set_financing(
        dossier,
        lines=[{"kind": "personal_contribution", "amount": "10"}],
        actor=world.users[Role.AGENCY_OFFICER],
    )
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(
            dossier, DossierState.READY_FOR_COMMITTEE, actor=world.users[Role.AGENCY_OFFICER]
        )
    assert excinfo.value.code == "financing_unbalanced"


def test_committee_refused_while_study_pending(world, ready_dossier):
    dossier = ready_dossier(DossierState.UNDER_STUDY)
    Study.objects.filter(dossier=dossier).update(result=StudyResult.PENDING)
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(
            dossier, DossierState.READY_FOR_COMMITTEE, actor=world.users[Role.AGENCY_OFFICER]
        )
    assert excinfo.value.code == "study_incomplete"


def test_eligibility_confirmation_refused_when_not_eligible(world, ready_dossier):
    dossier = ready_dossier(DossierState.SUBMITTED)
    dossier.programme.max_age = 18
    dossier.programme.min_age = 16
    dossier.programme.save()
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(
            dossier, DossierState.ELIGIBILITY_CHECKED, actor=world.users[Role.AGENCY_OFFICER]
        )
    assert excinfo.value.code == "not_eligible"


def test_unknown_state_refused(world, ready_dossier):
    dossier = ready_dossier(DossierState.IDEA)
    with pytest.raises(DomainError) as excinfo:
        services.set_dossier_state(dossier, "paid", actor=world.users[Role.AGENCY_OFFICER])
    assert excinfo.value.code == "unknown_state"


def test_state_diagram_doc_is_current():
    call_command("dossier_state_diagram", "--check")


def test_holder_edits_own_dossier_in_to_revise_only(holder_user, ready_dossier):
    dossier = ready_dossier(DossierState.TO_REVISE)
    updated, changed = services.update_dossier(
        dossier, data={"idea": "Idée approfondie"}, actor=holder_user, expected_version=dossier.version
    )
    assert (updated.idea, changed) == ("Idée approfondie", ["idea"])

    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.UNDER_STUDY)
    with pytest.raises(DomainError) as excinfo:
        services.update_dossier(dossier, data={"idea": "Encore"}, actor=holder_user, expected_version=None)
    assert excinfo.value.code == "not_editable"


def test_holder_submits_and_withdraws_own_dossier(holder_user, ready_dossier):
    dossier = ready_dossier(DossierState.IDEA)
    submitted = services.submit_dossier(dossier, actor=holder_user)
    assert (submitted.state, submitted.submitted_at is not None) == (DossierState.SUBMITTED, True)

    withdrawn = services.set_dossier_state(
        submitted, DossierState.WITHDRAWN, actor=holder_user, note="Emploi trouvé"
    )
    assert withdrawn.state == DossierState.WITHDRAWN


def test_holder_cannot_submit_someone_elses_dossier(world, holder_user):
    from tests.dossiers.factories import make_dossier

    dossier = make_dossier(world)
    with pytest.raises(DomainError) as excinfo:
        services.submit_dossier(dossier, actor=holder_user)
    assert excinfo.value.code == "not_allowed"


def test_submit_refused_without_idea(world, ready_dossier):
    dossier = ready_dossier(DossierState.IDEA)
    Dossier.objects.filter(pk=dossier.pk).update(idea="")
    with pytest.raises(DomainError) as excinfo:
        services.submit_dossier(dossier, actor=world.users[Role.AGENCY_OFFICER])
    assert excinfo.value.code == "missing_details"
