"""Permission matrix of what the holder prepares before submitting (portal): co-holders
and the proposed financing plan, for their own dossier only."""

from __future__ import annotations

from rowad.accounts.enums import Role
from rowad.people.models import Person
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import PersonFactory, province_by_name
from tests.matrix.base import Expect

R = Role
HOLDERS = frozenset({R.PROJECT_HOLDER})


def build(world) -> None:
    holder = world.users[R.PROJECT_HOLDER]
    # The same person the portal's builder gives this login (whichever runs first).
    person = Person.objects.filter(user=holder).first() or PersonFactory(
        user=holder, given_name_latin="Portalholder", phone="+213661999001", national_id=""
    )
    foreign = PersonFactory(
        country="MA", province=province_by_name("Al Hoce"), given_name_latin="Zzprepforeignzz", national_id=""
    )
    world.objects["prep_dossier"] = make_dossier(
        world, holders=[person], actor=holder, title="Prepared dossier"
    )
    world.objects["prep_person"] = person
    world.objects["prep_foreign_person"] = foreign
    world.objects["prep_foreign_dossier"] = make_dossier(
        world,
        programme=oran_programme(world, operator=world.hoceima_agency),
        holders=[foreign],
        actor=world.outsider,
        organization=world.hoceima_agency,
        province=foreign.province,
        title="Zzprepforeigndossierzz",
    )


def _dossier(w):
    return {"pk": w.objects["prep_dossier"].pk}


def _foreign_dossier(w):
    return {"pk": w.objects["prep_foreign_dossier"].pk}


def _lead(w):
    # The lead holder is never removed: the allowed POST is refused politely (302).
    return {"pk": w.objects["prep_dossier"].pk, "person_pk": w.objects["prep_person"].pk}


def _foreign_lead(w):
    return {"pk": w.objects["prep_foreign_dossier"].pk, "person_pk": w.objects["prep_foreign_person"].pk}


EXPECTATIONS = {
    "portal:dossier_coholders": Expect(
        allowed=HOLDERS, kwargs=_dossier, out_of_scope_kwargs=_foreign_dossier
    ),
    "portal:dossier_coholder_remove": Expect(
        allowed=HOLDERS,
        kwargs=_lead,
        out_of_scope_kwargs=_foreign_lead,
        method="post",
        ok_status=frozenset({302}),
    ),
    "portal:dossier_plan": Expect(allowed=HOLDERS, kwargs=_dossier, out_of_scope_kwargs=_foreign_dossier),
}
