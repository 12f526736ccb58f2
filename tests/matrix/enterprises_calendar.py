"""Permission matrix: the legal follow-up calendar and the life events (pages and API).
Agency officers write (mark done, reopen, add an obligation, record a life event); the
cross-enterprise calendar is read by officers and directors; the API lists are read by
every enterprise reader (a mentor: their caseload, here the Oran enterprise assigned to
them; a holder: their own enterprise). The Al Hoceima enterprise is out of every Oran
user's reach: its obligation's label and its event's note must never show."""

from __future__ import annotations

import datetime

from rowad.accounts.enums import Role
from rowad.enterprises.enums import LifeEventKind, ObligationKind
from rowad.enterprises.models import Enterprise, LifeEvent, Obligation
from rowad.people.models import Person
from tests.enterprises.calendar_helpers import foreign_enterprise, obligation, oran_enterprise
from tests.enterprises.factories import AssignmentFactory
from tests.factories import PersonFactory
from tests.matrix.base import Expect

R = Role
MANAGERS = frozenset({R.AGENCY_OFFICER})
CALENDAR_READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR})
API_READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR, R.PROJECT_HOLDER})
POSTED = frozenset({302})
FOREIGN = "Zzentcalendarforeignzz"


def _today() -> datetime.date:
    return datetime.date.today()


def build(world) -> None:
    user = world.users[R.PROJECT_HOLDER]
    person = Person.objects.filter(user=user).first() or PersonFactory(user=user, national_id="")
    enterprise = oran_enterprise(world, holders=[person], name_latin="Calendar Oran")
    AssignmentFactory(dossier=enterprise.dossier, mentor=world.users[R.MENTOR])
    late = obligation(enterprise, in_days=-3)
    done = obligation(enterprise, in_days=-30, kind=ObligationKind.SOCIAL_SECURITY, done_on=_today())
    event = LifeEvent.objects.create(
        enterprise=enterprise,
        kind=LifeEventKind.SUSPENDED,
        occurred_on=_today() - datetime.timedelta(days=60),
    )
    LifeEvent.objects.create(
        enterprise=enterprise, kind=LifeEventKind.RESUMED, occurred_on=_today() - datetime.timedelta(days=30)
    )
    foreign = foreign_enterprise(world, name_latin=FOREIGN)
    foreign_late = obligation(foreign, in_days=-3, label=FOREIGN)
    foreign_event = LifeEvent.objects.create(
        enterprise=foreign, kind=LifeEventKind.SUSPENDED, occurred_on=_today(), note=FOREIGN
    )
    world.objects.update(
        ent_calendar_enterprise=enterprise,
        ent_calendar_late=late,
        ent_calendar_done=done,
        ent_calendar_event=event,
        ent_calendar_foreign=foreign,
        ent_calendar_foreign_late=foreign_late,
        ent_calendar_foreign_event=foreign_event,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _done_on(name):
    return lambda w: Obligation.objects.get(pk=w.objects[name].pk).done_on


def _enterprise(w) -> Enterprise:
    return Enterprise.objects.get(pk=w.objects["ent_calendar_enterprise"].pk)


def _post(kwargs, out, *, body, state, ok_status=POSTED) -> Expect:
    return Expect(
        allowed=MANAGERS,
        kwargs=_pk(kwargs),
        out_of_scope_kwargs=_pk(out),
        method="post",
        ok_status=ok_status,
        body=body,
        state=state,
        body_roles=MANAGERS,
    )


EXPECTATIONS = {
    # Pages
    "enterprises:calendar": Expect(allowed=CALENDAR_READERS, hidden_text=lambda w: FOREIGN),
    "enterprises:obligation_complete": _post(
        "ent_calendar_late",
        "ent_calendar_foreign_late",
        body=lambda w: {"done_on": _today().isoformat()},
        state=_done_on("ent_calendar_late"),
    ),
    "enterprises:obligation_reopen": _post(
        "ent_calendar_done",
        "ent_calendar_foreign_late",
        body=lambda w: {"reopen": "1"},
        state=_done_on("ent_calendar_done"),
    ),
    "enterprises:obligation_add": _post(
        "ent_calendar_enterprise",
        "ent_calendar_foreign",
        body=lambda w: {"add-kind": "other", "add-due_on": _today().isoformat(), "add-label": "Matrix"},
        state=lambda w: Obligation.objects.filter(enterprise=w.objects["ent_calendar_enterprise"]).count(),
    ),
    "enterprises:life_event_record": _post(
        "ent_calendar_enterprise",
        "ent_calendar_foreign",
        body=lambda w: {
            "kind": LifeEventKind.SUSPENDED,
            "occurred_on": _today().isoformat(),
            "version": str(_enterprise(w).version),
        },
        state=lambda w: (_enterprise(w).status, _enterprise(w).version),
    ),
    # API
    "enterprise-obligation-list": Expect(allowed=API_READERS, hidden_text=lambda w: FOREIGN),
    "enterprise-obligation-detail": Expect(
        allowed=API_READERS,
        kwargs=_pk("ent_calendar_late"),
        out_of_scope_kwargs=_pk("ent_calendar_foreign_late"),
    ),
    "enterprise-obligation-complete": _post(
        "ent_calendar_late",
        "ent_calendar_foreign_late",
        body=lambda w: {"done_on": _today().isoformat()},
        state=_done_on("ent_calendar_late"),
        ok_status=frozenset({400}),
    ),
    "enterprise-life-event-list": Expect(allowed=API_READERS, hidden_text=lambda w: FOREIGN),
    "enterprise-life-event-detail": Expect(
        allowed=API_READERS,
        kwargs=_pk("ent_calendar_event"),
        out_of_scope_kwargs=_pk("ent_calendar_foreign_event"),
    ),
}
