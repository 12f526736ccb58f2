"""Demo: the ICT programme's scoring grid, and the Oran wilaya committee session that
approved the four Oran micro-enterprises (decisions announced, letters available).

The dossiers demo (run before this one) takes the four Oran dossiers through the real
transitions up to "company created", approvals included. When they are still waiting
for the committee, this demo decides and announces them through the services; when the
dossiers demo already moved them on, it records the session that approved them as it
happened (same decisions, votes and letters, no second state change)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.accounts.models import Membership, User
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier

from . import services
from .enums import Decision, SessionStatus, VoteChoice
from .models import AgendaItem, CommitteeSession, DecisionLetter, SessionMember, Vote

SESSION_TITLE = "Commission de wilaya d'Oran — micro-entreprises TIC"
HELD_AT = (2018, 9, 20, 10, 0)
PLACE = "Siège de l'ANSEJ, antenne d'Oran — salle de réunion"
REASONS = "Projet conforme au cahier des charges d'Algérie Télécom; plan de financement équilibré."

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
# Extra committee members (no password: they are names on the minutes).
EXTRA_MEMBERS = [
    ("committee.karima", "Karima", "Benaouda"),
    ("committee.rachid", "Rachid", "Mekki"),
]
DEMO_SCORES = [
    [16, 15, 14, 17, 12],
    [14, 13, 15, 15, 11],
    [15, 16, 13, 14, 13],
    [13, 14, 16, 15, 14],
]


def _oran_dossiers(ict) -> list[Dossier]:
    try:
        from rowad.dossiers.demo import ORAN_COMPANIES

        titles = [title for _code, title in ORAN_COMPANIES]
    except ImportError:  # pragma: no cover - dossiers demo not there
        titles = []
    qs = Dossier.objects.filter(programme=ict, province__country_id="DZ", province__code="31")
    if titles:
        qs = qs.filter(title__in=titles)
    return list(qs.order_by("pk")[:4])


def _members(context) -> list[User]:
    orgs, users = context["orgs"], context.get("users", {})
    members = [users["committee"]] if "committee" in users else []
    for username, first, last in EXTRA_MEMBERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "preferred_language": "fr"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(
            user=user, organization=orgs["ansej_oran"], role=Role.COMMITTEE_MEMBER
        )
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


def load(context: dict) -> None:
    programmes, orgs, users = context.get("programmes", {}), context.get("orgs", {}), context.get("users", {})
    ict = programmes.get("ict")
    officer = users.get("officer")
    if ict is None or officer is None or "ansej_oran" not in orgs:
        return
    grid = _grid(ict, officer)
    members = _members(context)
    dossiers = _oran_dossiers(ict)
    if not dossiers or not members:
        return
    for index, dossier in enumerate(dossiers):
        _evaluate(dossier, grid, [members[0], officer], officer, index)
    if CommitteeSession.objects.filter(title=SESSION_TITLE, organization=orgs["ansej_oran"]).exists():
        return
    session = services.create_session(
        organization=orgs["ansej_oran"],
        programme=ict,
        title=SESSION_TITLE,
        held_at=timezone.make_aware(datetime(*HELD_AT)),
        quorum=2,
        members=members,
        chair=members[0],
        place=PLACE,
        actor=officer,
    )
    services.record_attendance(session, present=members, actor=officer)
    votes = {m.pk: VoteChoice.FOR for m in members}
    if all(d.state == DossierState.READY_FOR_COMMITTEE for d in dossiers):
        for dossier in dossiers:
            item = services.add_agenda_item(session, dossier=dossier, actor=officer)
            services.record_decision(
                item, decision=Decision.APPROVED, reasons=REASONS, votes=votes, actor=officer
            )
        services.announce_session(session, actor=members[0])
        return
    _record_past_decisions(session, dossiers, members, officer)


def _record_past_decisions(session, dossiers, members, officer) -> None:
    """The dossiers were already approved by the dossiers demo: write the session's
    record of that approval (agenda, votes, letters) without moving them again."""
    decided_at = session.held_at
    for position, dossier in enumerate(dossiers, start=1):
        item = AgendaItem.objects.create(
            session=session,
            dossier=dossier,
            position=position,
            decision=Decision.APPROVED,
            reasons=REASONS,
            decided_at=decided_at,
            decided_by=officer,
        )
        Vote.objects.bulk_create([Vote(item=item, member=m, choice=VoteChoice.FOR) for m in members])
        for index, holder in enumerate(dossier.holders.order_by("pk"), start=1):
            DecisionLetter.objects.create(
                item=item,
                holder=holder,
                reference=f"CD-{decided_at.year}-{session.pk:04d}-{item.pk:05d}-{index}",
                issued_at=decided_at,
            )
    SessionMember.objects.filter(session=session).update(present=True)
    CommitteeSession.objects.filter(pk=session.pk).update(
        status=SessionStatus.ANNOUNCED, announced_at=decided_at, announced_by=members[0]
    )
