"""Permission matrix of the holders' declarations of jobs and turnover: the holder's
"My enterprise" page (portal), the "Confirm" button of the enterprise page, and the
declarations API. The Oran holder's enterprise is accompanied by the Oran mentor; another
Oran holder's and an Al Hoceima holder's enterprises are never shown to the holder."""

from __future__ import annotations

import uuid

from rowad.accounts.enums import Role
from rowad.enterprises.models import JobsDeclaration
from rowad.people.models import Person
from rowad.portal.forms import declaration_prefix
from tests.enterprises.declaration_helpers import days_ago, enterprise_of
from tests.factories import PersonFactory
from tests.matrix.base import Expect

R = Role
HOLDERS = frozenset({R.PROJECT_HOLDER})
CONFIRMERS = frozenset({R.AGENCY_OFFICER, R.MENTOR})
API_READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR, R.PROJECT_HOLDER})
# In the names of the other holders' enterprises (the Oran holder's page never shows them)
# and in the reference of the Al Hoceima one (no Oran user reads it on the API).
OTHERS = "Zzentportal"
FOREIGN_REFERENCE = "ZZENTPORTAL-FOREIGN"


def _pending(enterprise, person) -> JobsDeclaration:
    return JobsDeclaration.objects.create(
        enterprise=enterprise, declared_on=days_ago(2), declared_by=person, permanent_men=2, seasonal_women=1
    )


def build(world) -> None:
    holder = world.users[R.PROJECT_HOLDER]
    # The same person the portal's builder gives this login (whichever runs first).
    person = Person.objects.filter(user=holder).first() or PersonFactory(
        user=holder, given_name_latin="Portalholder", phone="+213661999001", national_id=""
    )
    enterprise = enterprise_of(person, mentor=world.users[R.MENTOR], title="Entportal fibre")
    neighbour = PersonFactory(national_id="")
    foreign = PersonFactory(national_id="", country="MA", province=world.hoceima)
    neighbour_enterprise = enterprise_of(neighbour, title=f"{OTHERS}neighbourzz")
    foreign_enterprise = enterprise_of(
        foreign, title=f"{OTHERS}foreignzz", province=world.hoceima, reference=FOREIGN_REFERENCE
    )
    world.objects.update(
        ent_portal_enterprise=enterprise,
        ent_portal_declaration=_pending(enterprise, person),
        ent_portal_neighbour_declaration=_pending(neighbour_enterprise, neighbour),
        ent_portal_foreign_declaration=_pending(foreign_enterprise, foreign),
        ent_portal_foreign_enterprise=foreign_enterprise,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _declaration_body(w) -> dict:
    enterprise = w.objects["ent_portal_enterprise"]
    prefix = declaration_prefix(enterprise.pk)
    return {
        "enterprise": str(enterprise.pk),
        f"{prefix}-client_uuid": str(uuid.uuid4()),
        f"{prefix}-declared_on": days_ago(0).isoformat(),
        f"{prefix}-permanent_men": "3",
        f"{prefix}-permanent_women": "1",
        f"{prefix}-seasonal_men": "0",
        f"{prefix}-seasonal_women": "2",
        f"{prefix}-turnover_band": "under_2m",
    }


def _declarations(w) -> int:
    return JobsDeclaration.objects.filter(enterprise=w.objects["ent_portal_enterprise"]).count()


def _asked(w):
    from rowad.enterprises.models import Enterprise

    return Enterprise.objects.get(pk=w.objects["ent_portal_enterprise"].pk).declaration_requested_on


def _confirmed(w):
    return JobsDeclaration.objects.get(pk=w.objects["ent_portal_declaration"].pk).confirmed_at


def _confirm(ok_status: frozenset[int]) -> Expect:
    return Expect(
        allowed=CONFIRMERS,
        kwargs=_pk("ent_portal_declaration"),
        out_of_scope_kwargs=_pk("ent_portal_foreign_declaration"),
        method="post",
        ok_status=ok_status,
        body=lambda w: {},
        state=_confirmed,
        body_roles=CONFIRMERS,
    )


EXPECTATIONS = {
    "portal:enterprise": Expect(
        allowed=HOLDERS,
        kwargs=lambda w: {},
        hidden_text=lambda w: OTHERS,
        body=_declaration_body,
        state=_declarations,
        body_roles=HOLDERS,
    ),
    # Confirmed by the first allowed user; the next ones are told it already is.
    "enterprises:declaration_confirm": _confirm(frozenset({302})),
    "enterprises-declaration-list": Expect(allowed=API_READERS, hidden_text=lambda w: FOREIGN_REFERENCE),
    "enterprises-declaration-detail": Expect(
        allowed=API_READERS,
        kwargs=_pk("ent_portal_declaration"),
        out_of_scope_kwargs=_pk("ent_portal_foreign_declaration"),
    ),
    "enterprises-declaration-confirm": _confirm(frozenset({200, 409})),
    "enterprises:declaration_request": Expect(
        allowed=CONFIRMERS,
        kwargs=_pk("ent_portal_enterprise"),
        out_of_scope_kwargs=_pk("ent_portal_foreign_enterprise"),
        method="post",
        ok_status=frozenset({302}),
        body=lambda w: {},
        state=_asked,
        body_roles=CONFIRMERS,
    ),
}
