import datetime

from django.core.cache import cache

from rowad.accounts.enums import Role
from rowad.committees import services
from rowad.committees.models import DecisionLetter
from tests.committees.factories import DossierFactory, GridFactory, SessionFactory
from tests.factories import MembershipFactory, PersonFactory, ProgrammeFactory, UserFactory
from tests.matrix.base import Expect

R = Role
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.COMMITTEE_MEMBER})
RUNNERS = frozenset({R.AGENCY_OFFICER, R.COMMITTEE_MEMBER})
OFFICERS = frozenset({R.AGENCY_OFFICER})
LETTER_READERS = READERS | {R.PROJECT_HOLDER}


def build(world) -> None:
    cache.clear()  # the public verification page is rate-limited per address
    officer, member = world.users[R.AGENCY_OFFICER], world.users[R.COMMITTEE_MEMBER]
    holder = PersonFactory(
        given_name_ar="سليم",
        family_name_ar="حمادي",
        given_name_latin="Salim",
        family_name_latin="Hamadi",
        national_id="",
        user=world.users[R.PROJECT_HOLDER],
    )
    programme = ProgrammeFactory(operator=world.oran_agency)
    GridFactory(programme=programme)
    dossier = DossierFactory(programme=programme, organization=world.oran_agency, holders=[holder])
    session = SessionFactory(
        organization=world.oran_agency, title="Zzinscopezz session", members=[member], quorum=1
    )
    evaluation = services.assign_evaluator(dossier, evaluator=member, actor=officer)
    services.record_attendance(session, present=[member], actor=officer)
    item = services.add_agenda_item(session, dossier=dossier, actor=officer)
    services.record_decision(item, decision="approved", reasons="", votes={member.pk: "for"}, actor=officer)
    services.announce_session(session, actor=officer)

    # Al Hoceima: a session, a dossier and an evaluation no Oran user may reach.
    hoceima_member = UserFactory(username="committee-hoceima")
    MembershipFactory(
        user=hoceima_member,
        organization=world.hoceima_agency,
        role=R.COMMITTEE_MEMBER,
        provinces=[world.hoceima],
    )
    foreign_programme = ProgrammeFactory(operator=world.hoceima_agency, name_fr="Zzforeignprogramme")
    GridFactory(programme=foreign_programme)
    foreign_dossier = DossierFactory(
        programme=foreign_programme,
        organization=world.hoceima_agency,
        province=world.hoceima,
        holders=[PersonFactory(country="MA", province=world.hoceima, national_id="")],
    )
    foreign_session = SessionFactory(
        organization=world.hoceima_agency, title="Zzforeignzz session", members=[hoceima_member], quorum=1
    )
    foreign_evaluation = services.assign_evaluator(
        foreign_dossier, evaluator=hoceima_member, actor=world.outsider
    )
    services.record_attendance(foreign_session, present=[hoceima_member], actor=world.outsider)
    foreign_item = services.add_agenda_item(foreign_session, dossier=foreign_dossier, actor=world.outsider)
    services.record_decision(
        foreign_item, decision="approved", reasons="", votes={hoceima_member.pk: "for"}, actor=world.outsider
    )
    services.announce_session(foreign_session, actor=world.outsider)

    # Delegations: an Oran one to the committee member (and one to the platform admin,
    # whom the matrix always expects allowed) on a dossier waiting for a session, and an
    # Al Hoceima one no Oran user may reach.
    waiting = DossierFactory(programme=programme, organization=world.oran_agency, holders=[holder])
    today = datetime.date.today()
    window = {"valid_from": today, "valid_until": today + datetime.timedelta(days=5), "max_amount": 10**7}
    delegation = services.create_delegation(
        programme, delegate=member, decisions=["approved"], reason="Urgence", actor=officer, **window
    )
    services.create_delegation(
        programme,
        delegate=world.users[R.PLATFORM_ADMIN],
        decisions=["approved"],
        reason="Urgence",
        actor=officer,
        **window,
    )
    foreign_delegation = services.create_delegation(
        foreign_programme,
        delegate=hoceima_member,
        decisions=["approved"],
        reason="Zzforeigndelegationzz",
        actor=world.outsider,
        **window,
    )
    foreign_waiting = DossierFactory(
        programme=foreign_programme,
        organization=world.hoceima_agency,
        province=world.hoceima,
        holders=[PersonFactory(country="MA", province=world.hoceima, national_id="")],
    )

    # Keys prefixed "cm_": other apps' builders fill world.objects too.
    world.objects.update(
        cm_programme=programme,
        cm_foreign_programme=foreign_programme,
        cm_session=session,
        cm_item=item,
        cm_dossier=dossier,
        cm_evaluation=evaluation,
        cm_letter=DecisionLetter.objects.get(item=item),
        cm_foreign_session=foreign_session,
        cm_foreign_item=foreign_item,
        cm_foreign_dossier=foreign_dossier,
        cm_foreign_evaluation=foreign_evaluation,
        cm_foreign_letter=DecisionLetter.objects.get(item=foreign_item),
        cm_waiting=waiting,
        cm_foreign_waiting=foreign_waiting,
        cm_delegation=delegation,
        cm_foreign_delegation=foreign_delegation,
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _hidden(w):
    return "Zzforeignzz"


def _token(w):
    return {"token": w.objects["cm_letter"].token}


def _bad_token(w):
    return {"token": w.objects["cm_foreign_letter"].token[::-1] + "x"}


POST_302 = {"method": "post", "ok_status": frozenset({302})}

EXPECTATIONS = {
    "committees:session_list": Expect(allowed=READERS, hidden_text=_hidden),
    "committees:session_create": Expect(allowed=OFFICERS),
    "committees:session_detail": Expect(
        allowed=READERS, kwargs=_pk("cm_session"), out_of_scope_kwargs=_pk("cm_foreign_session")
    ),
    "committees:session_minutes": Expect(
        allowed=READERS, kwargs=_pk("cm_session"), out_of_scope_kwargs=_pk("cm_foreign_session")
    ),
    "committees:session_attendance": Expect(
        allowed=RUNNERS, kwargs=_pk("cm_session"), out_of_scope_kwargs=_pk("cm_foreign_session"), **POST_302
    ),
    "committees:agenda_add": Expect(
        allowed=RUNNERS, kwargs=_pk("cm_session"), out_of_scope_kwargs=_pk("cm_foreign_session"), **POST_302
    ),
    "committees:session_announce": Expect(
        allowed=RUNNERS, kwargs=_pk("cm_session"), out_of_scope_kwargs=_pk("cm_foreign_session"), **POST_302
    ),
    "committees:item_decide": Expect(
        allowed=RUNNERS, kwargs=_pk("cm_item"), out_of_scope_kwargs=_pk("cm_foreign_item"), **POST_302
    ),
    "committees:agenda_remove": Expect(
        allowed=RUNNERS, kwargs=_pk("cm_item"), out_of_scope_kwargs=_pk("cm_foreign_item"), **POST_302
    ),
    "committees:decision_letter": Expect(
        allowed=LETTER_READERS, kwargs=_pk("cm_letter"), out_of_scope_kwargs=_pk("cm_foreign_letter")
    ),
    "committees:verify_letter": Expect(
        allowed=frozenset(), public=True, kwargs=_token, out_of_scope_kwargs=_bad_token
    ),
    "committees:dossier_scores": Expect(
        allowed=READERS, kwargs=_pk("cm_dossier"), out_of_scope_kwargs=_pk("cm_foreign_dossier")
    ),
    "committees:assign_evaluator": Expect(
        allowed=OFFICERS, kwargs=_pk("cm_dossier"), out_of_scope_kwargs=_pk("cm_foreign_dossier"), **POST_302
    ),
    "committees:evaluation": Expect(
        allowed=READERS, kwargs=_pk("cm_evaluation"), out_of_scope_kwargs=_pk("cm_foreign_evaluation")
    ),
    "committees:dossier_decision": Expect(
        allowed=READERS, kwargs=_pk("cm_dossier"), out_of_scope_kwargs=_pk("cm_foreign_dossier")
    ),
    "committees:delegated_decide": Expect(
        allowed=frozenset({R.COMMITTEE_MEMBER}),
        kwargs=_pk("cm_waiting"),
        out_of_scope_kwargs=_pk("cm_foreign_waiting"),
    ),
    "committees:delegation_list": Expect(allowed=OFFICERS, hidden_text=lambda w: "Zzforeigndelegationzz"),
    "committees:delegation_create": Expect(allowed=OFFICERS),
    "committees:delegation_revoke": Expect(
        allowed=OFFICERS,
        kwargs=_pk("cm_delegation"),
        out_of_scope_kwargs=_pk("cm_foreign_delegation"),
        **POST_302,
    ),
    "committees:grid_list": Expect(allowed=OFFICERS, hidden_text=lambda w: "Zzforeignprogramme"),
    "committees:grid_edit": Expect(
        allowed=OFFICERS,
        kwargs=lambda w: {"programme_pk": w.objects["cm_programme"].pk},
        out_of_scope_kwargs=lambda w: {"programme_pk": w.objects["cm_foreign_programme"].pk},
    ),
    "committees:grid_criterion_row": Expect(allowed=OFFICERS, query="?index=1"),
    "committee-session-list": Expect(allowed=READERS, hidden_text=_hidden),
    "committee-session-detail": Expect(
        allowed=READERS, kwargs=_pk("cm_session"), out_of_scope_kwargs=_pk("cm_foreign_session")
    ),
    "evaluation-list": Expect(
        allowed=READERS, hidden_text=lambda w: f'"dossier":{w.objects["cm_foreign_dossier"].pk},'
    ),
    "evaluation-detail": Expect(
        allowed=READERS, kwargs=_pk("cm_evaluation"), out_of_scope_kwargs=_pk("cm_foreign_evaluation")
    ),
}
