from rowad.accounts.enums import Role
from tests.factories import PersonFactory, province_by_name
from tests.matrix.base import Expect, form_body

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


def _person(w):
    from rowad.people.models import Person

    return Person.objects.get(pk=w.objects["person"].pk)


def _edit_body(w):
    from rowad.people.forms import PersonForm

    return form_body(PersonForm(instance=_person(w)), given_name_latin="Changed")


def _consents(w):
    return _person(w).consents.count()


EXPECTATIONS = {
    "people:list": Expect(allowed=READERS, hidden_text=_hidden),
    "people:create": Expect(allowed=EDITORS),
    "people:suggestions": Expect(allowed=READERS, query="?name=Zzforeignzz", hidden_text=_hidden),
    "people:detail": Expect(allowed=READERS, kwargs=_in, out_of_scope_kwargs=_out),
    "people:edit": Expect(
        allowed=EDITORS,
        kwargs=_in,
        out_of_scope_kwargs=_out,
        body=_edit_body,
        state=lambda w: _person(w).given_name_latin,
        body_roles=EDITORS,
    ),
    "people:export": Expect(allowed=OFFICERS, kwargs=_in, out_of_scope_kwargs=_out),
    "people:export_pdf": Expect(allowed=OFFICERS, kwargs=_in, out_of_scope_kwargs=_out),
    "people:erase": Expect(
        allowed=OFFICERS,
        kwargs=_in,
        out_of_scope_kwargs=_out,
        body=lambda w: {"reason": "The person's written request of 1 December", "confirm": "on"},
        state=lambda w: _person(w).erased_at,
    ),
    "people:consent": Expect(
        allowed=EDITORS,
        kwargs=_in,
        out_of_scope_kwargs=_out,
        method="post",
        ok_status=frozenset({302}),
        body=lambda w: {"purpose": "contact", "given": "1"},
        state=_consents,
        body_roles=EDITORS,
    ),
    "person-list": Expect(allowed=READERS, hidden_text=_hidden),
    "person-detail": Expect(allowed=READERS, kwargs=_in, out_of_scope_kwargs=_out),
}
