"""Demo: the ICT programme's scoring grid, and the committee sessions that decide the
demo dossiers, through the services as a committee would: the Oran wilaya session that
approved the four Oran micro-enterprises, and the caravan's sessions (Oran and national)
that approve, reject and defer the caravan's dossiers; in Al Hoceima, the provincial
selection committee that approved the beekeeping cooperative in 2017.

The dossiers demo (run before this one) takes every dossier up to "ready for committee"
and lists in `context["pending_decisions"]` the decision each waits for. Here each goes
on a session's agenda: attendance, scores, votes, decision, announcement (which moves the
dossier and issues the letters); then `rowad.dossiers.demo.finish` takes the approved
ones on to "sent to financing" and lists those headed further (financed, company created,
closed) in `context["awaiting_financing"]` for the financing demo."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.accounts.models import Membership, User
from rowad.dossiers import demo as dossiers_demo
from rowad.dossiers.enums import DossierState

from . import services
from .enums import Decision, VoteChoice

NAMESPACE = uuid.UUID("0c6a3f5e-2d4b-4f1e-8a7c-9b3d1e5f7a21")
SESSION_TITLE = "Commission de wilaya d'Oran — micro-entreprises TIC"
HELD_AT = (2018, 9, 20, 10, 0)
PLACE = "Siège de l'ANSEJ, antenne d'Oran — salle de réunion"

ICT_GRID = [
    (
        "skills",
        "الكفاءات التقنية والشهادة",
        "Compétences techniques et diplôme",
        "Technical skills and diploma",
        "3",
    ),
    ("viability", "الجدوى الاقتصادية", "Viabilité économique", "Economic viability", "3"),
    ("equipment", "التجهيزات والمحل", "Équipements et local", "Equipment and premises", "2"),
    (
        "market",
        "الطلبيات المنتظرة من المتعامل",
        "Débouchés auprès de l'opérateur",
        "Expected work orders",
        "2",
    ),
    ("jobs", "مناصب الشغل المستحدثة", "Emplois créés", "Jobs created", "1"),
]
CARAVAN_SESSIONS = {
    # organization key: (title, date and time, place)
    "ansej_oran": (
        "Commission de wilaya d'Oran — dossiers de la caravane",
        (2018, 9, 27, 10, 0),
        "Siège de l'ANSEJ, antenne d'Oran — salle de réunion",
    ),
    "ansej": (
        "Commission nationale — dossiers de la caravane, phase 1",
        (2018, 9, 30, 9, 30),
        "Direction générale de l'ANSEJ, Alger — salle du conseil",
    ),
}
# Extra committee members (no password: they are names on the minutes), per organization.
EXTRA_MEMBERS = {
    "ansej_oran": [("committee.karima", "Karima", "Benaouda"), ("committee.rachid", "Rachid", "Mekki")],
    "ansej": [("committee.nadia", "Nadia", "Aït Ali"), ("committee.farid", "Farid", "Bouzid")],
    "anapec_hoceima": [
        ("committee.latifa", "Latifa", "Azzouzi"),
        ("committee.youssef", "Youssef", "Amrani"),
        ("committee.hakim", "Hakim", "Boulaich"),
    ],
}
# The Al Hoceima programme's committee: the cooperative founded in 2017.
HOCEIMA_SESSION = (
    "Comité provincial de sélection des projets — Al Hoceima",
    (2017, 3, 14, 10, 0),
    "Siège de l'ANAPEC, Al Hoceima — salle de réunion",
)
DEMO_SCORES = [
    [16, 15, 14, 17, 12],
    [14, 13, 15, 15, 11],
    [15, 16, 13, 14, 13],
    [13, 14, 16, 15, 14],
]


def _members(context, org_key: str) -> list[User]:
    orgs, users = context["orgs"], context.get("users", {})
    members = [users["committee"]] if org_key == "ansej_oran" and "committee" in users else []
    for username, first, last in EXTRA_MEMBERS[org_key]:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "preferred_language": "fr"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, organization=orgs[org_key], role=Role.COMMITTEE_MEMBER)
        members.append(user)
    return members


def _grid(ict, actor):
    return services.save_grid(
        ict,
        criteria=[
            {"code": code, "name_ar": ar, "name_fr": fr, "name_en": en, "weight": weight}
            for code, ar, fr, en, weight in ICT_GRID
        ],
        scale_max=20,
        show_evaluator_names=False,
        actor=actor,
    )


def _evaluate(dossier, grid, evaluators, officer, index) -> None:
    if services.scores_locked(dossier):
        return
    criteria = list(grid.criteria.all())
    for shift, evaluator in enumerate(evaluators):
        evaluation = services.assign_evaluator(dossier, evaluator=evaluator, actor=officer)
        if evaluation.submitted_at:
            continue
        values = [max(0, min(20, v + (1 if shift else 0) - (index % 2))) for v in DEMO_SCORES[index % 4]]
        services.submit_evaluation(
            evaluation,
            scores={c.pk: (Decimal(v), "") for c, v in zip(criteria, values, strict=True)},
            comment="Dossier solide, porteur formé par Algérie Télécom.",
            actor=evaluator,
        )


VOTES = {Decision.APPROVED: VoteChoice.FOR, Decision.REJECTED: VoteChoice.AGAINST}


def _decide(context, pending: list[dict], *, org_key, title, held_at, place, organizer, grid=None) -> None:
    """One session of `org_key` deciding `pending` (dicts from the dossiers demo): the
    members score, attend and vote; the announcement moves the dossiers and issues the
    letters; the approved dossiers then go on to their demo state."""
    members = _members(context, org_key)
    officer = context["users"]["officer"] if org_key == "ansej_oran" else organizer
    evaluators = [members[0], officer] if org_key == "ansej_oran" else members[:2]
    if grid is not None:
        for index, row in enumerate(pending):
            _evaluate(row["dossier"], grid, evaluators, officer, index)
    key = f"{org_key}:" + ",".join(str(row["dossier"].pk) for row in pending)
    session = services.create_session(
        organization=context["orgs"][org_key],
        programme=pending[0]["dossier"].programme,
        title=title,
        held_at=timezone.make_aware(datetime(*held_at)),
        quorum=2,
        members=members,
        chair=members[0],
        place=place,
        actor=organizer,
        client_uuid=uuid.uuid5(NAMESPACE, key),
    )
    services.record_attendance(session, present=members, actor=organizer)
    for row in pending:
        item = services.add_agenda_item(session, dossier=row["dossier"], actor=organizer)
        choice = VOTES.get(row["decision"], VoteChoice.ABSTAIN)
        services.record_decision(
            item,
            decision=row["decision"],
            reasons=row["reasons"],
            votes={m.pk: choice for m in members},
            actor=organizer,
        )
    services.announce_session(session, actor=organizer)
    for row in pending:
        dossier = type(row["dossier"]).objects.get(pk=row["dossier"].pk)
        if dossier.state == DossierState.APPROVED and row["target"] != DossierState.APPROVED:
            dossiers_demo.finish(dossier, row["target"], actor=row["actor"], context=context, key=row["key"])


def _hoceima(context: dict, pending: list[dict]) -> None:
    """The provincial selection committee that approved the beekeeping cooperative (2017)."""
    programmes, orgs, users = context.get("programmes", {}), context.get("orgs", {}), context.get("users", {})
    hoceima, officer = programmes.get("hoceima"), users.get("officer.hoceima")
    if hoceima is None or officer is None or "anapec_hoceima" not in orgs:
        return
    rows = [row for row in pending if row["dossier"].programme_id == hoceima.pk]
    if rows:
        title, held_at, place = HOCEIMA_SESSION
        _decide(
            context,
            rows,
            org_key="anapec_hoceima",
            title=title,
            held_at=held_at,
            place=place,
            organizer=officer,
        )


def load(context: dict) -> None:
    programmes, orgs, users = context.get("programmes", {}), context.get("orgs", {}), context.get("users", {})
    all_pending = context.pop("pending_decisions", [])
    _hoceima(context, all_pending)
    ict = programmes.get("ict")
    officer = users.get("officer")
    if ict is None or officer is None or "ansej_oran" not in orgs:
        return
    grid = _grid(ict, officer)
    pending = [row for row in all_pending if row["dossier"].programme_id == ict.pk]
    # The story's session: the four Oran micro-enterprises, approved together.
    oran_companies = [row for row in pending if row["key"].startswith("oran-company-")]
    if oran_companies:
        _decide(
            context,
            oran_companies,
            org_key="ansej_oran",
            title=SESSION_TITLE,
            held_at=HELD_AT,
            place=PLACE,
            organizer=officer,
            grid=grid,
        )
    # The caravan's dossiers, by the organization that owns them.
    for org_key, (title, held_at, place) in CARAVAN_SESSIONS.items():
        rows = [
            row
            for row in pending
            if row not in oran_companies
            and org_key in orgs
            and row["dossier"].organization_id == orgs[org_key].pk
        ]
        if rows:
            organizer = officer if org_key == "ansej_oran" else users["admin"]
            _decide(
                context,
                rows,
                org_key=org_key,
                title=title,
                held_at=held_at,
                place=place,
                organizer=organizer,
                grid=grid,
            )
