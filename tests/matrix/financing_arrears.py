"""The arrears caseload and the portfolio-at-risk report (page and CSV): read by agency
officers, directors, mentors (the financing readers) and funders' officers (their
organization's lines only). Oran: a late schedule of a line the Oran agency finances.
Al Hoceima: a late schedule out of every Oran user's reach (its dossier and programme
must not show)."""

import datetime
from decimal import Decimal

from rowad.accounts.enums import Role
from tests.committees.factories import DossierFactory
from tests.factories import ProgrammeFactory
from tests.financing.arrears_factories import monthly, repaid_line, schedule_with
from tests.financing.factories import PlanFactory
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR, R.FUNDER_OFFICER})


def build(world) -> None:
    first_due = datetime.date(2024, 1, 5)
    oran_plan = PlanFactory(
        dossier=DossierFactory(
            programme=ProgrammeFactory(operator=world.oran_agency),
            organization=world.oran_agency,
            province=world.oran,
            reference="FIN-ARREARS-ORAN",
        )
    )
    oran = schedule_with(
        repaid_line(oran_plan, funder=world.oran_agency, amount=Decimal("12000.00")),
        monthly(first_due, 12, Decimal("1000.00"), paid=2),
    )
    foreign_plan = PlanFactory(
        dossier=DossierFactory(
            programme=ProgrammeFactory(operator=world.hoceima_agency, name_fr="Zzforeignarrearsprogzz"),
            organization=world.hoceima_agency,
            province=world.hoceima,
            reference="ZZ-FIN-ARREARS",
        )
    )
    foreign = schedule_with(
        repaid_line(foreign_plan, funder=world.hoceima_agency, amount=Decimal("12000.00")),
        monthly(first_due, 12, Decimal("1000.00")),
    )
    world.objects.update(fin_arrears_schedule=oran, fin_arrears_foreign_schedule=foreign)


EXPECTATIONS = {
    "financing:arrears": Expect(allowed=READERS, hidden_text=lambda w: "ZZ-FIN-ARREARS"),
    "financing:portfolio": Expect(allowed=READERS, hidden_text=lambda w: "Zzforeignarrearsprogzz"),
    "financing:portfolio_csv": Expect(allowed=READERS, hidden_text=lambda w: "Zzforeignarrearsprogzz"),
}
