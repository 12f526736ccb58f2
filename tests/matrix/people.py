from rowad.accounts.enums import Role
from tests.factories import PersonFactory, province_by_name
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.FIELD_AGENT, R.DIRECTOR, R.ASSOCIATION_REP, R.MENTOR})
EDITORS = frozenset({R.AGENCY_OFFICER, R.FIELD_AGENT})
OFFICERS = frozenset({R.AGENCY_OFFICER})


def build(world) -> None:
    world.objects["person"] = PersonFactory(
        given_name_latin="Inscope",
        family_name_latin="Oranais",
        national_id="",
        organization=world.oran_agency,
    )
    world.objects["foreign_person"] = PersonFactory(
        given_name_ar="إسماعيل",
        family_name_ar="البنوضي",
        given_name_latin="Ismail",
        family_name_latin="Zzforeignzz",
        country="MA",
        province=province_by_name("Al Hoce"),
        national_id="",
        organization=world.hoceima_agency,
    )


def _in(w):
    return {"pk": w.objects["person"].pk}


def _out(w):
    return {"pk": w.objects["foreign_person"].pk}


def _hidden(w):
    return "Zzforeignzz"


EXPECTATIONS = {
    "people:list": Expect(allowed=READERS, hidden_text=_hidden),
    "people:create": Expect(allowed=EDITORS),
    "people:suggestions": Expect(allowed=READERS, query="?name=Zzforeignzz", hidden_text=_hidden),
    "people:detail": Expect(allowed=READERS, kwargs=_in, out_of_scope_kwargs=_out),
    "people:edit": Expect(allowed=EDITORS, kwargs=_in, out_of_scope_kwargs=_out),
    "people:export": Expect(allowed=OFFICERS, kwargs=_in, out_of_scope_kwargs=_out),
    "people:export_pdf": Expect(allowed=OFFICERS, kwargs=_in, out_of_scope_kwargs=_out),
    "people:erase": Expect(allowed=OFFICERS, kwargs=_in, out_of_scope_kwargs=_out),
    "people:consent": Expect(
        allowed=EDITORS, kwargs=_in, out_of_scope_kwargs=_out, method="post", ok_status=frozenset({302})
    ),
    "person-list": Expect(allowed=READERS, hidden_text=_hidden),
    "person-detail": Expect(allowed=READERS, kwargs=_in, out_of_scope_kwargs=_out),
}
