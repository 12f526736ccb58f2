"""The market figures (page, CSV, API): agency officers and directors (their provinces'
orders) and sponsor officers (their organization's). Oran: an order of the Oran agency as
sponsor. Al Hoceima: an order of a specialty no Oran user's orders use (its name must not
show in the demand by specialty)."""

from rowad.accounts.enums import Role
from tests.factories import SpecialtyFactory
from tests.market.factories import WorkOrderFactory
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.SPONSOR_OFFICER})
FOREIGN = "Zzmkfiguresforeignzz"


def build(world) -> None:
    oran = WorkOrderFactory(sponsor=world.oran_agency, province=world.oran)
    foreign = WorkOrderFactory(
        sponsor=world.hoceima_agency,
        province=world.hoceima,
        currency="MAD",
        specialty=SpecialtyFactory(name_fr=FOREIGN, name_ar=FOREIGN, name_en=FOREIGN),
    )
    world.objects.update(mk_figures_order=oran, mk_figures_foreign=foreign)


EXPECTATIONS = {
    "market:figures": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "market:figures_csv": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "market-figures-list": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
}
