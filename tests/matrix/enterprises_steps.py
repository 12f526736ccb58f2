"""Permission matrix of the creation steps on the API: every enterprise reader lists and
reads the steps of the enterprises they reach (a mentor: their caseload; a holder: their
own); only an agency officer managing the enterprise marks one done or reopens it. The
Al Hoceima enterprise's steps are out of every Oran user's reach. Also the API's request
for a holders' declaration (officers and the mentor; a list action, checked in
tests/enterprises/test_api_steps.py)."""

from __future__ import annotations

import datetime

from rowad.accounts.enums import Role
from rowad.enterprises.models import CreationStep
from rowad.people.models import Person
from tests.enterprises.calendar_helpers import foreign_enterprise, oran_enterprise
from tests.enterprises.factories import AssignmentFactory
from tests.factories import PersonFactory
from tests.matrix.base import Expect

R = Role
MANAGERS = frozenset({R.AGENCY_OFFICER})
API_READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR, R.PROJECT_HOLDER})
FOREIGN = "zzentstepsforeignzz"


def _today() -> datetime.date:
    return datetime.date.today()


def build(world) -> None:
    user = world.users[R.PROJECT_HOLDER]
    person = Person.objects.filter(user=user).first() or PersonFactory(user=user, national_id="")
    enterprise = oran_enterprise(world, holders=[person], name_latin="Steps Oran")
    AssignmentFactory(dossier=enterprise.dossier, mentor=world.users[R.MENTOR])
    due = CreationStep.objects.create(enterprise=enterprise, code="trade_register", due_on=_today())
    done = CreationStep.objects.create(
        enterprise=enterprise, code="bank_account", due_on=_today(), done_on=_today(), reference="RIB-1"
    )
    foreign = foreign_enterprise(world, name_latin="Steps Hoceima")
    foreign_step = CreationStep.objects.create(
        enterprise=foreign, code="odco_deposit", due_on=_today(), reference=FOREIGN
    )
    world.objects.update(
        ent_steps_due=due,
        ent_steps_done=done,
        ent_steps_foreign=foreign_step,
        ent_steps_enterprise=enterprise,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _done_on(name):
    return lambda w: CreationStep.objects.get(pk=w.objects[name].pk).done_on


EXPECTATIONS = {
    "enterprises-step-list": Expect(allowed=API_READERS, hidden_text=lambda w: FOREIGN),
    "enterprises-step-detail": Expect(
        allowed=API_READERS, kwargs=_pk("ent_steps_due"), out_of_scope_kwargs=_pk("ent_steps_foreign")
    ),
    # Done by the first allowed user; done again it is refused (400 step_done).
    "enterprises-step-complete": Expect(
        allowed=MANAGERS,
        kwargs=_pk("ent_steps_due"),
        out_of_scope_kwargs=_pk("ent_steps_foreign"),
        method="post",
        ok_status=frozenset({200, 400}),
        body=lambda w: {"done_on": _today().isoformat(), "reference": "RC-31"},
        state=_done_on("ent_steps_due"),
        body_roles=MANAGERS,
    ),
    "enterprises-step-reopen": Expect(
        allowed=MANAGERS,
        kwargs=_pk("ent_steps_done"),
        out_of_scope_kwargs=_pk("ent_steps_foreign"),
        method="post",
        ok_status=frozenset({200, 400}),
        body=lambda w: {},
        state=_done_on("ent_steps_done"),
        body_roles=MANAGERS,
    ),
    "enterprises-declaration-ask": Expect(
        allowed=frozenset({R.AGENCY_OFFICER, R.MENTOR}),
        method="post",
        ok_status=frozenset({200, 400}),
    ),
}
