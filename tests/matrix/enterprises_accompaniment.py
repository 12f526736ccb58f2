"""Permission matrix of the accompaniment pages and API: the caseload of an officer's
mentors, a mentor's own caseload (ONLY theirs: another Oran mentor's enterprise stays
hidden), the visit and session forms, assigning a mentor, and the assignments, sessions
and visits endpoints."""

from __future__ import annotations

import datetime
import uuid

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.enterprises.models import AccompanimentSession, MentorAssignment, SessionTopic, Visit
from rowad.enterprises.services.accompaniment import assign_mentor, record_session, record_visit
from tests.committees.factories import DossierFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.matrix.base import Expect

R = Role
OFFICERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR})
ACCOMPANIERS = frozenset({R.AGENCY_OFFICER, R.MENTOR})
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR})
THEIRS = "ZZ-ACC-THEIRS"
FOREIGN = "ZZ-ACC-FOREIGN"


def _today() -> str:
    return datetime.date.today().isoformat()


def _enterprise(world, name: str, *, province, organization, mentor, officer):
    dossier = DossierFactory(
        state=DossierState.COMPANY_CREATED,
        province=province,
        organization=organization,
        title=name,
        holders=[PersonFactory(national_id="")],
    )
    enterprise = EnterpriseFactory(dossier=dossier, name_ar="", name_latin=name)
    assign_mentor(dossier, mentor, actor=officer, started_on=enterprise.created_on, reason=name)
    topic = SessionTopic.objects.get(code="management", programme__isnull=True)
    record_session(dossier, actor=mentor, topic=topic, held_on=_today(), notes=name)
    record_visit(enterprise, actor=mentor, visited_on=_today(), notes=name, difficulties=["cash"])
    return enterprise


def _mentor(username, organization, province):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=organization, role=R.MENTOR, provinces=[province])
    return user


def build(world) -> None:
    officer = world.users[R.AGENCY_OFFICER]
    other = _mentor("ent-accomp-mentor-two", world.oran_agency, world.oran)
    far = _mentor("ent-accomp-mentor-far", world.hoceima_agency, world.hoceima)
    mine = _enterprise(
        world, "ZZ-ACC-MINE", province=world.oran, organization=world.oran_agency, mentor=world.users[R.MENTOR],
        officer=officer,
    )  # fmt: skip
    theirs = _enterprise(
        world, THEIRS, province=world.oran, organization=world.oran_agency, mentor=other, officer=officer
    )
    foreign = _enterprise(
        world, FOREIGN, province=world.hoceima, organization=world.hoceima_agency, mentor=far,
        officer=world.outsider,
    )  # fmt: skip
    waiting = DossierFactory(state=DossierState.APPROVED, province=world.oran, organization=world.oran_agency)
    world.objects.update(
        ent_accomp_enterprise=mine,
        ent_accomp_theirs=theirs,
        ent_accomp_foreign=foreign,
        ent_accomp_waiting=waiting,
        ent_accomp_other_mentor=other,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _dossier_pk(name, attribute=None):
    def kwargs(w):
        obj = w.objects[name]
        return {"dossier_pk": obj.dossier_id if attribute else obj.pk}

    return kwargs


def _visits(w):
    return Visit.objects.filter(enterprise=w.objects["ent_accomp_enterprise"]).count()


def _sessions(w):
    return AccompanimentSession.objects.filter(dossier=w.objects["ent_accomp_enterprise"].dossier).count()


def _mentor_of_waiting(w):
    return list(
        MentorAssignment.objects.filter(
            dossier=w.objects["ent_accomp_waiting"], ended_on__isnull=True
        ).values_list("mentor_id", flat=True)
    )


def _visit_form(w):
    return {
        "visited_on": _today(),
        "operating": "on",
        "permanent_men": "2",
        "permanent_women": "1",
        "seasonal_men": "0",
        "seasonal_women": "0",
        "difficulties": ["cash"],
        "client_uuid": str(uuid.uuid4()),
    }


def _session_form(w):
    topic = SessionTopic.objects.get(code="management", programme__isnull=True)
    return {"topic": str(topic.pk), "held_on": _today(), "client_uuid": str(uuid.uuid4())}


EXPECTATIONS = {
    "enterprises:caseload": Expect(allowed=OFFICERS, hidden_text=lambda w: FOREIGN),
    # A mentor's page lists their caseload only: the other Oran mentor's enterprise is hidden.
    "enterprises:my_caseload": Expect(allowed=frozenset({R.MENTOR}), hidden_text=lambda w: THEIRS),
    "enterprises:visit_new": Expect(
        allowed=ACCOMPANIERS,
        kwargs=_pk("ent_accomp_enterprise"),
        out_of_scope_kwargs=_pk("ent_accomp_foreign"),
        body=_visit_form,
        state=_visits,
        body_roles=ACCOMPANIERS,
    ),
    "enterprises:session_new": Expect(
        allowed=ACCOMPANIERS,
        kwargs=_dossier_pk("ent_accomp_enterprise", "dossier"),
        out_of_scope_kwargs=_dossier_pk("ent_accomp_foreign", "dossier"),
        body=_session_form,
        state=_sessions,
        body_roles=ACCOMPANIERS,
    ),
    "enterprises:assign_mentor": Expect(
        allowed=frozenset({R.AGENCY_OFFICER}),
        kwargs=_dossier_pk("ent_accomp_waiting"),
        out_of_scope_kwargs=_dossier_pk("ent_accomp_foreign", "dossier"),
        method="post",
        ok_status=frozenset({302}),
        body=lambda w: {"mentor": str(w.objects["ent_accomp_other_mentor"].pk), "reason": "Matrix"},
        state=_mentor_of_waiting,
    ),
    # The API collections: reads here; their POSTs (no object in the URL, so outside the
    # matrix's body walk) are walked role by role in tests/enterprises/test_api_accompaniment.py.
    "enterprises-assignment-list": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "enterprises-session-list": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
    "enterprises-visit-list": Expect(allowed=READERS, hidden_text=lambda w: FOREIGN),
}
