"""Factories of the financing app. They write rows directly (arrange only); tests of a
behaviour go through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import Currency, InterestBearer, LineDecision, PlanState
from rowad.financing.models import FinancingFormula, FinancingPlan, FormulaPart, PlanLine
from tests.factories import OrganizationFactory, ProgrammeFactory


class FormulaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingFormula

    code = factory.Sequence(lambda n: f"formula-{n}")
    name_fr = factory.Sequence(lambda n: f"Formule {n}")
    name_ar = factory.Sequence(lambda n: f"صيغة {n}")
    programme = factory.SubFactory(ProgrammeFactory)
    currency = Currency.DZD


class FormulaPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormulaPart

    formula = factory.SubFactory(FormulaFactory)
    position = factory.Sequence(lambda n: n)
    kind = FinancingKind.GRANT
    funder = factory.SubFactory(OrganizationFactory)
    share = Decimal("100")


def three_part_formula(programme, *, agency, bank=None, code: str | None = None) -> FinancingFormula:
    """The Algerian formula: 2 % personal contribution (a floor), 28 % interest-free agency
    loan over 8 years after 3 years of grace, 70 % bank loan whose interest the state pays,
    5 years after 1 year of grace."""
    formula = FormulaFactory(programme=programme, currency=Currency.DZD, **({"code": code} if code else {}))
    FormulaPart.objects.create(
        formula=formula, position=0, kind=FinancingKind.PERSONAL_CONTRIBUTION, share=Decimal("2")
    )
    FormulaPart.objects.create(
        formula=formula,
        position=1,
        kind=FinancingKind.AGENCY_LOAN,
        funder=agency,
        share=Decimal("28"),
        repaid=True,
        term_months=96,
        grace_months=36,
    )
    FormulaPart.objects.create(
        formula=formula,
        position=2,
        kind=FinancingKind.BANK_LOAN,
        funder=bank,
        share=Decimal("70"),
        is_remainder=True,
        repaid=True,
        term_months=60,
        grace_months=12,
        interest_rate=Decimal("5.5"),
        interest_borne_by=InterestBearer.SUBSIDY,
    )
    return formula


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingPlan

    dossier = factory.SubFactory("tests.committees.factories.DossierFactory")
    formula = factory.SubFactory(FormulaFactory, programme=factory.SelfAttribute("..dossier.programme"))
    currency = Currency.DZD
    investment = factory.LazyAttribute(lambda plan: plan.dossier.investment or Decimal("1000000"))


class PlanLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanLine

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n)
    kind = FinancingKind.GRANT
    funder = factory.SubFactory(OrganizationFactory)
    amount = Decimal("100000.00")


def approve_plan_of(dossier, *, decided_on: datetime.date | None = None) -> FinancingPlan:
    """Give `dossier` an approved plan mirroring its financing lines, as if every funder
    had approved its line (what the FUNDED guard of the transition table asks)."""
    decided_on = decided_on or datetime.date.today()
    formula = FinancingFormula.objects.filter(programme=dossier.programme).first() or FormulaFactory(
        programme=dossier.programme
    )
    plan, _ = FinancingPlan.objects.update_or_create(
        dossier=dossier,
        defaults={
            "formula": formula,
            "currency": formula.currency,
            "investment": dossier.investment or Decimal("1"),
            "state": PlanState.APPROVED,
            "approved_on": decided_on,
        },
    )
    plan.lines.all().delete()
    lines = list(dossier.financing_lines.all()) or [None]
    for position, line in enumerate(lines):
        amount = line.amount if line is not None and line.amount > 0 else (dossier.investment or Decimal("1"))
        PlanLine.objects.create(
            plan=plan,
            position=position,
            kind=line.kind if line is not None else FinancingKind.GRANT,
            funder=line.funder if line is not None else None,
            amount=amount,
            decision=LineDecision.APPROVED,
            submitted_on=decided_on,
            decided_on=decided_on,
            approved_amount=amount,
        )
    return plan
