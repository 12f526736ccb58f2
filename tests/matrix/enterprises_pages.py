"""Permission matrix: the enterprise pages and the enterprises API (see tests/matrix/base.py).

Oran: a two-holder SARL recorded from a financed dossier, assigned to the Oran mentor (so
it is in the mentor's caseload), with one step done (its document stored) and one to do;
a financed dossier without its enterprise yet. Al Hoceima: a financed dossier, and an
enterprise recorded by the Al Hoceima officer with a step document, out of every Oran
user's reach."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.enterprises.enums import LegalForm
from rowad.enterprises.identifiers import IDENTIFIER_FIELDS
from rowad.enterprises.models import CreationStep, Enterprise, EnterpriseMember
from rowad.enterprises.services.editing import complete_step
from tests.committees.factories import DossierFactory
from tests.dossiers.factories import PDF_BYTES, oran_programme
from tests.enterprises.factories import VALID_DZ, AssignmentFactory, record_enterprise
from tests.enterprises.pages_helpers import create_body
from tests.factories import PersonFactory, ProgrammeFactory
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR})
MANAGERS = frozenset({R.AGENCY_OFFICER})
FORM_OR_POSTED = frozenset({200, 302})
FOREIGN = "Zzentpagesforeignzz"


def _financed(world, *, holders, agency, province, programme):
    return DossierFactory(
        organization=agency,
        province=province,
        programme=programme,
        state=DossierState.FINANCED,
        title="Ent pages dossier",
        holders=holders,
    )


def build(world) -> None:
    officer = world.users[R.AGENCY_OFFICER]
    programme = oran_programme(world)
    oran_people = [PersonFactory(national_id="", organization=world.oran_agency) for _ in range(2)]
    dossier = _financed(
        world, holders=oran_people, agency=world.oran_agency, province=world.oran, programme=programme
    )
    enterprise = record_enterprise(
        dossier, actor=officer, legal_form=LegalForm.SARL, identifiers=VALID_DZ, name_latin="Ent pages SARL"
    )
    AssignmentFactory(dossier=dossier, mentor=world.users[R.MENTOR])
    steps = list(enterprise.steps.order_by("position"))
    done = complete_step(
        steps[0],
        actor=officer,
        done_on=datetime.date.today(),
        reference="R-1",
        document=SimpleUploadedFile("certificat.pdf", PDF_BYTES),
    )
    bare = _financed(
        world,
        holders=[PersonFactory(national_id="", organization=world.oran_agency)],
        agency=world.oran_agency,
        province=world.oran,
        programme=programme,
    )

    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency)
    foreign_holder = [PersonFactory(national_id="", country="MA", province=world.hoceima)]
    foreign_dossier = _financed(
        world,
        holders=foreign_holder,
        agency=world.hoceima_agency,
        province=world.hoceima,
        programme=foreign_programme,
    )
    foreign = record_enterprise(
        foreign_dossier, actor=world.outsider, legal_form=LegalForm.MICRO_ENTERPRISE, name_latin=FOREIGN
    )
    foreign_step = complete_step(
        foreign.steps.order_by("position").first(),
        actor=world.outsider,
        done_on=datetime.date.today(),
        document=SimpleUploadedFile("foreign.pdf", PDF_BYTES),
    )
    foreign_bare = _financed(
        world,
        holders=[PersonFactory(national_id="", country="MA", province=world.hoceima)],
        agency=world.hoceima_agency,
        province=world.hoceima,
        programme=foreign_programme,
    )
    world.objects.update(
        ent_pages_enterprise=enterprise,
        ent_pages_done_step=done,
        ent_pages_todo_step=steps[1],
        ent_pages_bare_dossier=bare,
        ent_pages_foreign=foreign,
        ent_pages_foreign_step=foreign_step,
        ent_pages_foreign_dossier=foreign_bare,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _enterprise(w) -> Enterprise:
    return Enterprise.objects.get(pk=w.objects["ent_pages_enterprise"].pk)


def _edit_body(w) -> dict:
    enterprise = _enterprise(w)
    body = {
        "version": str(enterprise.version),
        "name_ar": enterprise.name_ar,
        "name_latin": f"Ent pages {enterprise.version}",
        "activity": enterprise.activity,
        "address": enterprise.address,
        "specialty": str(enterprise.specialty_id or ""),
    }
    return body | {name: getattr(enterprise, name) for name in IDENTIFIER_FIELDS if name != "ice"}


def _members_body(w) -> dict:
    enterprise = _enterprise(w)
    members = list(enterprise.members.filter(left_on__isnull=True).order_by("-role", "id"))
    body = {"version": str(enterprise.version)}
    for member, share in zip(members, ("60", "40"), strict=False):
        body[f"owner_{member.person_id}_role"] = member.role
        body[f"owner_{member.person_id}_share"] = share
    return body


def _members_state(w):
    return sorted(
        EnterpriseMember.objects.filter(enterprise=w.objects["ent_pages_enterprise"]).values_list(
            "person_id", "role", "share", "left_on"
        )
    )


def _step_state(name):
    return lambda w: CreationStep.objects.get(pk=w.objects[name].pk).done_on


def _read(kwargs=None, out=None, **extra) -> Expect:
    if kwargs is None:
        return Expect(allowed=READERS, hidden_text=lambda w: FOREIGN, **extra)
    return Expect(allowed=READERS, kwargs=_pk(kwargs), out_of_scope_kwargs=_pk(out), **extra)


EXPECTATIONS = {
    "enterprises:list": _read(),
    "enterprises:detail": _read("ent_pages_enterprise", "ent_pages_foreign"),
    "enterprises:step_document": _read("ent_pages_done_step", "ent_pages_foreign_step"),
    "enterprises:create": Expect(
        allowed=MANAGERS,
        kwargs=lambda w: {"dossier_pk": w.objects["ent_pages_bare_dossier"].pk},
        out_of_scope_kwargs=lambda w: {"dossier_pk": w.objects["ent_pages_foreign_dossier"].pk},
        body=lambda w: create_body(w.objects["ent_pages_bare_dossier"]),
        state=lambda w: Enterprise.objects.filter(dossier=w.objects["ent_pages_bare_dossier"]).exists(),
    ),
    "enterprises:edit": Expect(
        allowed=MANAGERS,
        kwargs=_pk("ent_pages_enterprise"),
        out_of_scope_kwargs=_pk("ent_pages_foreign"),
        body=_edit_body,
        state=lambda w: _enterprise(w).name_latin,
    ),
    "enterprises:members_edit": Expect(
        allowed=MANAGERS,
        kwargs=_pk("ent_pages_enterprise"),
        out_of_scope_kwargs=_pk("ent_pages_foreign"),
        body=_members_body,
        state=_members_state,
    ),
    "enterprises:step_done": Expect(
        allowed=MANAGERS,
        kwargs=_pk("ent_pages_todo_step"),
        out_of_scope_kwargs=_pk("ent_pages_foreign_step"),
        method="post",
        ok_status=FORM_OR_POSTED,
        body=lambda w: {
            f"step-{w.objects['ent_pages_todo_step'].pk}-done_on": datetime.date.today().isoformat()
        },
        state=_step_state("ent_pages_todo_step"),
    ),
    "enterprises:step_reopen": Expect(
        allowed=MANAGERS,
        kwargs=_pk("ent_pages_done_step"),
        out_of_scope_kwargs=_pk("ent_pages_foreign_step"),
        method="post",
        ok_status=frozenset({302}),
        body=lambda w: {"reopen": "1"},
        state=_step_state("ent_pages_done_step"),
    ),
    "enterprises-enterprise-list": _read(),
    "enterprises-enterprise-detail": _read("ent_pages_enterprise", "ent_pages_foreign"),
}
