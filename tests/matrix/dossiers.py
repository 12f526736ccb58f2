from decimal import Decimal

from rowad.accounts.enums import Role
from rowad.dossiers import services, specifications
from rowad.dossiers.enums import DossierState, FinancingKind
from rowad.dossiers.models import DocumentVersion
from tests.dossiers.factories import PDF_BYTES, advance, make_dossier, oran_programme, pdf, put_on_agenda
from tests.factories import PersonFactory, ProgrammeFactory, province_by_name
from tests.matrix.base import Expect, form_body

R = Role
READERS = frozenset(
    {R.AGENCY_OFFICER, R.DIRECTOR, R.FIELD_AGENT, R.MENTOR, R.SPONSOR_OFFICER, R.FUNDER_OFFICER}
)
LIST_READERS = READERS | {R.COMMITTEE_MEMBER}
CREATORS = frozenset({R.AGENCY_OFFICER, R.FIELD_AGENT})
OFFICERS = frozenset({R.AGENCY_OFFICER})
MOVERS = frozenset({R.AGENCY_OFFICER, R.COMMITTEE_MEMBER})
SPEC_READERS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER, R.DIRECTOR, R.COMMITTEE_MEMBER})
SPEC_WRITERS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER})
SPONSORS = frozenset({R.SPONSOR_OFFICER})


def build(world) -> None:
    officer = world.users[R.AGENCY_OFFICER]
    programme = oran_programme(world)
    # The Oran agency also sponsors and funds, so its sponsor and funder officers have a
    # dossier to see; the foreign dossier's programme is neither.
    programme.sponsors.set([world.oran_agency])
    dossier = make_dossier(world, programme=programme, title="Inscope dossier")
    services.set_financing(
        dossier,
        lines=[
            {"kind": FinancingKind.AGENCY_LOAN, "amount": Decimal("1000000"), "funder": world.oran_agency}
        ],
        actor=officer,
    )
    world.objects["dossier"] = advance(dossier, DossierState.UNDER_STUDY, actor=officer)
    world.objects["version"] = DocumentVersion.objects.filter(document__dossier=dossier).first()
    committee = make_dossier(world, programme=programme, title="Committee dossier")
    world.objects["committee_dossier"] = advance(committee, DossierState.READY_FOR_COMMITTEE, actor=officer)
    put_on_agenda(world.objects["committee_dossier"], member=world.users[R.COMMITTEE_MEMBER])

    hoceima = province_by_name("Al Hoce")
    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency)
    foreign = services.create_dossier(
        holders=[PersonFactory(national_id="", country="MA", province=hoceima)],
        programme=foreign_programme,
        actor=world.outsider,
        title="Zzforeigndossier",
        idea="Apiculture",
        province=hoceima,
        organization=world.hoceima_agency,
    )
    foreign_version = services.upload_document(
        foreign,
        document_type=programme.required_documents.first(),
        file=pdf(),
        actor=world.outsider,
    )
    world.objects["foreign_dossier"] = foreign
    world.objects["foreign_version"] = foreign_version

    # Specifications: the Oran programme's (written by its operator's officer) and the
    # Al Hoceima programme's, which no Oran user reaches.
    item = {"kind": "diploma", "label_fr": "Diplôme", "label_ar": "شهادة", "is_mandatory": True}
    world.objects["specification"] = specifications.create_specification(
        programme, data={"name_fr": "Cahier Oran"}, items=[item], actor=officer
    )
    world.objects["foreign_specification"] = specifications.create_specification(
        foreign_programme, data={"name_fr": "Zzforeignspec"}, items=[item], actor=world.outsider
    )
    world.objects["programme"] = programme
    world.objects["foreign_programme"] = foreign_programme


def _in(w):
    return {"pk": w.objects["dossier"].pk}


def _out(w):
    return {"pk": w.objects["foreign_dossier"].pk}


def _committee(w):
    return {"pk": w.objects["committee_dossier"].pk}


def _version_in(w):
    return {"pk": w.objects["dossier"].pk, "version_pk": w.objects["version"].pk}


def _version_out(w):
    return {"pk": w.objects["foreign_dossier"].pk, "version_pk": w.objects["foreign_version"].pk}


def _obj(name):
    return lambda w: {"pk": w.objects[name].pk}


def _hidden(w):
    return "Zzforeigndossier"


def _fresh(w, name="dossier"):
    from rowad.dossiers.models import Dossier

    return Dossier.objects.get(pk=w.objects[name].pk)


def _edit_body(w):
    from rowad.dossiers.forms import DossierForm

    return form_body(DossierForm(instance=_fresh(w)), title="Changed title")


def _withdraw_body(w):
    dossier = _fresh(w, "committee_dossier")
    return {"target": DossierState.WITHDRAWN, "version": dossier.version, "note": "The holder moved abroad"}


def _upload_body(w):
    # A new file (the same bytes again would be a double submit, ignored).
    content = PDF_BYTES.replace(b"%PDF-1.4\n", b"%PDF-1.4\n% signed copy\n")
    return {"document_type": _fresh(w).programme.required_documents.first().pk, "file": pdf(content=content)}


def _financing_body(w):
    return {
        "version": _fresh(w).version,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "12",
        "lines-0-kind": FinancingKind.PERSONAL_CONTRIBUTION,
        "lines-0-amount": "1000000",
    }


def _financing(w):
    return list(_fresh(w).financing_lines.values_list("kind", "amount", "funder_id"))


POSTED = frozenset({302})

EXPECTATIONS = {
    "dossiers:dossier_list": Expect(allowed=LIST_READERS, hidden_text=_hidden),
    "dossiers:dossier_create": Expect(allowed=CREATORS),
    "dossiers:dossier_detail": Expect(allowed=READERS, kwargs=_in, out_of_scope_kwargs=_out),
    "dossiers:dossier_edit": Expect(
        allowed=OFFICERS,
        kwargs=_in,
        out_of_scope_kwargs=_out,
        body=_edit_body,
        state=lambda w: _fresh(w).title,
    ),
    "dossiers:dossier_financing": Expect(
        allowed=OFFICERS, kwargs=_in, out_of_scope_kwargs=_out, body=_financing_body, state=_financing
    ),
    "dossiers:dossier_study": Expect(allowed=OFFICERS, kwargs=_in, out_of_scope_kwargs=_out),
    "dossiers:dossier_transition": Expect(
        allowed=MOVERS,
        kwargs=_committee,
        out_of_scope_kwargs=_out,
        method="post",
        ok_status=POSTED,
        body=_withdraw_body,
        state=lambda w: _fresh(w, "committee_dossier").state,
    ),
    "dossiers:internal_note_add": Expect(
        allowed=OFFICERS,
        kwargs=_in,
        out_of_scope_kwargs=_out,
        method="post",
        ok_status=POSTED,
        body=lambda w: {"body": "Garant à vérifier"},
        state=lambda w: _fresh(w).internal_notes.count(),
        body_roles=OFFICERS,
    ),
    "dossiers:document_upload": Expect(
        allowed=CREATORS,
        kwargs=_in,
        out_of_scope_kwargs=_out,
        method="post",
        ok_status=POSTED,
        body=_upload_body,
        state=lambda w: DocumentVersion.objects.filter(document__dossier=w.objects["dossier"]).count(),
        body_roles=CREATORS,
    ),
    # The sponsor downloads the holders' documents only while it studies the dossier (its
    # programme asks for the sponsor's sign-off; this one does not): see dossiers.disclosure.
    "dossiers:document_download": Expect(
        allowed=READERS - SPONSORS, kwargs=_version_in, out_of_scope_kwargs=_version_out
    ),
    "dossiers:study_signoff": Expect(allowed=SPONSORS, kwargs=_in, out_of_scope_kwargs=_out),
    "dossiers:specification_list": Expect(allowed=SPEC_READERS, hidden_text=lambda w: "Zzforeignspec"),
    "dossiers:specification_detail": Expect(
        allowed=SPEC_READERS, kwargs=_obj("specification"), out_of_scope_kwargs=_obj("foreign_specification")
    ),
    "dossiers:specification_edit": Expect(
        allowed=SPEC_WRITERS, kwargs=_obj("specification"), out_of_scope_kwargs=_obj("foreign_specification")
    ),
    "dossiers:specification_create": Expect(
        allowed=SPEC_WRITERS,
        kwargs=lambda w: {"programme_pk": w.objects["programme"].pk},
        out_of_scope_kwargs=lambda w: {"programme_pk": w.objects["foreign_programme"].pk},
    ),
    "dossiers:specification_item_row": Expect(allowed=SPEC_WRITERS, query="?index=1"),
    "dossier-list": Expect(allowed=LIST_READERS, hidden_text=_hidden),
    "dossier-detail": Expect(allowed=READERS, kwargs=_in, out_of_scope_kwargs=_out),
    "dossier-transition": Expect(
        allowed=MOVERS, kwargs=_committee, out_of_scope_kwargs=_out, method="post", ok_status=frozenset({400})
    ),
}
