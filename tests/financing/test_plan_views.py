"""The formula, plan and decision pages: bad input gets its message, nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import LineDecision, PlanState
from rowad.financing.forms.plans import line_initial
from rowad.financing.models import FinancingFormula
from rowad.financing.services import plans
from tests.dossiers.factories import oran_programme
from tests.financing.plan_helpers import D, lines_of, officer, oran_setup, submitted_plan

pytestmark = pytest.mark.integration


def _lines_body(plan, **changes):
    lines = lines_of(plan)
    body = {
        "version": str(plan.version),
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        for name, value in line_initial(line).items():
            if value is None or value is False:
                continue
            body[f"lines-{index}-{name}"] = "on" if value is True else str(value)
    body.update(changes)
    return body


def test_plan_lines_page_unbalanced_plan_shows_the_message(world, client):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    client.force_login(officer(world))

    response = client.post(
        reverse("financing:plan_lines", args=[plan.pk]),
        _lines_body(plan, **{"lines-2-amount": "3100000", "lines-2-deviation": "Moins"}),
    )

    assert response.status_code == 200
    assert "must balance to the cent" in response.content.decode()
    assert lines_of(plan)[2].amount == D("3150000.00")


def test_plan_lines_page_saves_an_explained_deviation(world, client):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    client.force_login(officer(world))

    response = client.post(
        reverse("financing:plan_lines", args=[plan.pk]),
        _lines_body(
            plan,
            **{
                "lines-0-amount": "135000",
                "lines-0-deviation": "Apport en matériel",
                "lines-2-amount": "3105000",
                "lines-2-deviation": "Reste",
            },
        ),
    )

    assert response.status_code == 302
    assert [line.amount for line in lines_of(plan)] == [D("135000.00"), D("1260000.00"), D("3105000.00")]


def test_line_decision_page_refusal_without_reason_shows_the_message(world, client):
    plan, _bank = submitted_plan(world)
    line = lines_of(plan)[2]
    client.force_login(officer(world))

    response = client.post(
        reverse("financing:line_decision", args=[line.pk]),
        {f"line-{line.pk}-decision": LineDecision.REFUSED, f"line-{line.pk}-decided_on": "2026-03-20"},
    )

    assert response.status_code == 200
    assert "reason for refusing" in response.content.decode()
    assert lines_of(plan)[2].decision == LineDecision.SUBMITTED


def test_formula_create_page_saves_the_parts(world, client):
    programme = oran_programme(world)
    client.force_login(officer(world))
    body = {
        "programme": programme.pk,
        "code": "anade-2026",
        "name_fr": "Formule triangulaire",
        "currency": "DZD",
        "is_active": "on",
        "parts-TOTAL_FORMS": "3",
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "1000",
        "parts-0-kind": FinancingKind.PERSONAL_CONTRIBUTION,
        "parts-0-share": "2",
        "parts-0-interest_borne_by": "holder",
        "parts-0-frequency": "monthly",
        "parts-1-kind": FinancingKind.AGENCY_LOAN,
        "parts-1-share": "98",
        "parts-1-is_remainder": "on",
        "parts-1-repaid": "on",
        "parts-1-term_months": "96",
        "parts-1-grace_months": "36",
        "parts-1-interest_borne_by": "holder",
        "parts-1-frequency": "monthly",
        "parts-2-interest_borne_by": "holder",
        "parts-2-frequency": "monthly",
    }

    response = client.post(reverse("financing:formula_create"), body)

    assert response.status_code == 302
    formula = FinancingFormula.objects.get(code="anade-2026")
    assert [(p.kind, p.share) for p in formula.parts.all()] == [
        (FinancingKind.PERSONAL_CONTRIBUTION, D("2.000")),
        (FinancingKind.AGENCY_LOAN, D("98.000")),
    ]


def test_dossier_page_shows_the_plan_section(world, client):
    dossier, _formula, _bank = oran_setup(world)
    plan = plans.propose_plan(dossier, actor=officer(world))
    client.force_login(officer(world))

    response = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk]))

    assert response.status_code == 200
    assert reverse("financing:plan_detail", args=[plan.pk]) in response.content.decode()
    assert plan.state == PlanState.DRAFT
