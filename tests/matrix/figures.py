"""The figures (pages and API): directors, agency officers and organization administrators
read them for their provinces (the platform admin everywhere); every other role is
refused. The pages and the values are asked for Oran (`?province=<Oran>`): a reader of
other provinces only (the Al Hoceima officer, or an Oran user who reads figures only as
an officer in Al Hoceima) is refused, never shown an empty page. The public page of
aggregates is open to everyone. Al Hoceima: a registration whose campaign and person carry
a name that must never show to an Oran reader."""

from rowad.accounts.enums import Role
from tests.factories import PersonFactory
from tests.matrix.base import ALL_ROLES, Expect
from tests.outreach.factories import CampaignFactory, PhaseFactory, RegistrationFactory, StopFactory

R = Role
READERS = frozenset({R.DIRECTOR, R.AGENCY_OFFICER, R.ORG_ADMIN})
FOREIGN = "Zzfiguresforeignzz"


def build(world) -> None:
    campaign = CampaignFactory(
        country="MA", name_fr=FOREIGN, name_ar=FOREIGN, lead_organization=world.hoceima_agency
    )
    stop = StopFactory(phase=PhaseFactory(campaign=campaign), province=world.hoceima)
    foreign = RegistrationFactory(stop=stop, person=PersonFactory(country="MA", family_name_latin=FOREIGN))
    oran = RegistrationFactory(stop=StopFactory(province=world.oran))
    world.objects.update(figures_registration_oran=oran, figures_registration_foreign=foreign)


def _oran(w) -> str:
    return f"?country=DZ&province={w.oran.pk}"


def _code(w) -> dict:
    return {"code": "registered"}


def _hidden(w) -> str:
    return FOREIGN


EXPECTATIONS = {
    "figures:dashboard": Expect(allowed=READERS, query=_oran, hidden_text=_hidden),
    "figures:indicator": Expect(allowed=READERS, kwargs=_code, query=_oran, hidden_text=_hidden),
    "figures:records": Expect(allowed=READERS, kwargs=_code, query=_oran, hidden_text=_hidden),
    "figures:public": Expect(allowed=ALL_ROLES, public=True, hidden_text=_hidden),
    "figures-indicators-list": Expect(allowed=READERS),
    "figures-values-list": Expect(
        allowed=READERS, query=lambda w: f"{_oran(w)}&indicator=registered&by=campaign", hidden_text=_hidden
    ),
    "figures-funnel-list": Expect(allowed=READERS, query=_oran, hidden_text=_hidden),
}
