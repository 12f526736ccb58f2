"""Demo enterprises, written through the services as the agencies and their mentors would
(demo_stories.py tells each one): its mentor assigned once the dossier is financed, sessions
before the creation, the enterprise recorded 30 to 60 days after the financing (the dossier
reaches "company created" that way only), its creation steps done over the following weeks,
its follow-up calendar kept, sessions after the creation, a visit every three months for two
years then about twice a year up to now, its life events.

The financing demo (run before) takes the dossiers to "financed" and lists those headed
further in `context["awaiting_enterprise"]`; this demo also finds them by their keys, so a
load interrupted after financing is finished by the next one. Idempotent: an enterprise
per dossier, sessions and visits by client key, a step, an obligation or a life event
done once; a second load changes nothing."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from rowad.dossiers import demo as dossiers_demo
from rowad.dossiers.enums import DossierState as S
from rowad.dossiers.models import Dossier, DossierHolder
from rowad.dossiers.services import set_dossier_state
from rowad.financing.models import Disbursement, PlanLine

from .demo_stories import CARAVAN, HOCEIMA, ORAN, STORIES, Seen, Story, _hoceima_visits
from .enums import EnterpriseStatus, LegalForm, LifeEventKind, MemberRole, SessionPhase
from .models import (
    AccompanimentSession,
    CreationStep,
    Enterprise,
    LifeEvent,
    MentorAssignment,
    Obligation,
    SessionTopic,
    Visit,
)
from .services import (
    assign_mentor,
    complete_obligation,
    complete_step,
    create_enterprise,
    record_life_event,
    record_session,
    record_visit,
)

NAMESPACE = uuid.UUID("3f6c1e2a-94b7-4d0e-8a5b-7c2d9e1f4a60")
DAY = datetime.timedelta(days=1)


def _key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


# --- Who acts -----------------------------------------------------------------------------


def _rows(context: dict) -> dict[str, dict]:
    """The dossiers the financing demo handed over, and those an earlier load left at
    "financed" or already took further (found by their keys)."""
    users, orgs = context.get("users", {}), context.get("orgs", {})
    rows = {row["key"]: row for row in context.pop("awaiting_enterprise", []) if row.get("key")}
    for key in STORIES:
        if key in rows:
            continue
        dossier = dossiers_demo.demo_dossier(key)
        if dossier is None:
            continue
        if key == HOCEIMA.key:
            actor = users.get("officer.hoceima")
        elif "ansej_oran" in orgs and dossier.organization_id == orgs["ansej_oran"].pk:
            actor = users.get("officer")
        else:
            actor = users.get("admin")
        target = S.CLOSED if key == "caravan-closed" else S.COMPANY_CREATED
        rows[key] = {"key": key, "dossier": dossier, "target": target, "actor": actor, "note": ""}
    return rows


def _mentor(story: Story, dossier: Dossier, users: dict):
    """The demo mentor of the dossier's province: Oran's, Al Hoceima's (none elsewhere)."""
    if story is HOCEIMA:
        return users.get("mentor.hoceima")
    if dossier.province.country_id == "DZ" and dossier.province.code == "31":
        return users.get("mentor")
    return None


# --- The enterprise -------------------------------------------------------------------------


def _financed_on(story: Story, row: dict, dossier: Dossier) -> datetime.date | None:
    """When the dossier was financed: the date the financing demo handed over, else its last
    disbursement or funder's decision on record, else the story's own."""
    if row.get("financed_on"):
        return row["financed_on"]
    dates = [
        *Disbursement.objects.filter(line__plan__dossier=dossier).values_list("paid_on", flat=True),
        *PlanLine.objects.filter(plan__dossier=dossier, decided_on__isnull=False).values_list(
            "decided_on", flat=True
        ),
    ]
    return max(dates, default=None) or story.financed_on


def _created_on(story: Story, financed: datetime.date | None, today: datetime.date) -> datetime.date:
    """A month or two after the financing (never before it, never in the future)."""
    if story.created_on:
        return story.created_on
    if financed is None:
        return today
    return min(today, financed + datetime.timedelta(days=story.created_after))


def _dz_identifiers(story: Story, dossier: Dossier, created: datetime.date) -> dict[str, str]:
    """CNRC number (A: a person, B: a company), NIF and NIS of the wilaya and the year."""
    wilaya, year = dossier.province.code.zfill(2)[:2], created.year % 100
    person = story.legal_form in (LegalForm.MICRO_ENTERPRISE, LegalForm.AUTO_ENTREPRENEUR)
    return {
        "trade_register": f"{wilaya}/00-0{story.serial:06d} {'A' if person else 'B'} {year:02d}",
        "tax_id": f"{1 if person else 0}{year:02d}{wilaya}{story.serial:08d}{story.serial % 97:02d}",
        "statistical_id": f"{1 if person else 0}{year:02d}{wilaya}0100{story.serial:06d}",
    }


def _members(story: Story, dossier: Dossier) -> list[dict] | None:
    if not story.shares:
        return None
    links = list(DossierHolder.objects.filter(dossier=dossier).order_by("-is_lead", "id"))
    if len(links) != len(story.shares):
        return None
    other = (
        MemberRole.COOPERATIVE_MEMBER if story.legal_form == LegalForm.COOPERATIVE else MemberRole.ASSOCIATE
    )
    return [
        {"person": link.person_id, "role": MemberRole.MANAGER if i == 0 else other, "share": share}
        for i, (link, share) in enumerate(zip(links, story.shares, strict=True))
    ]


def _record(story: Story, row: dict, created: datetime.date) -> Enterprise | None:
    dossier = Dossier.objects.select_related("province", "specialty").get(pk=row["dossier"].pk)
    enterprise = Enterprise.objects.filter(dossier=dossier).first()
    if enterprise is not None or dossier.state != S.FINANCED or row["actor"] is None:
        return enterprise
    identifiers = story.extra.get("identifiers")
    if identifiers is None and dossier.province.country_id == "DZ":
        identifiers = _dz_identifiers(story, dossier, created)
        if story.steps_done is not None:  # still being registered: its trade register only
            identifiers = {"trade_register": identifiers["trade_register"]}
    holder = dossier.holders.order_by("id").first()
    family = (holder.family_name_latin if holder else "") or dossier.reference
    return create_enterprise(
        dossier,
        actor=row["actor"],
        legal_form=story.legal_form,
        activity=story.activity or dossier.title,
        created_on=created,
        name_ar=story.name_ar,
        name_latin=story.name_latin or f"Ets {family}",
        address=story.address or f"Centre-ville, {dossier.province.name_fr}",
        identifiers=identifiers,
        members=_members(story, dossier),
        note=row.get("note") or "Registre du commerce, NIF et affiliation obtenus.",
    )


# --- Accompaniment ------------------------------------------------------------------------


def _assign(story: Story, dossier: Dossier, mentor, actor, financed: datetime.date | None, created) -> None:
    if mentor is None:
        return
    if MentorAssignment.objects.filter(dossier=dossier).exists():
        return
    # A few days after the financing (before the creation, never in the future).
    started = story.extra.get("mentor_from") or min(
        (financed or created) + 3 * DAY, created, timezone.localdate()
    )
    assign_mentor(
        dossier,
        mentor,
        actor=actor,
        started_on=started,
        reason="Accompagnement de la création puis suivi post-création par l'agence.",
    )


def _sessions(
    story: Story,
    dossier: Dossier,
    actor,
    created: datetime.date,
    today: datetime.date,
    *,
    before_only=False,
    after: datetime.date | None = None,
) -> None:
    """The sessions held by `today` (with `before_only`: those before the creation), those
    before the creation only once financed (`after`)."""
    if actor is None:
        return
    holders = list(dossier.holders.order_by("id"))
    sessions = [(n, s.day, s.topic, s.notes, s.next_steps) for n, s in enumerate(story.sessions)]
    sessions += [
        (f"recent-{n}", (today - created).days - s.day, s.topic, s.notes, s.next_steps)
        for n, s in enumerate(story.recent_sessions)
    ]
    if story.key != "caravan-closed":
        # The latest session, a fortnight ago, and the next one planned.
        recent = (today - created).days - 14
        sessions.append(
            ("recent", recent, "management", "Point trimestriel : carnet de commandes, trésorerie.", "")
        )
    for number, day, topic_code, notes, next_steps in sessions:
        held_on = created + datetime.timedelta(days=day)
        client_uuid = _key(story.key, "session", number)
        if (
            held_on > today
            or (before_only and day >= 0)
            or (day < 0 and after is not None and held_on <= after)
            or AccompanimentSession.objects.filter(client_uuid=client_uuid).exists()
        ):
            continue
        topic = SessionTopic.objects.filter(code=topic_code, programme__isnull=True).first()
        if topic is None:
            continue
        record_session(
            dossier,
            actor=actor,
            topic=topic,
            held_on=held_on,
            phase=SessionPhase.PRE_CREATION if day < 0 else SessionPhase.POST_CREATION,
            attendees=holders,
            notes=notes,
            next_steps=next_steps,
            next_session_on=today + datetime.timedelta(days=30) if number == "recent" else None,
            client_uuid=client_uuid,
        )


def visit_plan(
    story: Story, created: datetime.date, today: datetime.date
) -> list[tuple[datetime.date, Seen]]:
    """Every `visit_every` days for the first two years, then every `later_every` days up to
    today (or up to `quiet_days` before it), the last ones seeing `ending`."""
    if story is HOCEIMA:
        return list(_hoceima_visits())
    days = [
        created + datetime.timedelta(days=story.first_visit + story.visit_every * n)
        for n in range(len(story.visits))
    ]
    seen = list(story.visits)
    follow = story.later or story.visits[-1:]
    if story.later or story.ending:
        until = today - datetime.timedelta(days=story.quiet_days)
        day = (days[-1] if days else created) + datetime.timedelta(days=story.later_every)
        while day <= until:
            seen.append(follow[min(len(days) - len(story.visits), len(follow) - 1)])
            days.append(day)
            day += datetime.timedelta(days=story.later_every)
    recorded = [n for n, day in enumerate(days) if day <= today]
    for n, ending in zip(recorded[-len(story.ending) :] if story.ending else [], story.ending, strict=False):
        seen[n] = ending
    return list(zip(days, seen, strict=True))


def _visit(enterprise: Enterprise, story: Story, number: int, day: datetime.date, seen: Seen, actor) -> None:
    client_uuid = _key(story.key, "visit", number)
    if Visit.objects.filter(client_uuid=client_uuid).exists():
        return
    men, women, seasonal_men, seasonal_women = seen.jobs
    record_visit(
        enterprise,
        actor=actor,
        visited_on=day,
        operating=seen.operating,
        permanent_men=men,
        permanent_women=women,
        seasonal_men=seasonal_men,
        seasonal_women=seasonal_women,
        turnover_band=seen.turnover,
        difficulties=list(seen.difficulties),
        needs=list(seen.needs),
        notes=seen.notes,
        client_uuid=client_uuid,
    )


# --- Steps, calendar, life ----------------------------------------------------------------


def _of(place: str) -> str:
    """French "de Tlemcen", "d'Oran"."""
    return f"d'{place}" if place[:1] in "AEIOUÉaeiou" else f"de {place}"


def _step_reference(step: CreationStep, enterprise: Enterprise) -> str:
    """The number on the step's document (the identifiers themselves where they are one)."""
    year, number = enterprise.created_on.year, enterprise.pk * 37 % 9000 + 1000
    algeria = enterprise.country == "DZ"
    return {
        "trade_register": enterprise.trade_register,
        "tax_registration": enterprise.tax_id,
        "statistical_id": enterprise.statistical_id,
        "odco_registration": enterprise.odco_number,
        "name_certificate": f"{'CNRC' if algeria else 'OMPIC'}/{year}/{number}",
        "social_security": f"{'CASNOS' if algeria else 'CNSS'} {number}{year % 100:02d}",
        "bank_account": f"BADR, agence {_of(enterprise.province.name_fr)}"
        if algeria
        else "Crédit Agricole du Maroc, agence d'Imzouren",
    }.get(step.code, "")


def _step(step: CreationStep, enterprise: Enterprise, story: Story, actor, today: datetime.date) -> None:
    if step.done_on is not None:
        return
    done_on = story.extra.get("steps", {}).get(step.code)
    if done_on is None:
        days = (step.due_on - enterprise.created_on).days
        done_on = enterprise.created_on + datetime.timedelta(days=max(2, days - 6))
    complete_step(
        step,
        actor=actor,
        done_on=min(done_on, today),
        reference=_step_reference(step, enterprise),
    )


def _obligation(obligation: Obligation, enterprise: Enterprise, actor, today: datetime.date) -> None:
    if obligation.done_on is not None:
        return
    done_on = max(enterprise.created_on, obligation.due_on - datetime.timedelta(days=12))
    complete_obligation(
        obligation, actor=actor, done_on=min(done_on, today), note="Justificatif vu par l'agence."
    )


def _event(enterprise: Enterprise, kind: str, day: datetime.date, reason: str, note: str, actor) -> None:
    if LifeEvent.objects.filter(enterprise=enterprise, kind=kind, occurred_on=day).exists():
        return
    record_life_event(enterprise, actor=actor, kind=kind, occurred_on=day, reason=reason, note=note)


def _timeline(enterprise: Enterprise, story: Story, officer, mentor, today: datetime.date) -> list[tuple]:
    """What happened after the creation, in date order: (date, order, action, arguments)."""
    created = enterprise.created_on
    ended = None
    actions: list[tuple] = []
    for event in story.events:
        day = event.on or created + datetime.timedelta(days=event.day)
        actions.append((day, 2, _event, (enterprise, event.kind, day, event.reason, event.note, officer)))
        if event.kind == LifeEventKind.CLOSED:
            ended = day
    steps = list(CreationStep.objects.filter(enterprise=enterprise).order_by("position", "id"))
    for step in steps if story.steps_done is None else steps[: story.steps_done]:
        actions.append((step.due_on, 0, _step, (step, enterprise, story, officer, today)))
    obligations = list(
        Obligation.objects.filter(enterprise=enterprise, due_on__lt=today).order_by("due_on", "id")
    )
    if story.late_obligation and obligations:
        obligations = obligations[:-1]
    for obligation in obligations:
        if ended is None or obligation.due_on <= ended:
            actions.append((obligation.due_on, 0, _obligation, (obligation, enterprise, officer, today)))
    for number, (day, seen) in enumerate(visit_plan(story, created, today)):
        if created <= day <= today and (ended is None or day < ended):
            actions.append((day, 1, _visit, (enterprise, story, number, day, seen, mentor or officer)))
    return sorted(actions, key=lambda action: (action[0], action[1]))


def _story(story: Story, row: dict, users: dict, today: datetime.date) -> None:
    dossier = Dossier.objects.select_related("province").get(pk=row["dossier"].pk)
    officer = row["actor"]
    if officer is None:
        return
    mentor = _mentor(story, dossier, users)
    financed = _financed_on(story, row, dossier)
    created = Enterprise.objects.filter(dossier=dossier).values_list("created_on", flat=True).first()
    created = created or _created_on(story, financed, today)
    after = None if story.created_on else financed  # the cooperative: its own 2017 dates
    if dossier.state == S.FINANCED:  # before the creation: the mentor, the first sessions
        _assign(story, dossier, mentor, officer, financed, created)
        _sessions(story, dossier, mentor or officer, created, today, before_only=True, after=after)
    enterprise = _record(story, row, created)
    if enterprise is None:
        return
    _assign(story, dossier, mentor, officer, financed, created)
    _sessions(story, dossier, mentor or officer, enterprise.created_on, today, after=after)
    for _day, _order, action, arguments in _timeline(enterprise, story, officer, mentor, today):
        action(*arguments)
    dossier.refresh_from_db()
    if story.close_file and row.get("target") == S.CLOSED and dossier.state == S.COMPANY_CREATED:
        enterprise.refresh_from_db()
        if enterprise.status == EnterpriseStatus.CLOSED:
            set_dossier_state(dossier, S.CLOSED, actor=officer, note="Entreprise radiée; dossier clos.")


def load(context: dict) -> None:
    users = context.get("users", {})
    today = timezone.localdate()
    rows = _rows(context)
    for story in (*ORAN, *CARAVAN, HOCEIMA):
        if story.key in rows:
            _story(story, rows[story.key], users, today)
