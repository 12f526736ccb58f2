"""The enterprise figures (page, CSV, API): agency officers, directors and mentors (their
caseload only). Al Hoceima: an enterprise of a programme no Oran user reaches (its name
must not show in the programme breakdown)."""

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from tests.committees.factories import DossierFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import ProgrammeFactory
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR})
FOREIGN = "Zzentfiguresforeignzz"


def build(world) -> None:
    oran = EnterpriseFactory(
        dossier=DossierFactory(
            programme=ProgrammeFactory(operator=world.oran_agency),
            organization=world.oran_agency,
            province=world.oran,
            state=DossierState.COMPANY_CREATED,
        )
    )
    foreign = EnterpriseFactory(
        dossier=DossierFactory(
            programme=ProgrammeFactory(operator=world.hoceima_agency, name_fr=FOREIGN),
            organization=world.hoceima_agency,
            province=world.hoceima,
            state=DossierState.COMPANY_CREATED,
        )
    )
    world.objects.update(ent_figures_enterprise=oran, ent_figures_foreign=foreign)


EXPECTATIONS = {
    "enterprises:figures": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "enterprises:figures_csv": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "enterprises-figures-list": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
}
