"""Builders shared by the plan tests (formulas, plans and decisions)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from rowad.accounts.enums import Role
from rowad.financing.services import plans
from rowad.partners.enums import OrganizationKind
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.financing.factories import three_part_formula

D = Decimal
SUBMITTED_ON = datetime.date(2026, 3, 1)
DECIDED_ON = datetime.date(2026, 3, 20)


def bank(world, name="BADR Oran"):
    return OrganizationFactory(
        kind=OrganizationKind.FUNDER, country="DZ", name_fr=name, provinces=[world.oran]
    )


def funder_officer(world, organization, username=None):
    user = UserFactory(username=username or f"funder-{organization.pk}")
    MembershipFactory(user=user, organization=organization, role=Role.FUNDER_OFFICER, provinces=[world.oran])
    return user


INVESTMENT = D("4500000")


def oran_setup(world, *, investment=INVESTMENT):
    """A dossier of an Oran programme financed by the three-part formula (the agency's
    loan, a bank's loan)."""
    programme = oran_programme(world)
    the_bank = bank(world)
    formula = three_part_formula(programme, agency=world.oran_agency, bank=the_bank)
    dossier = make_dossier(world, programme=programme, investment=investment)
    return dossier, formula, the_bank


def officer(world):
    return world.users[Role.AGENCY_OFFICER]


def submitted_plan(world, **kwargs):
    dossier, _formula, the_bank = oran_setup(world, **kwargs)
    plan = plans.propose_plan(dossier, actor=officer(world))
    plan = plans.submit_plan(plan, submitted_on=SUBMITTED_ON, actor=officer(world))
    return plan, the_bank


def lines_of(plan):
    return list(plan.lines.order_by("position", "id"))


def edit_rows(plan, changes=None):
    """The plan's lines as set_plan_lines takes them; `changes` maps a position to the
    keys to change."""
    rows = []
    for position, line in enumerate(lines_of(plan)):
        row = {
            "part": line.part_id,
            "kind": line.kind,
            "funder": line.funder_id,
            "amount": line.amount,
            "deviation": line.deviation,
            "repaid": line.repaid,
            "term_months": line.term_months,
            "grace_months": line.grace_months,
            "interest_rate": line.interest_rate,
            "interest_borne_by": line.interest_borne_by,
            "frequency": line.frequency,
        }
        row.update((changes or {}).get(position, {}))
        rows.append(row)
    return rows
