"""The funders' decisions line by line, and the dossier's "financed" guard."""

from __future__ import annotations

import datetime

import pytest

from rowad.core.concurrency import STALE_EDIT
from rowad.core.models import AuditEntry
from rowad.dossiers import services as dossier_services
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from rowad.financing.enums import ErrorCode, LineDecision, PlanState
from rowad.financing.errors import FinancingError
from rowad.financing.models import FunderDecision
from rowad.financing.services import decisions, plans
from tests.financing.plan_helpers import (
    DECIDED_ON,
    SUBMITTED_ON,
    D,
    bank,
    edit_rows,
    funder_officer,
    lines_of,
    officer,
    submitted_plan,
)

pytestmark = pytest.mark.integration


def _approve_all(plan, actor):
    for line in lines_of(plan):
        decisions.record_decision(line, decision=LineDecision.APPROVED, decided_on=DECIDED_ON, actor=actor)
    plan.refresh_from_db()
    return plan


def test_record_decision_every_line_approved_approves_the_plan(world):
    plan, _bank = submitted_plan(world)

    plan = _approve_all(plan, officer(world))

    assert plan.state == PlanState.APPROVED
    assert plan.approved_on == DECIDED_ON
    assert [line.approved_amount for line in lines_of(plan)] == [
        D("90000.00"),
        D("1260000.00"),
        D("3150000.00"),
    ]
    assert FunderDecision.objects.filter(line__plan=plan).count() == 3
    assert AuditEntry.objects.filter(action="financing.line.approved").count() == 3
    assert AuditEntry.objects.filter(action="financing.plan.approved", object_id=str(plan.pk)).count() == 1


def test_record_decision_by_the_bank_officer_on_its_own_line(world):
    plan, the_bank = submitted_plan(world)
    bank_line = lines_of(plan)[2]

    decision = decisions.record_decision(
        bank_line,
        decision=LineDecision.APPROVED,
        decided_on=DECIDED_ON,
        actor=funder_officer(world, the_bank),
        conditions="Assurance du matériel",
        reference="BADR/2026/114",
    )

    bank_line.refresh_from_db()
    assert (bank_line.decision, bank_line.approved_amount, bank_line.conditions) == (
        LineDecision.APPROVED,
        D("3150000.00"),
        "Assurance du matériel",
    )
    assert decision.reference == "BADR/2026/114"


def test_record_decision_funder_officer_of_another_bank_cannot_decide(world):
    plan, _bank = submitted_plan(world)
    other = funder_officer(world, bank(world, "CPA Oran"))

    with pytest.raises(FinancingError) as exc:
        decisions.record_decision(
            lines_of(plan)[2], decision=LineDecision.APPROVED, decided_on=DECIDED_ON, actor=other
        )

    assert exc.value.code == ErrorCode.NOT_FUNDER
    assert lines_of(plan)[2].decision == LineDecision.SUBMITTED
    assert not FunderDecision.objects.exists()


def test_record_decision_bank_officer_cannot_decide_the_agency_line(world):
    plan, the_bank = submitted_plan(world)

    with pytest.raises(FinancingError) as exc:
        decisions.record_decision(
            lines_of(plan)[1],
            decision=LineDecision.APPROVED,
            decided_on=DECIDED_ON,
            actor=funder_officer(world, the_bank),
        )

    assert exc.value.code == ErrorCode.NOT_FUNDER


def test_record_decision_approval_with_another_amount_is_refused(world):
    plan, _bank = submitted_plan(world)

    with pytest.raises(FinancingError) as exc:
        decisions.record_decision(
            lines_of(plan)[2],
            decision=LineDecision.APPROVED,
            decided_on=DECIDED_ON,
            actor=officer(world),
            amount=D("3000000"),
        )

    assert exc.value.code == ErrorCode.INVALID_AMOUNT


@pytest.mark.parametrize("amount", [D("0"), D("3150000"), D("4000000"), None])
def test_record_decision_reduction_outside_zero_and_requested_is_refused(world, amount):
    plan, _bank = submitted_plan(world)

    with pytest.raises(FinancingError) as exc:
        decisions.record_decision(
            lines_of(plan)[2],
            decision=LineDecision.REDUCED,
            decided_on=DECIDED_ON,
            actor=officer(world),
            amount=amount,
        )

    assert exc.value.code == ErrorCode.INVALID_AMOUNT


def test_record_decision_refusal_needs_a_reason(world):
    plan, _bank = submitted_plan(world)

    with pytest.raises(FinancingError) as exc:
        decisions.record_decision(
            lines_of(plan)[2],
            decision=LineDecision.REFUSED,
            decided_on=DECIDED_ON,
            actor=officer(world),
            reason=" ",
        )

    assert exc.value.code == ErrorCode.REASON_REQUIRED


def test_record_decision_before_submission_is_refused(world):
    plan, _bank = submitted_plan(world)

    with pytest.raises(FinancingError) as exc:
        decisions.record_decision(
            lines_of(plan)[2],
            decision=LineDecision.APPROVED,
            decided_on=SUBMITTED_ON - datetime.timedelta(days=1),
            actor=officer(world),
        )

    assert exc.value.code == ErrorCode.DECIDED_BEFORE_SUBMISSION


def test_record_decision_stale_version_is_refused(world):
    plan, _bank = submitted_plan(world)
    line = lines_of(plan)[2]
    loaded = line.version
    decisions.record_decision(
        line,
        decision=LineDecision.APPROVED,
        decided_on=DECIDED_ON,
        actor=officer(world),
        expected_version=loaded,
    )

    with pytest.raises(FinancingError) as exc:
        decisions.record_decision(
            line,
            decision=LineDecision.REFUSED,
            decided_on=DECIDED_ON,
            actor=officer(world),
            reason="Dossier incomplet",
            expected_version=loaded,
        )

    assert exc.value.code == STALE_EDIT
    assert FunderDecision.objects.filter(line=line).count() == 1


def test_record_decision_refused_line_sends_the_plan_back_then_revised_plan_is_approved(world):
    plan, _the_bank = submitted_plan(world)
    contribution, agency_line, bank_line = lines_of(plan)
    decisions.record_decision(
        contribution, decision=LineDecision.APPROVED, decided_on=DECIDED_ON, actor=officer(world)
    )
    decisions.record_decision(
        agency_line, decision=LineDecision.APPROVED, decided_on=DECIDED_ON, actor=officer(world)
    )

    decisions.record_decision(
        bank_line,
        decision=LineDecision.REFUSED,
        decided_on=DECIDED_ON,
        actor=officer(world),
        reason="Garanties",
    )

    plan.refresh_from_db()
    assert plan.state == PlanState.REVISION
    other_bank = bank(world, "CPA Oran")
    rows = edit_rows(
        plan, {2: {"funder": other_bank.pk, "deviation": "Autre banque après le refus de la BADR"}}
    )
    plan = plans.set_plan_lines(plan, lines=rows, actor=officer(world))
    assert [line.decision for line in lines_of(plan)] == [
        LineDecision.APPROVED,
        LineDecision.APPROVED,
        LineDecision.PENDING,
    ]
    plan = plans.submit_plan(plan, submitted_on=DECIDED_ON, actor=officer(world))
    decisions.record_decision(
        lines_of(plan)[2],
        decision=LineDecision.APPROVED,
        decided_on=DECIDED_ON + datetime.timedelta(days=10),
        actor=funder_officer(world, other_bank),
    )
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert plan.approved_on == DECIDED_ON + datetime.timedelta(days=10)
    assert FunderDecision.objects.filter(line__plan=plan).count() == 4


def test_record_decision_reduction_puts_the_plan_in_revision(world):
    plan, _bank = submitted_plan(world)

    decisions.record_decision(
        lines_of(plan)[2],
        decision=LineDecision.REDUCED,
        decided_on=DECIDED_ON,
        actor=officer(world),
        amount=D("3000000"),
    )

    plan.refresh_from_db()
    assert plan.state == PlanState.REVISION
    assert lines_of(plan)[2].approved_amount == D("3000000.00")


def _dossier_to_financing(plan):
    Dossier.objects.filter(pk=plan.dossier_id).update(state=DossierState.TO_FINANCING)
    return Dossier.objects.get(pk=plan.dossier_id)


def test_dossier_guard_financed_refused_until_every_line_is_approved(world):
    plan, _bank = submitted_plan(world)
    dossier = _dossier_to_financing(plan)
    decisions.record_decision(
        lines_of(plan)[0], decision=LineDecision.APPROVED, decided_on=DECIDED_ON, actor=officer(world)
    )

    with pytest.raises(dossier_services.DossierError):
        dossier_services.set_dossier_state(dossier, DossierState.FINANCED, actor=officer(world))

    dossier.refresh_from_db()
    assert dossier.state == DossierState.TO_FINANCING


def test_dossier_guard_financed_refused_after_a_refused_line(world):
    plan, _bank = submitted_plan(world)
    dossier = _dossier_to_financing(plan)
    decisions.record_decision(
        lines_of(plan)[2],
        decision=LineDecision.REFUSED,
        decided_on=DECIDED_ON,
        actor=officer(world),
        reason="Non",
    )

    with pytest.raises(dossier_services.DossierError) as exc:
        dossier_services.set_dossier_state(dossier, DossierState.FINANCED, actor=officer(world))

    assert "refused" in str(exc.value)


def test_dossier_guard_financed_allowed_once_every_line_is_approved(world):
    plan, _bank = submitted_plan(world)
    dossier = _dossier_to_financing(plan)
    _approve_all(plan, officer(world))

    dossier = dossier_services.set_dossier_state(dossier, DossierState.FINANCED, actor=officer(world))

    assert dossier.state == DossierState.FINANCED
