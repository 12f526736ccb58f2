from rowad.accounts.enums import Role
from rowad.people.models import Person
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import PersonFactory, province_by_name
from tests.matrix.base import ALL_ROLES, Expect
from tests.portal.factories import ErasureRequestFactory, HolderAccountFactory
from tests.training.factories import EnrolmentFactory

R = Role
HOLDERS = frozenset({R.PROJECT_HOLDER})
OFFICERS = frozenset({R.AGENCY_OFFICER})
PUBLIC_OK = frozenset({200, 302})


def build(world) -> None:
    holder = world.users[R.PROJECT_HOLDER]
    HolderAccountFactory(user=holder, phone="+213661999001")
    # Another app's builder (committees: letters) may already have given this login a
    # person; a login has at most one.
    world.objects["holder_person"] = Person.objects.filter(user=holder).first() or PersonFactory(
        user=holder, given_name_latin="Portalholder", phone="+213661999001", national_id=""
    )
    # Another Oran person: executing it must not deactivate the matrix's holder login.
    world.objects["erasure"] = ErasureRequestFactory(person=PersonFactory(national_id=""))
    foreign = PersonFactory(
        country="MA",
        province=province_by_name("Al Hoce"),
        given_name_latin="Zzforeignholderzz",
        national_id="",
    )
    world.objects["foreign_erasure"] = ErasureRequestFactory(person=foreign)
    world.objects["holder_dossier"] = make_dossier(
        world, holders=[world.objects["holder_person"]], actor=holder, title="Portal dossier"
    )
    world.objects["foreign_holder_dossier"] = make_dossier(
        world,
        programme=oran_programme(world, operator=world.hoceima_agency),
        holders=[foreign],
        actor=world.outsider,
        organization=world.hoceima_agency,
        province=foreign.province,
        title="Zzforeigndossierzz",
    )
    # Courses: the holder's own enrolment (Oran) and another holder's (Al Hoceima).
    world.objects["holder_enrolment"] = EnrolmentFactory(
        person=world.objects["holder_person"], cohort__province=world.oran
    )
    world.objects["foreign_enrolment"] = EnrolmentFactory(
        person=foreign, cohort__province=world.hoceima, cohort__reference="Zzforeigncohortzz"
    )


def _dossier(w):
    return {"pk": w.objects["holder_dossier"].pk}


def _foreign_dossier(w):
    return {"pk": w.objects["foreign_holder_dossier"].pk}


def _enrolment(w):
    return {"pk": w.objects["holder_enrolment"].pk}


def _foreign_enrolment(w):
    return {"pk": w.objects["foreign_enrolment"].pk}


def _erasure(w):
    return {"pk": w.objects["erasure"].pk}


def _foreign_erasure(w):
    return {"pk": w.objects["foreign_erasure"].pk}


EXPECTATIONS = {
    "portal:home": Expect(allowed=ALL_ROLES),
    "portal:signup": Expect(allowed=ALL_ROLES, public=True),
    "portal:login": Expect(allowed=ALL_ROLES, public=True),
    "portal:verify": Expect(allowed=ALL_ROLES, public=True, ok_status=PUBLIC_OK),
    "portal:resend": Expect(allowed=ALL_ROLES, public=True, method="post", ok_status=PUBLIC_OK),
    "portal:profile": Expect(allowed=HOLDERS),
    "portal:claim": Expect(allowed=HOLDERS, method="post", ok_status=frozenset({302})),
    "portal:privacy": Expect(allowed=HOLDERS),
    "portal:export": Expect(allowed=HOLDERS),
    # The PDF of the same export; the platform admin has no person: redirected.
    "portal:export_pdf": Expect(allowed=HOLDERS, ok_status=PUBLIC_OK),
    # The platform admin has no person: redirected to the privacy page.
    "portal:erasure_request": Expect(allowed=HOLDERS, ok_status=PUBLIC_OK),
    "portal:erasure_list": Expect(allowed=OFFICERS, hidden_text=lambda w: "Zzforeignholderzz"),
    "portal:erasure_decide": Expect(
        allowed=OFFICERS,
        kwargs=_erasure,
        out_of_scope_kwargs=_foreign_erasure,
        method="post",
        # The first allowed role erases; the next ones are told it was already handled.
        ok_status=frozenset({302, 409}),
    ),
    # The platform admin has no profile: sent to the profile page first.
    "portal:programmes": Expect(allowed=HOLDERS, ok_status=PUBLIC_OK),
    "portal:dossier_start": Expect(allowed=HOLDERS, ok_status=PUBLIC_OK),
    "portal:dossier_detail": Expect(allowed=HOLDERS, kwargs=_dossier, out_of_scope_kwargs=_foreign_dossier),
    "portal:dossier_edit": Expect(allowed=HOLDERS, kwargs=_dossier, out_of_scope_kwargs=_foreign_dossier),
    "portal:dossier_upload": Expect(
        allowed=HOLDERS,
        kwargs=_dossier,
        out_of_scope_kwargs=_foreign_dossier,
        method="post",
        ok_status=frozenset({302}),
    ),
    "portal:dossier_submit": Expect(
        allowed=HOLDERS,
        kwargs=_dossier,
        out_of_scope_kwargs=_foreign_dossier,
        method="post",
        ok_status=frozenset({302}),
    ),
    "portal:training": Expect(allowed=HOLDERS, hidden_text=lambda w: "Zzforeigncohortzz"),
    "portal:training_detail": Expect(
        allowed=HOLDERS, kwargs=_enrolment, out_of_scope_kwargs=_foreign_enrolment
    ),
}
