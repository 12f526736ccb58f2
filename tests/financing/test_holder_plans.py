"""The holder proposes their plan from the portal (financing.services.holder_plans):
balanced and within the formula, a difference explained, only their own dossier, only
before submitting; the officer then edits it as any draft."""

from __future__ import annotations

import pytest

from rowad.dossiers import services as dossier_services
from rowad.dossiers.enums import DossierState, FinancingKind
from rowad.financing.enums import ErrorCode, PlanState
from rowad.financing.errors import FinancingError
from rowad.financing.services import holder_plan_rows, plans, propose_holder_plan
from tests.dossiers.factories import make_dossier, oran_programme
from tests.financing.factories import three_part_formula
from tests.financing.plan_helpers import D, bank, officer
from tests.portal.factories import make_holder

pytestmark = pytest.mark.integration


@pytest.fixture
def setup(world):
    user, _account, person = make_holder(world.oran_agency, username="plan-holder")
    programme = oran_programme(world)
    formula = three_part_formula(programme, agency=world.oran_agency, bank=bank(world))
    dossier = make_dossier(world, programme=programme, holders=[person], actor=user, investment=D("4500000"))
    parts = list(formula.parts.order_by("position"))
    return dossier, user, parts


def test_holder_plan_rows_show_the_formula_proposal(setup):
    dossier, _user, parts = setup
    _formula, rows = holder_plan_rows(dossier)
    assert [(row["part"], row["proposed"]) for row in rows] == [
        (parts[0], D("90000.00")),
        (parts[1], D("1260000.00")),
        (parts[2], D("3150000.00")),
    ]


def test_holder_proposes_a_larger_contribution_with_a_reason(setup):
    dossier, user, parts = setup
    amounts = {parts[0].pk: D("450000"), parts[1].pk: D("1260000"), parts[2].pk: D("2790000")}
    plan = propose_holder_plan(dossier, amounts=amounts, reason="J'ai des économies.", actor=user)
    lines = list(plan.lines.order_by("position"))
    assert [(line.kind, line.amount) for line in lines] == [
        (FinancingKind.PERSONAL_CONTRIBUTION, D("450000.00")),
        (FinancingKind.AGENCY_LOAN, D("1260000.00")),
        (FinancingKind.BANK_LOAN, D("2790000.00")),
    ]
    assert [line.deviation for line in lines] == ["J'ai des économies.", "", "J'ai des économies."]
    assert (plan.state, plan.officer) == (PlanState.DRAFT, None)
    assert dossier_services.financing_balanced(dossier)


def test_holder_plan_is_then_the_officers_draft(setup, world):
    dossier, user, parts = setup
    amounts = {parts[0].pk: D("90000"), parts[1].pk: D("1260000"), parts[2].pk: D("3150000")}
    plan = propose_holder_plan(dossier, amounts=amounts, actor=user)
    assert [line.deviation for line in plan.lines.all()] == ["", "", ""]
    again = plans.propose_plan(dossier, actor=officer(world))
    assert again.pk == plan.pk


def test_holder_plan_must_balance_and_explain(setup):
    dossier, user, parts = setup
    with pytest.raises(FinancingError) as exc:
        propose_holder_plan(dossier, amounts={parts[0].pk: D("90000")}, actor=user)
    assert exc.value.code == ErrorCode.PLAN_UNBALANCED
    amounts = {parts[0].pk: D("450000"), parts[1].pk: D("1260000"), parts[2].pk: D("2790000")}
    with pytest.raises(FinancingError) as exc:
        propose_holder_plan(dossier, amounts=amounts, actor=user)
    assert exc.value.code == ErrorCode.REASON_REQUIRED


def test_holder_plan_only_own_dossier_and_before_submitting(setup, world):
    dossier, user, parts = setup
    stranger, _account, _person = make_holder(world.oran_agency, username="plan-stranger")
    amounts = {parts[0].pk: D("90000"), parts[1].pk: D("1260000"), parts[2].pk: D("3150000")}
    with pytest.raises(FinancingError) as exc:
        propose_holder_plan(dossier, amounts=amounts, actor=stranger)
    assert exc.value.code == ErrorCode.OUT_OF_SCOPE
    dossier_services.submit_dossier(dossier, actor=user)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    with pytest.raises(FinancingError) as exc:
        propose_holder_plan(dossier, amounts=amounts, actor=user)
    assert exc.value.code == ErrorCode.NOT_EDITABLE
