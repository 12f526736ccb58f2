"""Permission matrix: the financing API (plans, lines and their decisions, disbursements,
schedules and their payments). A funder's officer reaches only the lines their organization
finances: the Oran agency funds the in-scope lines, so its funder officer reaches them.

The writing endpoints' valid bodies run the services (written on other branches): they are
declared once those modules exist; until then the matrix posts an empty body (400 for the
allowed roles, 403/404 for the others)."""

from __future__ import annotations

import datetime

from rowad.accounts.enums import Role
from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import PlanState
from rowad.financing.models import Disbursement, Payment, PlanLine
from rowad.people.models import Person
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import PersonFactory
from tests.financing.api_factories import (
    approved_line,
    approved_plan,
    payment_on,
    schedule_of,
    submitted_line,
    tranche,
)
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR, R.FUNDER_OFFICER, R.PROJECT_HOLDER})
WRITERS = frozenset({R.AGENCY_OFFICER, R.FUNDER_OFFICER})
FOREIGN = "Zzfinapiforeignzz"


def build(world) -> None:
    holder = world.users[R.PROJECT_HOLDER]
    person = Person.objects.filter(user=holder).first() or PersonFactory(user=holder, national_id="")
    plan = approved_plan(make_dossier(world, holders=[person], title="Finapi dossier"))
    line = approved_line(plan, funder=world.oran_agency, kind=FinancingKind.AGENCY_LOAN)
    schedule = schedule_of(line)
    waiting = approved_plan(
        make_dossier(world, holders=[person], title="Finapi waiting"), state=PlanState.SUBMITTED
    )

    foreign_dossier = make_dossier(
        world,
        programme=oran_programme(world, operator=world.hoceima_agency),
        holders=[PersonFactory(country="MA", province=world.hoceima, national_id="")],
        actor=world.outsider,
        organization=world.hoceima_agency,
        province=world.hoceima,
        title="Finapi foreign",
    )
    foreign_line = approved_line(
        approved_plan(foreign_dossier, currency="MAD"), funder=world.hoceima_agency, conditions=FOREIGN
    )
    foreign_schedule = schedule_of(foreign_line, reason=FOREIGN)
    world.objects.update(
        fin_api_plan=plan,
        fin_api_line=line,
        fin_api_waiting_line=submitted_line(waiting, funder=world.oran_agency),
        fin_api_schedule=schedule,
        fin_api_payment=payment_on(schedule),
        fin_api_disbursement=tranche(line),
        fin_api_foreign_plan=foreign_line.plan,
        fin_api_foreign_line=foreign_line,
        fin_api_foreign_schedule=foreign_schedule,
        fin_api_foreign_payment=payment_on(foreign_schedule, reference=FOREIGN),
        fin_api_foreign_disbursement=tranche(foreign_line, supplier=FOREIGN),
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _today() -> str:
    return datetime.date.today().isoformat()


def _decision_state(w):
    line = PlanLine.objects.get(pk=w.objects["fin_api_waiting_line"].pk)
    return line.decision, line.version, line.decisions.count()


def _tranches(w):
    return Disbursement.objects.filter(line=w.objects["fin_api_line"]).count()


def _payments(w):
    return Payment.objects.filter(schedule=w.objects["fin_api_schedule"]).count()


def _write(kwargs, out, *, body, state) -> Expect:
    """A POST endpoint (an empty body is a 400 for the roles allowed) with its valid body."""
    extra = {"body": body, "state": state, "body_roles": WRITERS}
    return Expect(
        allowed=WRITERS,
        kwargs=_pk(kwargs),
        out_of_scope_kwargs=_pk(out),
        method="post",
        ok_status=frozenset({400}),
        **extra,
    )


def _read(kwargs=None, out=None) -> Expect:
    if kwargs is None:
        return Expect(allowed=READERS, hidden_text=lambda w: FOREIGN)
    return Expect(allowed=READERS, kwargs=_pk(kwargs), out_of_scope_kwargs=_pk(out))


EXPECTATIONS = {
    "financing-plan-list": _read(),
    "financing-plan-detail": _read("fin_api_plan", "fin_api_foreign_plan"),
    "financing-line-list": _read(),
    "financing-line-detail": _read("fin_api_line", "fin_api_foreign_line"),
    "financing-schedule-list": _read(),
    "financing-schedule-detail": _read("fin_api_schedule", "fin_api_foreign_schedule"),
    "financing-disbursement-list": _read(),
    "financing-disbursement-detail": _read("fin_api_disbursement", "fin_api_foreign_disbursement"),
    "financing-payment-list": _read(),
    "financing-payment-detail": _read("fin_api_payment", "fin_api_foreign_payment"),
    "financing-line-decisions": _write(
        "fin_api_waiting_line",
        "fin_api_foreign_line",
        body=lambda w: {
            "decision": "approved",
            "decided_on": _today(),
            "amount": str(w.objects["fin_api_waiting_line"].amount),
            "reference": "BANK-1",
        },
        state=_decision_state,
    ),
    "financing-line-disbursements": _write(
        "fin_api_line",
        "fin_api_foreign_line",
        body=lambda w: {
            "amount": "1000.00",
            "paid_on": _today(),
            "purpose": "equipment",
            "supplier": "Matrix",
        },
        state=_tranches,
    ),
    "financing-schedule-payments": _write(
        "fin_api_schedule",
        "fin_api_foreign_schedule",
        body=lambda w: {"amount": "1000.00", "currency": "DZD", "paid_on": _today(), "reference": "MATRIX"},
        state=_payments,
    ),
}
