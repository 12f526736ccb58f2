"""Proposing, explaining and editing a dossier's plan (rowad.financing.services.plans)."""

from __future__ import annotations

import pytest

from rowad.core.concurrency import STALE_EDIT
from rowad.core.models import AuditEntry
from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import ErrorCode, LineDecision, PlanState
from rowad.financing.errors import FinancingError
from rowad.financing.models import FinancingPlan
from rowad.financing.services import plans
from tests.dossiers.factories import make_dossier, oran_programme
from tests.financing.factories import FormulaFactory, FormulaPartFactory
from tests.financing.plan_helpers import D, edit_rows, lines_of, officer, oran_setup

pytestmark = pytest.mark.integration


def test_propose_plan_three_part_formula_at_4_5_million(world):
    dossier, formula, the_bank = oran_setup(world)

    plan = plans.propose_plan(dossier, actor=officer(world))

    assert [(line.kind, line.amount) for line in lines_of(plan)] == [
        (FinancingKind.PERSONAL_CONTRIBUTION, D("90000.00")),
        (FinancingKind.AGENCY_LOAN, D("1260000.00")),
        (FinancingKind.BANK_LOAN, D("3150000.00")),
    ]
    bank_line = lines_of(plan)[2]
    assert (bank_line.funder, bank_line.repaid, bank_line.term_months, bank_line.grace_months) == (
        the_bank,
        True,
        60,
        12,
    )
    assert bank_line.interest_rate == D("5.5")
    assert (plan.state, plan.currency, plan.investment, plan.formula) == (
        PlanState.DRAFT,
        "DZD",
        D("4500000.00"),
        formula,
    )
    assert AuditEntry.objects.filter(action="financing.plan.proposed", object_id=str(plan.pk)).count() == 1


def test_propose_plan_mirrors_the_lines_into_the_editable_dossier(world):
    dossier, _formula, _bank = oran_setup(world)

    plans.propose_plan(dossier, actor=officer(world))

    assert [(line.kind, line.amount) for line in dossier.financing_lines.order_by("position")] == [
        (FinancingKind.PERSONAL_CONTRIBUTION, D("90000.00")),
        (FinancingKind.AGENCY_LOAN, D("1260000.00")),
        (FinancingKind.BANK_LOAN, D("3150000.00")),
    ]


def test_propose_plan_rounds_to_the_cent(world):
    dossier, _formula, _bank = oran_setup(world, investment=D("1000000.01"))

    plan = plans.propose_plan(dossier, actor=officer(world))

    amounts = [line.amount for line in lines_of(plan)]
    assert amounts == [D("20000.00"), D("280000.00"), D("700000.01")]
    assert sum(amounts) == D("1000000.01")


def test_propose_plan_without_formula_is_refused(world):
    dossier = make_dossier(world, investment=D("500000"))

    with pytest.raises(FinancingError) as exc:
        plans.propose_plan(dossier, actor=officer(world))

    assert exc.value.code == ErrorCode.NO_FORMULA
    assert not FinancingPlan.objects.filter(dossier=dossier).exists()


def test_propose_plan_capped_part_leaves_more_to_the_remainder(world):
    programme = oran_programme(world)
    formula = FormulaFactory(programme=programme)
    FormulaPartFactory(formula=formula, kind=FinancingKind.PERSONAL_CONTRIBUTION, funder=None, share=D("5"))
    FormulaPartFactory(formula=formula, kind=FinancingKind.GRANT, share=D("50"), cap=D("200000"))
    FormulaPartFactory(formula=formula, kind=FinancingKind.HONOUR_LOAN, share=D("70"), is_remainder=True)
    dossier = make_dossier(world, programme=programme, investment=D("600000"))

    plan = plans.propose_plan(dossier, actor=officer(world))

    assert [line.amount for line in lines_of(plan)] == [D("30000.00"), D("200000.00"), D("370000.00")]


def test_propose_plan_remainder_beyond_its_share_is_unbalanced(world):
    programme = oran_programme(world)
    formula = FormulaFactory(programme=programme)
    FormulaPartFactory(formula=formula, kind=FinancingKind.PERSONAL_CONTRIBUTION, funder=None, share=D("5"))
    FormulaPartFactory(formula=formula, kind=FinancingKind.GRANT, share=D("50"), cap=D("100000"))
    FormulaPartFactory(formula=formula, kind=FinancingKind.HONOUR_LOAN, share=D("50"), is_remainder=True)
    dossier = make_dossier(world, programme=programme, investment=D("600000"))

    with pytest.raises(FinancingError) as exc:
        plans.propose_plan(dossier, actor=officer(world))

    assert exc.value.code == ErrorCode.PLAN_UNBALANCED
    assert "470" in exc.value.message.replace("\u202f", "").replace("\xa0", "").replace(",", "").replace(
        " ", ""
    )
    assert not FinancingPlan.objects.filter(dossier=dossier).exists()


def test_propose_plan_again_replaces_the_draft_lines(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    type(dossier).objects.filter(pk=dossier.pk).update(investment=D("1000000"))
    dossier.refresh_from_db()

    plan = plans.propose_plan(dossier, actor=officer(world))

    assert [line.amount for line in lines_of(plan)] == [D("20000.00"), D("280000.00"), D("700000.00")]
    assert plan.lines.count() == 3


def test_propose_plan_approved_plan_is_not_proposed_again(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    FinancingPlan.objects.filter(pk=plan.pk).update(state=PlanState.APPROVED)

    with pytest.raises(FinancingError) as exc:
        plans.propose_plan(dossier, actor=officer(world))

    assert exc.value.code == ErrorCode.NOT_EDITABLE


def test_propose_plan_by_officer_of_another_country_is_refused(world):
    dossier, _formula, _bank = oran_setup(world)

    with pytest.raises(FinancingError) as exc:
        plans.propose_plan(dossier, actor=world.outsider)

    assert exc.value.status_code == 403


def test_explain_plan_gives_rule_proposal_and_deviation(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    rows = edit_rows(
        plan,
        {
            0: {"amount": D("135000"), "deviation": "Apport en matériel"},
            2: {"amount": D("3105000"), "deviation": "Apport plus élevé"},
        },
    )
    plan = plans.set_plan_lines(plan, lines=rows, actor=officer(world))

    explanation = plans.explain_plan(plan)

    assert [(row["proposed"], row["amount"], row["differs"]) for row in explanation] == [
        (D("90000.00"), D("135000.00"), True),
        (D("1260000.00"), D("1260000.00"), False),
        (D("3150000.00"), D("3105000.00"), True),
    ]
    assert explanation[0]["deviation"] == "Apport en matériel"
    assert "2" in explanation[0]["rule"] and "28" in explanation[1]["rule"] and "70" in explanation[2]["rule"]


def test_set_plan_lines_not_adding_up_is_refused(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    rows = edit_rows(plan, {2: {"amount": D("3149999.99"), "deviation": "Arrondi"}})

    with pytest.raises(FinancingError) as exc:
        plans.set_plan_lines(plan, lines=rows, actor=officer(world))

    assert exc.value.code == ErrorCode.PLAN_UNBALANCED
    assert lines_of(plan)[2].amount == D("3150000.00")


def test_set_plan_lines_share_above_the_formula_is_refused(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    rows = edit_rows(
        plan,
        {
            1: {"amount": D("1350000"), "deviation": "Besoin plus grand"},
            2: {"amount": D("3060000"), "deviation": "Reste"},
        },
    )

    with pytest.raises(FinancingError) as exc:
        plans.set_plan_lines(plan, lines=rows, actor=officer(world))

    assert exc.value.code == ErrorCode.ABOVE_FORMULA
    assert [line.amount for line in lines_of(plan)] == [D("90000.00"), D("1260000.00"), D("3150000.00")]


def test_set_plan_lines_cap_above_the_formula_is_refused(world):
    programme = oran_programme(world)
    formula = FormulaFactory(programme=programme)
    FormulaPartFactory(formula=formula, kind=FinancingKind.PERSONAL_CONTRIBUTION, funder=None, share=D("10"))
    FormulaPartFactory(formula=formula, kind=FinancingKind.GRANT, share=D("90"), cap=D("500000"))
    FormulaPartFactory(formula=formula, kind=FinancingKind.HONOUR_LOAN, share=D("90"), is_remainder=True)
    dossier = make_dossier(world, programme=programme, investment=D("1000000"))
    plan = plans.propose_plan(dossier, actor=officer(world))
    rows = edit_rows(
        plan,
        {1: {"amount": D("600000"), "deviation": "Plus"}, 2: {"amount": D("300000"), "deviation": "Moins"}},
    )

    with pytest.raises(FinancingError) as exc:
        plans.set_plan_lines(plan, lines=rows, actor=officer(world))

    assert exc.value.code == ErrorCode.ABOVE_FORMULA


def test_set_plan_lines_contribution_below_its_floor_is_refused(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    rows = edit_rows(
        plan,
        {0: {"amount": D("45000"), "deviation": "Moins"}, 2: {"amount": D("3195000"), "deviation": "Plus"}},
    )

    with pytest.raises(FinancingError) as exc:
        plans.set_plan_lines(plan, lines=rows, actor=officer(world))

    assert exc.value.code == ErrorCode.BELOW_FORMULA


def test_set_plan_lines_deviation_without_reason_is_refused(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    rows = edit_rows(plan, {0: {"amount": D("135000")}, 2: {"amount": D("3105000")}})

    with pytest.raises(FinancingError) as exc:
        plans.set_plan_lines(plan, lines=rows, actor=officer(world))

    assert exc.value.code == ErrorCode.REASON_REQUIRED


def test_set_plan_lines_stale_edit_is_refused(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    loaded = plan.version
    rows = edit_rows(
        plan, {0: {"amount": D("135000"), "deviation": "A"}, 2: {"amount": D("3105000"), "deviation": "B"}}
    )
    plans.set_plan_lines(plan, lines=rows, actor=officer(world), expected_version=loaded)

    with pytest.raises(FinancingError) as exc:
        plans.set_plan_lines(plan, lines=edit_rows(plan), actor=officer(world), expected_version=loaded)

    assert exc.value.code == STALE_EDIT
    assert exc.value.status_code == 409
    assert lines_of(plan)[0].amount == D("135000.00")


def test_set_plan_lines_submitted_plan_is_not_editable(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    plan = plans.submit_plan(plan, submitted_on=__import__("datetime").date(2026, 3, 1), actor=officer(world))

    with pytest.raises(FinancingError) as exc:
        plans.set_plan_lines(plan, lines=edit_rows(plan), actor=officer(world))

    assert exc.value.code == ErrorCode.NOT_EDITABLE


def test_set_plan_lines_mirrors_into_the_dossier(world):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    rows = edit_rows(
        plan, {0: {"amount": D("135000"), "deviation": "A"}, 2: {"amount": D("3105000"), "deviation": "B"}}
    )

    plans.set_plan_lines(plan, lines=rows, actor=officer(world))

    assert [line.amount for line in dossier.financing_lines.order_by("position")] == [
        D("135000.00"),
        D("1260000.00"),
        D("3105000.00"),
    ]


def test_submit_plan_sends_every_line_with_the_date(world):
    import datetime

    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))

    plan = plans.submit_plan(plan, submitted_on=datetime.date(2026, 3, 1), actor=officer(world))

    assert plan.state == PlanState.SUBMITTED
    assert {(line.decision, line.submitted_on) for line in lines_of(plan)} == {
        (LineDecision.SUBMITTED, datetime.date(2026, 3, 1))
    }
