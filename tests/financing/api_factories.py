"""Rows the API tests and the API matrix read: an approved plan line with a schedule and
its instalments, a tranche and a payment allocated to the first instalment. They write
rows directly (arrange only); the writing endpoints are tested through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from rowad.accounts.enums import Role
from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import LineDecision, PlanState
from rowad.financing.models import (
    Disbursement,
    Instalment,
    Payment,
    PaymentAllocation,
    PlanLine,
    RepaymentSchedule,
)
from rowad.partners.enums import OrganizationKind
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.financing.factories import PlanFactory

DAY = datetime.timedelta(days=1)


def approved_line(plan, *, funder, amount=Decimal("700000.00"), kind=FinancingKind.BANK_LOAN, **fields):
    decided_on = fields.pop("decided_on", datetime.date.today() - 30 * DAY)
    fields.setdefault("repaid", True)
    fields.setdefault("term_months", 12)
    return PlanLine.objects.create(
        plan=plan,
        kind=kind,
        funder=funder,
        amount=amount,
        decision=LineDecision.APPROVED,
        submitted_on=decided_on - 10 * DAY,
        decided_on=decided_on,
        approved_amount=amount,
        **fields,
    )


def submitted_line(plan, *, funder, amount=Decimal("300000.00"), **fields):
    return PlanLine.objects.create(
        plan=plan,
        kind=fields.pop("kind", FinancingKind.BANK_LOAN),
        funder=funder,
        amount=amount,
        decision=LineDecision.SUBMITTED,
        submitted_on=datetime.date.today() - 5 * DAY,
        **fields,
    )


def approved_plan(dossier, **fields):
    fields.setdefault("state", PlanState.APPROVED)
    fields.setdefault("approved_on", datetime.date.today() - 30 * DAY)
    return PlanFactory(dossier=dossier, investment=Decimal("1000000.00"), **fields)


def schedule_of(line, *, instalments=4, reason="", first_due=None):
    """An active schedule of `instalments` equal monthly instalments of principal, 1 %
    interest each paid by the holder and 0.50 paid by the state."""
    first_due = first_due or datetime.date.today() - 40 * DAY
    principal = line.approved_amount
    schedule = RepaymentSchedule.objects.create(
        line=line,
        currency=line.plan.currency,
        principal=principal,
        outstanding_principal=principal,
        first_due=first_due,
        first_unpaid_due=first_due,
        repaid=True,
        term_months=instalments,
        reason=reason,
    )
    share = (principal / instalments).quantize(Decimal("0.01"))
    for number in range(1, instalments + 1):
        last = number == instalments
        Instalment.objects.create(
            schedule=schedule,
            number=number,
            due_on=first_due + (number - 1) * 30 * DAY,
            principal=principal - share * (instalments - 1) if last else share,
            interest=Decimal("100.10"),
            subsidised_interest=Decimal("50.05"),
        )
    return schedule


def tranche(line, *, amount=Decimal("150000.50"), supplier="Equipements Oran", **fields):
    disbursement = Disbursement.objects.create(
        line=line,
        amount=amount,
        paid_on=datetime.date.today() - 20 * DAY,
        purpose="equipment",
        supplier=supplier,
        **fields,
    )
    PlanLine.objects.filter(pk=line.pk).update(disbursed_amount=line.disbursed_amount + amount)
    return disbursement


def payment_on(schedule, *, reference="VIR-1"):
    """A payment of the first instalment (interest, then principal)."""
    first = schedule.instalments.order_by("number").first()
    payment = Payment.objects.create(
        schedule=schedule,
        amount=first.principal + first.interest,
        currency=schedule.currency,
        paid_on=first.due_on,
        reference=reference,
    )
    PaymentAllocation.objects.create(
        payment=payment, instalment=first, principal=first.principal, interest=first.interest
    )
    Instalment.objects.filter(pk=first.pk).update(
        paid_principal=first.principal, paid_interest=first.interest, settled_on=first.due_on
    )
    return payment


class Fin:
    """The objects of api_world."""


def api_world(world) -> Fin:
    """Two banks funding Oran dossiers (bank A also in Al Hoceima), an officer of each,
    the matrix's holder holding the first dossier; schedules, tranches and payments."""
    f = Fin()
    f.world = world
    f.bank_a = OrganizationFactory(kind=OrganizationKind.FUNDER, name_fr="Banque A", provinces=[world.oran])
    f.bank_b = OrganizationFactory(kind=OrganizationKind.FUNDER, name_fr="Banque B", provinces=[world.oran])
    f.officer_a = UserFactory(username="bank-a-officer")
    MembershipFactory(
        user=f.officer_a, organization=f.bank_a, role=Role.FUNDER_OFFICER, provinces=[world.oran]
    )
    f.officer_b = UserFactory(username="bank-b-officer")
    MembershipFactory(
        user=f.officer_b, organization=f.bank_b, role=Role.FUNDER_OFFICER, provinces=[world.oran]
    )

    f.holder = world.users[Role.PROJECT_HOLDER]
    person = PersonFactory(user=f.holder, national_id="")
    f.plan1 = approved_plan(make_dossier(world, holders=[person], title="Atelier de menuiserie"))
    f.contribution = PlanLine.objects.create(
        plan=f.plan1,
        kind=FinancingKind.PERSONAL_CONTRIBUTION,
        amount=Decimal("20000.00"),
        decision=LineDecision.APPROVED,
        approved_amount=Decimal("20000.00"),
    )
    f.agency_line = approved_line(
        f.plan1, funder=world.oran_agency, kind=FinancingKind.AGENCY_LOAN, amount=Decimal("280000.00")
    )
    f.line_a = approved_line(f.plan1, funder=f.bank_a, amount=Decimal("700000.00"), conditions="Caution")
    f.plan2 = approved_plan(make_dossier(world, title="Boulangerie"), state=PlanState.SUBMITTED)
    f.line_b = approved_line(f.plan2, funder=f.bank_b)
    f.waiting_a = submitted_line(f.plan2, funder=f.bank_a)

    hoceima_holder = PersonFactory(country="MA", province=world.hoceima, national_id="")
    far_dossier = make_dossier(
        world,
        programme=oran_programme(world, operator=world.hoceima_agency),
        holders=[hoceima_holder],
        actor=world.outsider,
        organization=world.hoceima_agency,
        province=world.hoceima,
        title="Apiculture",
    )
    f.plan_far = approved_plan(far_dossier, currency="MAD")
    f.line_far = approved_line(f.plan_far, funder=f.bank_a, conditions="Zzfarlinezz")

    f.schedule_a = schedule_of(f.line_a)
    f.payment_a = payment_on(f.schedule_a)
    f.tranche_a = tranche(f.line_a)
    f.schedule_b = schedule_of(f.line_b)
    f.tranche_b = tranche(f.line_b, supplier="Fournisseur B")
    f.schedule_far = schedule_of(f.line_far)
    f.payment_far = payment_on(f.schedule_far, reference="Zzfarpayzz")
    return f
