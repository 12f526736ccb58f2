"""Financing formulas, plans and funder decisions, every role (see tests/matrix/base.py).

Oran: a programme the Oran agency runs, with the three-part formula (the agency's loan and
a bank's); a dossier with a draft plan, one with a plan submitted to the funders (the
Oran agency's funder officer decides its agency-loan line) and one without a plan.
Al Hoceima: a formula, a dossier and its submitted plan, out of every Oran user's reach."""

from decimal import Decimal

from rowad.accounts.enums import Role
from rowad.dossiers import services as dossier_services
from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import Currency, LineDecision
from rowad.financing.forms.plans import line_initial
from rowad.financing.models import FinancingPlan, PlanLine
from rowad.financing.services import plans
from rowad.partners.enums import OrganizationKind
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import OrganizationFactory, PersonFactory, ProgrammeFactory, province_by_name
from tests.financing.factories import FormulaFactory, PlanFactory, PlanLineFactory, three_part_formula
from tests.matrix.base import Expect

R = Role
MANAGERS = frozenset({R.AGENCY_OFFICER})
VIEWERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR, R.FUNDER_OFFICER})
DECIDERS = frozenset({R.AGENCY_OFFICER, R.FUNDER_OFFICER})
POSTED = frozenset({302})
FORM_OR_POSTED = frozenset({200, 302})
SUBMITTED_ON = "2026-03-01"


def build(world) -> None:
    officer = world.users[R.AGENCY_OFFICER]
    programme = oran_programme(world)
    bank = OrganizationFactory(
        kind=OrganizationKind.FUNDER, country="DZ", name_fr="BADR Oran", provinces=[world.oran]
    )
    formula = three_part_formula(programme, agency=world.oran_agency, bank=bank)
    draft = plans.propose_plan(
        make_dossier(world, programme=programme, investment=Decimal("4500000")), actor=officer
    )
    submitted = plans.propose_plan(
        make_dossier(world, programme=programme, investment=Decimal("1000000")), actor=officer
    )
    import datetime

    submitted = plans.submit_plan(submitted, submitted_on=datetime.date(2026, 3, 1), actor=officer)
    agency_line = submitted.lines.get(kind=FinancingKind.AGENCY_LOAN)
    bare = make_dossier(world, programme=programme, investment=Decimal("2000000"))

    hoceima = province_by_name("Al Hoce")
    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency)
    foreign_formula = FormulaFactory(
        programme=foreign_programme, currency=Currency.MAD, name_fr="Zzforeignformulazz"
    )
    foreign_dossier = dossier_services.create_dossier(
        holders=[PersonFactory(national_id="", country="MA", province=hoceima)],
        programme=foreign_programme,
        actor=world.outsider,
        title="Zzforeignplanzz",
        idea="Apiculture",
        province=hoceima,
        organization=world.hoceima_agency,
        investment=Decimal("300000"),
    )
    foreign_plan = PlanFactory(dossier=foreign_dossier, formula=foreign_formula, currency=Currency.MAD)
    foreign_line = PlanLineFactory(
        plan=foreign_plan,
        funder=world.hoceima_agency,
        amount=Decimal("300000"),
        decision=LineDecision.SUBMITTED,
        submitted_on=datetime.date(2026, 3, 1),
    )
    world.objects.update(
        fin_plans_formula=formula,
        fin_plans_draft=draft,
        fin_plans_submitted=submitted,
        fin_plans_agency_line=agency_line,
        fin_plans_bare_dossier=bare,
        fin_plans_foreign_formula=foreign_formula,
        fin_plans_foreign_dossier=foreign_dossier,
        fin_plans_foreign_plan=foreign_plan,
        fin_plans_foreign_line=foreign_line,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _plan(w, name="fin_plans_draft"):
    return FinancingPlan.objects.get(pk=w.objects[name].pk)


def _lines_body(w):
    plan = _plan(w)
    lines = list(plan.lines.order_by("position", "id"))
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
    body["lines-0-deviation"] = f"Apport vérifié ({plan.version})"
    return body


def _decision_body(w):
    line = w.objects["fin_plans_agency_line"]
    return {f"line-{line.pk}-decision": LineDecision.APPROVED, f"line-{line.pk}-decided_on": "2026-03-20"}


EXPECTATIONS = {
    "financing:formula_list": Expect(allowed=VIEWERS, hidden_text=lambda w: "Zzforeignformulazz"),
    "financing:formula_create": Expect(allowed=MANAGERS),
    "financing:formula_detail": Expect(
        allowed=VIEWERS, kwargs=_pk("fin_plans_formula"), out_of_scope_kwargs=_pk("fin_plans_foreign_formula")
    ),
    "financing:formula_edit": Expect(
        allowed=MANAGERS,
        kwargs=_pk("fin_plans_formula"),
        out_of_scope_kwargs=_pk("fin_plans_foreign_formula"),
    ),
    "financing:plan_list": Expect(allowed=VIEWERS, hidden_text=lambda w: "Zzforeignplanzz"),
    "financing:plan_detail": Expect(
        allowed=VIEWERS, kwargs=_pk("fin_plans_draft"), out_of_scope_kwargs=_pk("fin_plans_foreign_plan")
    ),
    "financing:plan_lines": Expect(
        allowed=MANAGERS,
        kwargs=_pk("fin_plans_draft"),
        out_of_scope_kwargs=_pk("fin_plans_foreign_plan"),
        method="post",
        ok_status=FORM_OR_POSTED,
        body=_lines_body,
        state=lambda w: list(_plan(w).lines.values_list("deviation", flat=True)),
    ),
    "financing:plan_submit": Expect(
        allowed=MANAGERS,
        kwargs=_pk("fin_plans_draft"),
        out_of_scope_kwargs=_pk("fin_plans_foreign_plan"),
        method="post",
        ok_status=POSTED,
        body=lambda w: {"submitted_on": SUBMITTED_ON},
        state=lambda w: _plan(w).state,
    ),
    "financing:line_decision": Expect(
        allowed=DECIDERS,
        kwargs=_pk("fin_plans_agency_line"),
        out_of_scope_kwargs=_pk("fin_plans_foreign_line"),
        method="post",
        ok_status=FORM_OR_POSTED,
        body=_decision_body,
        state=lambda w: PlanLine.objects.get(pk=w.objects["fin_plans_agency_line"].pk).decision,
        body_roles=DECIDERS,
    ),
    "financing:plan_propose": Expect(
        allowed=MANAGERS,
        kwargs=lambda w: {"dossier_pk": w.objects["fin_plans_bare_dossier"].pk},
        out_of_scope_kwargs=lambda w: {"dossier_pk": w.objects["fin_plans_foreign_dossier"].pk},
        method="post",
        ok_status=POSTED,
        body=lambda w: {"propose": "1"},
        state=lambda w: FinancingPlan.objects.filter(dossier=w.objects["fin_plans_bare_dossier"]).exists(),
    ),
}
