"""The national caravan of the Algerian story (phase 1: 14 northern wilayas, 5 August –
8 September, Oran on Kahina square for three days from 3 September; phase 2: 22 interior
wilayas from east to west, starting in Souk Ahras on Sunday 16 September), told as the
press told it at the start of phase 2: 72,000 visitors counted and 631 young people
registered so far; and the Al Hoceima awareness meeting of 29 April 2019.

Everything goes through the outreach services, as the agency's users would: the Oran
officer creates the campaign, its phases and stops and counts the visitors, the field
agent registers visitors at Oran, the Al Hoceima officer records the meeting, its agenda
and the ideas pitched there. History and audit entries are therefore those an agency
would see. Idempotent: every record has a deterministic key (a code, a number, a title or
a UUID5) and is created only when missing."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from rowad.core.models import Province
from rowad.people.demo import MOBILE_PREFIXES
from rowad.people.models import Person
from rowad.people.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE

from . import services
from .enums import AgendaKind, Channel, EventKind, IdeaOutcome, LegalForm
from .models import Campaign, Event, Idea, Phase, Stop

# The figures the caravan's press officer gave at the start of phase 2 (visitors counted
# and young people registered since the agreement was signed). All of them were recorded
# at phase 1's stops; phase 2's stops are the plan from Souk Ahras westwards. The Kobo
# export of the Oran stop (rowad.imports.demo) adds people to the registry, not
# registrations: the campaign's registrations are exactly these 631.
TOTAL_VISITORS = 72_000
TOTAL_REGISTRATIONS = 631
NAMESPACE = uuid.UUID("6f1c7a52-3b7e-4c55-9a0e-2b1d0c9e7a31")
YEAR = 2018

# Phase 1: (wilaya code, venue, first day, days). Oran: Kahina square, 3 days from 3 Sep.
PHASE_1 = [
    ("16", "Esplanade de Riadh El Feth", date(YEAR, 8, 5), 3),
    ("09", "Place du 1er Novembre", date(YEAR, 8, 8), 2),
    ("35", "Front de mer de Boumerdès", date(YEAR, 8, 10), 2),
    ("15", "Maison de la culture Mouloud Mammeri", date(YEAR, 8, 12), 3),
    ("06", "Place Gueydon", date(YEAR, 8, 15), 2),
    ("18", "Place de la Liberté", date(YEAR, 8, 17), 2),
    ("21", "Place du 1er Novembre", date(YEAR, 8, 19), 2),
    ("25", "Esplanade de la Casbah", date(YEAR, 8, 21), 3),
    ("23", "Cours de la Révolution", date(YEAR, 8, 24), 2),
    ("36", "Place de l'APC", date(YEAR, 8, 26), 2),
    ("02", "Place de la Solidarité", date(YEAR, 8, 28), 2),
    ("27", "Place de l'Indépendance", date(YEAR, 8, 30), 3),
    ("31", "Place Kahina (ساحة الكاهنة), centre-ville d'Oran", date(YEAR, 9, 3), 3),
    ("13", "Place El Mechouar", date(YEAR, 9, 6), 3),
]
# Phase 2: 22 interior wilayas from east to west, starting in Souk Ahras on Sunday
# 16 September ("since Sunday, the day before yesterday").
PHASE_2 = ["41", "12", "04", "40", "05", "43", "19", "34", "28", "10", "07", "39", "17", "03", "26", "44",
           "38", "14", "48", "29", "20", "22"]  # fmt: skip
PHASE_2_START = date(YEAR, 9, 16)
# A counter entry per part of the day (morning, midday, afternoon, evening).
ENTRIES_PER_DAY = 4
SPECIALTY_CODES = ("fiber-optics", "radio-network", "civil-works")


def key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def _split(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights that add up exactly to total."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def load(context: dict) -> None:
    orgs = context["orgs"]
    users = context.get("users", {})
    # The Oran agency officer runs the caravan in the application (agency officers manage
    # campaigns); the field agent registers visitors at the Oran stop.
    officer = users.get("officer")
    campaign = _caravan(orgs, context, officer)
    stops = _itinerary(campaign, orgs, users, officer)
    phase_1 = [stop for stop in stops if stop.phase.number == 1]
    _tallies(phase_1, users, officer)
    _registrations(phase_1, users, officer, context)
    _oran_open_day(campaign, stops, orgs, officer)
    _hoceima_meeting(orgs, context, officer)
    context["caravan"] = campaign


def _recorder(stop: Stop, users: dict, officer: Any) -> Any:
    return users.get("agent") or officer if stop.province.code == "31" else officer


def _caravan(orgs, context, officer) -> Campaign:
    campaign = Campaign.objects.filter(code="caravane-nationale-2018").first()
    if campaign is not None:
        return campaign
    return services.create_campaign(
        data={
            "code": "caravane-nationale-2018",
            "name_ar": "القافلة الوطنية للمؤسسات المصغرة",
            "name_fr": "Caravane nationale des micro-entreprises",
            "name_en": "National micro-enterprise caravan",
            "country": "DZ",
            "lead_organization": orgs["ansej"],
            "agreement": context.get("agreements", {}).get("caravan"),
            "programme": context.get("programmes", {}).get("ict"),
            "starts_on": date(YEAR, 8, 5),
            "description": (
                "Algérie Télécom, l'ANSEJ et l'association des bénéficiaires du micro-crédit font découvrir "
                "aux jeunes les métiers de la fibre optique, des réseaux hertziens et du génie civil."
            ),
        },
        organizations=[
            orgs[k] for k in ("telecom", "telecom_oran", "ansej", "ansej_oran", "microcredit_assoc")
        ],
        actor=officer,
    )


def _itinerary(campaign, orgs, users, officer) -> list[Stop]:
    provinces = {p.code: p for p in Province.objects.filter(country_id="DZ")}
    phase_2_stops = [
        (code, "Place centrale", PHASE_2_START + timedelta(days=3 * i), 2) for i, code in enumerate(PHASE_2)
    ]
    plans = [
        (1, "المرحلة الأولى: الولايات الشمالية", "Phase 1 : wilayas du Nord", "Phase 1: northern wilayas", PHASE_1),
        (2, "المرحلة الثانية: الولايات الداخلية", "Phase 2 : wilayas de l'intérieur", "Phase 2: interior wilayas",
         phase_2_stops),
    ]  # fmt: skip
    agent = users.get("agent")
    stops = []
    for number, name_ar, name_fr, name_en, plan in plans:
        phase = Phase.objects.filter(campaign=campaign, number=number).first()
        if phase is None:
            phase = services.create_phase(
                campaign,
                data={
                    "number": number,
                    "name_ar": name_ar,
                    "name_fr": name_fr,
                    "name_en": name_en,
                    "starts_on": min(day for _c, _v, day, _n in plan),
                    "ends_on": max(day + timedelta(days=n - 1) for _c, _v, day, n in plan),
                },
                provinces=[provinces[code] for code, *_rest in plan],
                actor=officer,
            )
        for code, venue, day, days in plan:
            province = provinces[code]
            stop = Stop.objects.filter(campaign=campaign, province=province, phase=phase).first()
            if stop is None:
                stop = services.create_stop(
                    phase,
                    data={
                        "province": province,
                        "venue": venue,
                        "starts_on": day,
                        "ends_on": day + timedelta(days=days - 1),
                        "host_organization": orgs["ansej_oran"] if code == "31" else orgs["ansej"],
                    },
                    field_agents=[agent] if code == "31" and agent else [],
                    actor=officer,
                )
            stops.append(stop)
    return stops


def _stop_days(stop: Stop) -> list[date]:
    return [stop.starts_on + timedelta(days=i) for i in range((stop.ends_on - stop.starts_on).days + 1)]


def _tallies(stops: list[Stop], users: dict, officer: Any) -> None:
    """The visitors of each day, counted in a few entries of the counter (none so large
    that the counter asks to confirm it), adding up to the story's 72,000."""
    rng = random.Random(72000)
    stop_days = [(stop, day) for stop in stops for day in _stop_days(stop)]
    weights = [
        (1.6 if stop.province.code in ("16", "31", "25") else 1.0) * rng.uniform(0.7, 1.3)
        for stop, _d in stop_days
    ]
    for (stop, day), count in zip(stop_days, _split(TOTAL_VISITORS, weights), strict=True):
        actor = _recorder(stop, users, officer)
        parts = _split(count, [rng.uniform(0.6, 1.4) for _i in range(ENTRIES_PER_DAY)])
        for part, entry in enumerate(parts):
            services.record_tally(
                stop,
                count=entry,
                day=day,
                client_uuid=key("tally", stop.province.code, day, part),
                actor=actor,
            )


def _registrations(stops: list[Stop], users: dict, officer: Any, context: dict) -> None:
    """631 registrations at phase 1's stops through the capture service; twenty at Oran
    link people the registry already holds, the others create their person there."""
    rng = random.Random(631)
    weights = [(2.0 if stop.province.code == "31" else 1.0) * rng.uniform(0.6, 1.4) for stop in stops]
    specialties = context.get("specialties", {})
    existing_oran = list(
        Person.objects.filter(province__code="31", province__country_id="DZ", national_id__gt="").order_by(
            "pk"
        )[:20]
    )
    for stop, count in zip(stops, _split(TOTAL_REGISTRATIONS, weights), strict=True):
        days = _stop_days(stop)
        actor = _recorder(stop, users, officer)
        for index in range(count):
            sex = "F" if rng.random() < 0.34 else "M"
            given_ar, given_latin = rng.choice(GIVEN_FEMALE if sex == "F" else GIVEN_MALE)
            family_ar, family_latin = rng.choice(FAMILY)
            day = days[index % len(days)]
            captured = timezone.make_aware(datetime.combine(day, time(10 + index % 7, (index * 7) % 60)))
            birth = date(YEAR - rng.randint(19, 35), rng.randint(1, 12), rng.randint(1, 28))
            phone = f"{rng.choice(MOBILE_PREFIXES['DZ'])}{rng.randint(1_000_000, 9_999_999)}"
            specialty = specialties.get(rng.choice(SPECIALTY_CODES))
            person = (
                existing_oran[index] if stop.province.code == "31" and index < len(existing_oran) else None
            )
            services.register_visitor(
                stop,
                person=person,
                person_data={
                    "given_name_ar": given_ar,
                    "family_name_ar": family_ar,
                    "given_name_latin": given_latin,
                    "family_name_latin": family_latin,
                    "sex": sex,
                    "birth_date": birth,
                    "phone": phone,
                },
                client_uuid=key("registration", stop.province.code, index),
                actor=actor,
                channel=Channel.FIELD if index % 5 else Channel.SELF,
                captured_at=captured,
                specialty=specialty,
                consent=True,
                # Loading last season's records: the stop's registration window is long past.
                check_window=False,
            )


OPEN_DAY_TITLE = "Journée portes ouvertes — Algérie Télécom et ANSEJ Oran"


def _oran_open_day(campaign, stops, orgs, officer) -> None:
    if Event.objects.filter(title=OPEN_DAY_TITLE).exists():
        return
    oran_stop = next(s for s in stops if s.province.code == "31")
    services.create_event(
        data={
            "kind": EventKind.OPEN_DAY,
            "title": OPEN_DAY_TITLE,
            "campaign": campaign,
            "stop": oran_stop,
            "starts_on": date(YEAR, 9, 4),
            "province": oran_stop.province,
            "venue": oran_stop.venue,
            "host_organization": orgs["telecom_oran"],
            "description": (
                "La direction opérationnelle d'Algérie Télécom d'Oran présente les métiers de la fibre optique "
                "et des réseaux. Ses journées portes ouvertes ont déjà fait naître quatre micro-entreprises "
                "qui travaillent pour elle sur une vingtaine de projets (réseau téléphonique, fibre optique)."
            ),
        },
        partners=[orgs["ansej_oran"], orgs["microcredit_assoc"]],
        actor=officer,
    )


HOCEIMA_TITLE = "Rencontre de sensibilisation à l'auto-emploi — enfants d'anciens résistants"
# (kind, presenter organization key, presenter, topic), in the order of the meeting.
HOCEIMA_AGENDA = [
    (AgendaKind.PRESENTATION, "anapec_hoceima", "Directeur de l'agence",
     "Mot de bienvenue"),
    (AgendaKind.PRESENTATION, "hcar", "Délégué provincial du Haut-Commissariat",
     "Les rencontres organisées avec les partenaires pour encourager les enfants de la famille de la "
     "résistance à l'auto-emploi et aux projets générateurs de revenus"),
    (AgendaKind.PRESENTATION, "anapec_hoceima", "Directeur provincial de l'ANAPEC",
     "Les programmes et les opportunités offerts aux jeunes pour créer une entreprise et accéder au marché "
     "du travail; l'accompagnement des porteurs de projet par l'agence"),
    (AgendaKind.PRESENTATION, "odco", "Délégué provincial de l'ODCo",
     "Les avantages du travail coopératif et la procédure de création d'une coopérative"),
    (AgendaKind.PRESENTATION, "ads", "Coordinateur provincial de l'ADS",
     "Les domaines d'intervention de l'ADS, en particulier le soutien et le financement des projets des "
     "coopératives et des associations"),
    (AgendaKind.TESTIMONY, None, "Gérant de la coopérative apicole « Bennoudi »",
     "Apiculture et production de miel : la création de la coopérative en 2017 et son activité, avec le "
     "financement du Haut-Commissariat et de l'INDH et l'appui technique et l'accompagnement de l'ANAPEC"),
    (AgendaKind.PITCHES, None, "",
     "Idées de projets des jeunes (entreprises individuelles et coopératives) : discussion, chaque porteur "
     "est invité à approfondir son idée avant de la présenter aux instances concernées"),
]  # fmt: skip
# Ideas of sole proprietorships and cooperatives; each was discussed and its owner asked
# to deepen it before presenting it to the bodies that decide.
HOCEIMA_IDEAS = [
    ("Rucher moderne de 60 ruches à Imzouren", "beekeeping", LegalForm.COOPERATIVE),
    ("Unité de conditionnement de miel et de pollen", "beekeeping", LegalForm.COOPERATIVE),
    ("Atelier de transformation de figues de Barbarie", "agri-food", LegalForm.COOPERATIVE),
    ("Maintenance informatique et vente de matériel", "services", LegalForm.SOLE_PROPRIETORSHIP),
    ("Coopérative de pêche artisanale à Calabonita", "agri-food", LegalForm.COOPERATIVE),
    ("Agence de tourisme rural", "services", LegalForm.SOLE_PROPRIETORSHIP),
    ("Boulangerie-pâtisserie de quartier", "agri-food", LegalForm.SOLE_PROPRIETORSHIP),
    ("Élevage caprin et fromagerie", "agri-food", LegalForm.COOPERATIVE),
]
DEEPEN_FEEDBACK = (
    "Idée discutée lors de la rencontre : approfondissez-la (marché, moyens, financement) avant de la "
    "présenter aux instances concernées. Les partenaires vous accompagnent avant et après la création."
)


def _hoceima_meeting(orgs, context, fallback) -> None:
    officer = context.get("users", {}).get("officer.hoceima") or fallback
    event = Event.objects.filter(title=HOCEIMA_TITLE).first()
    if event is None:
        category = context.get("target_categories", {}).get("resistance-family")
        event = services.create_event(
            data={
                "kind": EventKind.AWARENESS_MEETING,
                "title": HOCEIMA_TITLE,
                "starts_on": date(2019, 4, 29),
                "start_time": time(10, 0),
                "province": Province.objects.get(country_id="MA", name_fr__icontains="Al Hoce"),
                "venue": "Siège de l'ANAPEC, Al Hoceima",
                "host_organization": orgs["anapec_hoceima"],
                "description": (
                    "Rencontre sur l'auto-emploi et la création d'entreprises pour les enfants de la famille "
                    "de la résistance et de l'Armée de libération. Les partenaires présentent leurs programmes "
                    "et s'engagent à accompagner les projets avant et après leur création; les jeunes "
                    "présentent leurs idées."
                ),
            },
            partners=[orgs[k] for k in ("hcar", "odco", "ads")],
            target_categories=[category] if category else [],
            actor=officer,
        )
    if not event.agenda_items.exists():
        for kind, org, presenter, topic in HOCEIMA_AGENDA:
            services.add_agenda_item(
                event,
                data={
                    "kind": kind,
                    "topic": topic,
                    "presenter_organization": orgs.get(org) if org else None,
                    "presenter_name": presenter,
                },
                actor=officer,
            )
    _hoceima_ideas(event, context, officer)


def _hoceima_ideas(event: Event, context: dict, officer: Any) -> None:
    rng = random.Random(2019)
    specialties = context.get("specialties", {})
    captured = datetime(2019, 4, 29, 10, 30, tzinfo=UTC)
    for index, (summary, specialty, legal_form) in enumerate(HOCEIMA_IDEAS):
        sex = "F" if index % 3 == 1 else "M"
        given_ar, given_latin = rng.choice(GIVEN_FEMALE if sex == "F" else GIVEN_MALE)
        family_ar, family_latin = rng.choice(FAMILY)
        phone = f"{rng.choice(MOBILE_PREFIXES['MA'])}{rng.randint(1_000_000, 9_999_999)}"
        registration = services.register_visitor(
            event,
            person_data={
                "given_name_ar": given_ar,
                "family_name_ar": family_ar,
                "given_name_latin": given_latin,
                "family_name_latin": family_latin,
                "sex": sex,
                "birth_date": date(1990 + index, 3, 1 + index),
                "phone": phone,
                "preferred_language": "ar",
            },
            client_uuid=key("hoceima", index),
            actor=officer,
            channel=Channel.FIELD,
            captured_at=captured,
            specialty=specialties.get(specialty),
            idea=summary[:300],
            consent=True,
            check_window=False,
        ).registration
        if Idea.objects.filter(registration=registration).exists():
            continue
        idea = services.add_idea(
            registration,
            data={"summary": summary, "specialty": specialties.get(specialty), "legal_form": legal_form},
            actor=officer,
        )
        services.set_idea_outcome(idea, outcome=IdeaOutcome.DEEPEN, feedback=DEEPEN_FEEDBACK, actor=officer)
