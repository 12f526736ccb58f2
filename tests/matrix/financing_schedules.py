"""Permission matrix of the repayment schedule pages (financing: schedules, payments,
rescheduling)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState, FinancingKind
from rowad.financing.enums import Currency, LineDecision
from rowad.financing.models import Payment, RepaymentSchedule
from rowad.financing.services.schedules import generate_schedule
from tests.committees.factories import DossierFactory
from tests.factories import PersonFactory, ProgrammeFactory
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR, R.FUNDER_OFFICER})
MANAGERS = frozenset({R.AGENCY_OFFICER})
PAYERS = frozenset({R.AGENCY_OFFICER, R.FUNDER_OFFICER})
FIRST_DUE = datetime.date(2027, 1, 31)


def _line(plan, funder):
    return PlanLineFactory(
        plan=plan,
        kind=FinancingKind.AGENCY_LOAN,
        funder=funder,
        amount=Decimal("1200.00"),
        repaid=True,
        term_months=12,
        decision=LineDecision.APPROVED,
        approved_amount=Decimal("1200.00"),
    )


def build(world) -> None:
    programme = ProgrammeFactory(operator=world.oran_agency)
    dossier = DossierFactory(
        programme=programme,
        organization=world.oran_agency,
        province=world.oran,
        state=DossierState.TO_FINANCING,
        holders=[PersonFactory(national_id="", province=world.oran)],
    )
    # The Oran agency is the line's funder too: its funder officer posts the payments.
    plan = PlanFactory(dossier=dossier, formula__programme=programme)
    schedule = generate_schedule(_line(plan, world.oran_agency), first_due=FIRST_DUE, actor=None)
    unscheduled = _line(plan, world.oran_agency)

    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency)
    foreign_dossier = DossierFactory(
        programme=foreign_programme,
        organization=world.hoceima_agency,
        province=world.hoceima,
        state=DossierState.TO_FINANCING,
        holders=[PersonFactory(national_id="", country="MA", province=world.hoceima)],
    )
    foreign_plan = PlanFactory(
        dossier=foreign_dossier, formula__programme=foreign_programme, currency=Currency.MAD
    )
    foreign_schedule = generate_schedule(
        _line(foreign_plan, world.hoceima_agency), first_due=FIRST_DUE, actor=None
    )
    foreign_unscheduled = _line(foreign_plan, world.hoceima_agency)
    # Keys prefixed "fin_sched_": other apps' builders fill world.objects too.
    world.objects.update(
        fin_sched_schedule=schedule,
        fin_sched_line=unscheduled,
        fin_sched_foreign_schedule=foreign_schedule,
        fin_sched_foreign_line=foreign_unscheduled,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _payments(w):
    return Payment.objects.filter(schedule=w.objects["fin_sched_schedule"]).count()


def _schedules(w):
    return RepaymentSchedule.objects.filter(line=w.objects["fin_sched_line"]).count()


def _state(w):
    return RepaymentSchedule.objects.get(pk=w.objects["fin_sched_schedule"].pk).state


EXPECTATIONS = {
    "financing:schedule_detail": Expect(
        allowed=READERS,
        kwargs=_pk("fin_sched_schedule"),
        out_of_scope_kwargs=_pk("fin_sched_foreign_schedule"),
    ),
    "financing:schedule_generate": Expect(
        allowed=MANAGERS,
        kwargs=_pk("fin_sched_line"),
        out_of_scope_kwargs=_pk("fin_sched_foreign_line"),
        body=lambda w: {"first_due": "2027-01-31"},
        state=_schedules,
    ),
    "financing:payment_create": Expect(
        allowed=PAYERS,
        kwargs=_pk("fin_sched_schedule"),
        out_of_scope_kwargs=_pk("fin_sched_foreign_schedule"),
        body=lambda w: {
            "amount": "150,00",
            "currency": "DZD",
            "paid_on": "2027-02-03",
            "client_uuid": str(uuid.uuid4()),
        },
        state=_payments,
        body_roles=PAYERS,
    ),
    "financing:schedule_reschedule": Expect(
        allowed=MANAGERS,
        kwargs=_pk("fin_sched_schedule"),
        out_of_scope_kwargs=_pk("fin_sched_foreign_schedule"),
        body=lambda w: {
            "first_due": "2027-06-30",
            "term_months": "6",
            "grace_months": "0",
            "frequency": "monthly",
            "reason": "Saison perdue",
        },
        state=_state,
    ),
}
