"""The holder is told at the milestones of their dossier only (workflow.HOLDER_MILESTONES),
never at the agency's internal steps."""

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers import services
from rowad.dossiers.enums import DossierState as S
from rowad.dossiers.workflow import HOLDER_MILESTONES, TRANSITIONS, tells_holder
from rowad.messaging.models import Message
from rowad.people.services import record_consent
from tests.dossiers.factories import advance, make_dossier

pytestmark = pytest.mark.integration

INTERNAL_STEPS = {S.ELIGIBILITY_CHECKED, S.UNDER_STUDY, S.READY_FOR_COMMITTEE, S.TO_FINANCING}


@pytest.fixture(autouse=True)
def contact_consent(holder_user):
    record_consent(holder_user.person, purpose="contact", actor=None)


def _dossier_kinds() -> list[str]:
    """The kinds of the state messages sent, one per state change (the email's)."""
    return list(
        Message.objects.filter(kind__startswith="dossiers.state.", channel="email")
        .order_by("id")
        .values_list("kind", flat=True)
    )


def test_internal_steps_are_not_milestones():
    assert HOLDER_MILESTONES.isdisjoint(INTERNAL_STEPS)
    assert [t for t in TRANSITIONS if t.target in INTERNAL_STEPS and t.notify] == []


def test_filing_a_settled_dossier_away_tells_nobody():
    assert not tells_holder(S.COMPANY_CREATED, S.CLOSED)
    assert not tells_holder(S.REJECTED, S.CLOSED)
    assert tells_holder(S.FINANCED, S.CLOSED)


def test_whole_path_sends_exactly_the_milestones(world, holder_user, django_capture_on_commit_callbacks):
    officer = world.users[Role.AGENCY_OFFICER]
    dossier = make_dossier(world, holders=[holder_user.person])

    with django_capture_on_commit_callbacks(execute=True):
        advance(dossier, S.CLOSED, actor=officer)

    assert _dossier_kinds() == [
        "dossiers.state.submitted",
        "dossiers.state.approved",
        "dossiers.state.financed",
        "dossiers.state.company_created",
    ]
    assert Message.objects.filter(kind__startswith="dossiers.state.").count() == 8  # email and SMS


def test_sent_back_to_revise_tells_the_reason_then_the_new_submission(
    world, holder_user, django_capture_on_commit_callbacks
):
    officer = world.users[Role.AGENCY_OFFICER]
    dossier = make_dossier(world, holders=[holder_user.person])

    with django_capture_on_commit_callbacks(execute=True):
        dossier = advance(dossier, S.UNDER_STUDY, actor=officer)
        dossier = services.set_dossier_state(dossier, S.TO_REVISE, actor=officer, note="Chiffrez le matériel")
        services.set_dossier_state(dossier, S.SUBMITTED, actor=holder_user)

    assert _dossier_kinds() == [
        "dossiers.state.submitted",
        "dossiers.state.to_revise",
        "dossiers.state.submitted",
    ]
    revise = Message.objects.get(kind="dossiers.state.to_revise", channel="email")
    assert "Chiffrez le matériel" in revise.body
