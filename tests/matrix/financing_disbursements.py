"""Permission matrix of the disbursement pages (financing: tranches of a line and of a plan,
the invoice download)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from rowad.accounts.enums import Role
from rowad.financing.enums import DisbursementPurpose, LineDecision
from rowad.financing.models import Disbursement, PlanLine
from tests.committees.factories import DossierFactory
from tests.dossiers.factories import pdf
from tests.factories import PersonFactory, ProgrammeFactory
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.matrix.base import Expect

R = Role
# The line is financed by the Oran agency itself, so the Oran funder officer is its funder.
WRITERS = frozenset({R.AGENCY_OFFICER, R.FUNDER_OFFICER})
READERS = WRITERS | {R.DIRECTOR, R.MENTOR}
DECIDED = datetime.date(2026, 2, 1)


def _line(plan, funder):
    return PlanLineFactory(
        plan=plan,
        funder=funder,
        amount=Decimal("900000.00"),
        decision=LineDecision.APPROVED,
        submitted_on=DECIDED,
        decided_on=DECIDED,
        approved_amount=Decimal("900000.00"),
    )


def build(world) -> None:
    officer = world.users[R.AGENCY_OFFICER]
    dossier = DossierFactory(
        programme=ProgrammeFactory(operator=world.oran_agency),
        organization=world.oran_agency,
        province=world.oran,
        holders=[PersonFactory(national_id="", province=world.oran)],
    )
    line = _line(PlanFactory(dossier=dossier), world.oran_agency)
    tranche = Disbursement.objects.create(
        line=line,
        amount=Decimal("1000.00"),
        paid_on=DECIDED,
        purpose=DisbursementPurpose.EQUIPMENT,
        supplier="ZZ-ORAN-SUPPLIER",
        recorded_by=officer,
    )
    tranche.invoice.save("facture.pdf", pdf("facture.pdf"), save=True)

    foreign_dossier = DossierFactory(
        programme=ProgrammeFactory(operator=world.hoceima_agency),
        organization=world.hoceima_agency,
        province=world.hoceima,
        holders=[PersonFactory(national_id="", country="MA", province=world.hoceima)],
    )
    foreign_line = _line(PlanFactory(dossier=foreign_dossier), world.hoceima_agency)
    foreign_tranche = Disbursement.objects.create(
        line=foreign_line,
        amount=Decimal("1000.00"),
        paid_on=DECIDED,
        purpose=DisbursementPurpose.EQUIPMENT,
        supplier="ZZ-FOREIGN-SUPPLIER",
    )
    foreign_tranche.invoice.save("facture.pdf", pdf("facture.pdf"), save=True)
    # Keys prefixed "fin_disb_": other apps' builders fill world.objects too.
    world.objects.update(
        fin_disb_line=line,
        fin_disb_tranche=tranche,
        fin_disb_foreign_line=foreign_line,
        fin_disb_foreign_tranche=foreign_tranche,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _plan_pk(name):
    return lambda w: {"pk": w.objects[name].plan_id}


def _disbursed(w):
    return PlanLine.objects.get(pk=w.objects["fin_disb_line"].pk).disbursed_amount


EXPECTATIONS = {
    "financing:line_disbursements": Expect(
        allowed=READERS,
        kwargs=_pk("fin_disb_line"),
        out_of_scope_kwargs=_pk("fin_disb_foreign_line"),
        body=lambda w: {
            "amount": "25000.00",
            "paid_on": "2026-02-10",
            "purpose": DisbursementPurpose.EQUIPMENT,
            "client_uuid": str(uuid.uuid4()),
        },
        state=_disbursed,
        body_roles=WRITERS,
    ),
    "financing:plan_disbursements": Expect(
        allowed=READERS,
        kwargs=_plan_pk("fin_disb_line"),
        out_of_scope_kwargs=_plan_pk("fin_disb_foreign_line"),
        hidden_text=lambda w: "ZZ-FOREIGN-SUPPLIER",
    ),
    "financing:disbursement_invoice": Expect(
        allowed=READERS,
        kwargs=_pk("fin_disb_tranche"),
        out_of_scope_kwargs=_pk("fin_disb_foreign_tranche"),
    ),
}
