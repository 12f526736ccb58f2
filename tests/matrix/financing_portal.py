"""Permission matrix of the holder's repayments page (portal, financing calendar)."""

from __future__ import annotations

from rowad.accounts.enums import Role
from rowad.people.models import Person
from tests.committees.factories import DossierFactory
from tests.factories import OrganizationFactory, PersonFactory
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.financing.schedule_factories import InstalmentFactory, ScheduleFactory
from tests.matrix.base import Expect

R = Role
HOLDERS = frozenset({R.PROJECT_HOLDER})


def _loan(person, funder_name: str, province=None):
    dossier = DossierFactory(holders=[person], **({"province": province} if province else {}))
    plan = PlanFactory(dossier=dossier, formula__programme=dossier.programme)
    line = PlanLineFactory(plan=plan, funder=OrganizationFactory(name_fr=funder_name, name_ar=funder_name))
    return InstalmentFactory(schedule=ScheduleFactory(line=line))


def build(world) -> None:
    holder = world.users[R.PROJECT_HOLDER]
    # The same person the portal's builder gives this login (whichever runs first).
    person = Person.objects.filter(user=holder).first() or PersonFactory(
        user=holder, given_name_latin="Portalholder", phone="+213661999001", national_id=""
    )
    # Another holder in the same province, and one in Al Hoceima: neither is listed.
    neighbour = PersonFactory(national_id="")
    foreign = PersonFactory(national_id="", country="MA", province=world.hoceima)
    world.objects.update(
        fin_portal_instalment=_loan(person, "Finportalownfunder"),
        fin_portal_neighbour_instalment=_loan(neighbour, "Zzfinportalneighbourzz"),
        fin_portal_foreign_instalment=_loan(foreign, "Zzfinportalforeignzz", province=world.hoceima),
    )


EXPECTATIONS = {
    "portal:repayments": Expect(allowed=HOLDERS, hidden_text=lambda w: "Zzfinportal"),
}
