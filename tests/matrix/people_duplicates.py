from rowad.accounts.enums import Role
from rowad.people.merging import merge_people
from rowad.people.models import DuplicateCandidate
from tests.factories import PersonFactory, province_by_name
from tests.matrix.base import Expect

OFFICERS = frozenset({Role.AGENCY_OFFICER})


def _pair(a, b, score=20.0):
    a, b = sorted((a, b), key=lambda p: p.pk)
    return DuplicateCandidate.objects.create(person_a=a, person_b=b, score=score, probability=0.99)


def build(world) -> None:
    oran = world.oran_agency
    p1 = PersonFactory(
        given_name_latin="Dupone", family_name_latin="Oranais", national_id="", organization=oran
    )
    p2 = PersonFactory(
        given_name_latin="Duptwo", family_name_latin="Oranais", national_id="", organization=oran
    )
    p3 = PersonFactory(
        given_name_latin="Dupthree", family_name_latin="Oranais", national_id="", organization=oran
    )
    p4 = PersonFactory(
        given_name_latin="Dupfour", family_name_latin="Oranais", national_id="", organization=oran
    )
    world.objects["dup_pair"] = _pair(p1, p2)
    world.objects["dup_pair_post"] = _pair(p3, p4, 19.0)
    foreign = [
        PersonFactory(
            given_name_latin="Ismail",
            family_name_latin=f"Zzdupforeign{i}",
            country="MA",
            province=province_by_name("Al Hoce"),
            national_id="",
            organization=world.hoceima_agency,
        )
        for i in range(4)
    ]
    world.objects["dup_foreign"] = _pair(foreign[0], foreign[1])
    world.objects["merge"] = merge_people(
        PersonFactory(
            given_name_latin="Survivor", family_name_latin="Oranais", national_id="", organization=oran
        ),
        PersonFactory(
            given_name_latin="Absorbed", family_name_latin="Oranais", national_id="", organization=oran
        ),
        actor=None,
    )
    world.objects["merge_foreign"] = merge_people(foreign[2], foreign[3], actor=None)


def _pair_in(w):
    return {"pk": w.objects["dup_pair"].pk}


def _pair_post_in(w):
    return {"pk": w.objects["dup_pair_post"].pk}


def _pair_out(w):
    return {"pk": w.objects["dup_foreign"].pk}


def _merge_in(w):
    return {"pk": w.objects["merge"].pk}


def _merge_out(w):
    return {"pk": w.objects["merge_foreign"].pk}


EXPECTATIONS = {
    "people:duplicate_list": Expect(allowed=OFFICERS, hidden_text=lambda w: "Zzdupforeign"),
    "people:duplicate_detail": Expect(allowed=OFFICERS, kwargs=_pair_in, out_of_scope_kwargs=_pair_out),
    # Without a record to keep, the confirmation step sends back to the pair.
    "people:duplicate_merge": Expect(
        allowed=OFFICERS,
        kwargs=_pair_post_in,
        out_of_scope_kwargs=_pair_out,
        ok_status=frozenset({302}),
        body=lambda w: {"survivor": w.objects["dup_pair_post"].person_a_id, "confirmed": "yes"},
        state=lambda w: DuplicateCandidate.objects.get(pk=w.objects["dup_pair_post"].pk).status,
    ),
    "people:duplicate_distinct": Expect(
        allowed=OFFICERS,
        kwargs=_pair_post_in,
        out_of_scope_kwargs=_pair_out,
        method="post",
        ok_status=frozenset({302}),
    ),
    "duplicate-list": Expect(
        allowed=OFFICERS, hidden_text=lambda w: f'"person_a":{w.objects["dup_foreign"].person_a_id},'
    ),
    "duplicate-detail": Expect(allowed=OFFICERS, kwargs=_pair_in, out_of_scope_kwargs=_pair_out),
    "people:merge_undo": Expect(
        allowed=OFFICERS,
        kwargs=_merge_in,
        out_of_scope_kwargs=_merge_out,
        method="post",
        ok_status=frozenset({302}),
    ),
}
