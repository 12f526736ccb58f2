"""The national caravan of the Algerian story (phase 1: 14 northern wilayas, 5 August –
8 September, Oran on Kahina square from 3 September; phase 2: 22 interior wilayas from
Souk Ahras westwards), with tallies and registrations adding up to the story's totals
(72,000 visitors, 631 registrations), and the Al Hoceima awareness meeting of 29 April
2019. Idempotent: every record has a deterministic key."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from rowad.core.models import Province
from rowad.people.demo import MOBILE_PREFIXES
from rowad.people.models import Person
from rowad.people.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE

from . import services
from .enums import AgendaKind, Channel, EventKind, IdeaOutcome, LegalForm
from .models import AgendaItem, Campaign, Event, Idea, Phase, Registration, Stop

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
    ("31", "Place Kahina", date(YEAR, 9, 3), 3),
    ("13", "Place El Mechouar", date(YEAR, 9, 6), 3),
]
# Phase 2: 22 interior wilayas from east to west, starting in Souk Ahras.
PHASE_2 = ["41", "12", "04", "40", "05", "43", "19", "34", "28", "10", "07", "39", "17", "03", "26", "44",
           "38", "14", "48", "29", "20", "22"]  # fmt: skip
PHASE_2_START = date(YEAR, 9, 15)
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
    actor = users.get("officer")
    campaign = _caravan(orgs, context)
    stops = _itinerary(campaign, orgs, users)
    _tallies(stops, actor)
    _registrations(stops, actor, context)
    _oran_open_day(campaign, stops, orgs)
    _hoceima_meeting(orgs, context, actor)
    context["caravan"] = campaign


def _caravan(orgs, context) -> Campaign:
    campaign, _ = Campaign.objects.update_or_create(
        code="caravane-nationale-2018",
        defaults={
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
    )
    campaign.organizations.set(
        [orgs[k] for k in ("telecom", "telecom_oran", "ansej", "ansej_oran", "microcredit_assoc")]
    )
    return campaign


def _itinerary(campaign, orgs, users) -> list[Stop]:
    provinces = {p.code: p for p in Province.objects.filter(country_id="DZ")}
    phase_2_stops = [
        (code, "Place centrale", PHASE_2_START + timedelta(days=3 * i), 2) for i, code in enumerate(PHASE_2)
    ]
    plans = [
        (1, "المرحلة الأولى: الولايات الشمالية", "Phase 1 : wilayas du Nord", "Phase 1: northern wilayas", PHASE_1),
        (2, "المرحلة الثانية: الولايات الداخلية", "Phase 2 : wilayas de l'intérieur", "Phase 2: interior wilayas",
         phase_2_stops),
    ]  # fmt: skip
    stops = []
    for number, name_ar, name_fr, name_en, plan in plans:
        first = min(day for _c, _v, day, _n in plan)
        last = max(day + timedelta(days=n - 1) for _c, _v, day, n in plan)
        phase, _ = Phase.objects.update_or_create(
            campaign=campaign,
            number=number,
            defaults={
                "name_ar": name_ar,
                "name_fr": name_fr,
                "name_en": name_en,
                "starts_on": first,
                "ends_on": last,
            },
        )
        phase.provinces.set([provinces[code] for code, *_rest in plan])
        for code, venue, day, days in plan:
            province = provinces[code]
            if code == "31":
                venue = "Place Kahina (ساحة الكاهنة)"
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
                    actor=None,
                )
            if code == "31" and users.get("agent"):
                stop.field_agents.set([users["agent"]])
            stops.append(stop)
    return stops


def _stop_days(stop: Stop) -> list[date]:
    return [stop.starts_on + timedelta(days=i) for i in range((stop.ends_on - stop.starts_on).days + 1)]


def _tallies(stops: list[Stop], actor) -> None:
    rng = random.Random(72000)
    stop_days = [(stop, day) for stop in stops for day in _stop_days(stop)]
    weights = [
        (1.6 if stop.province.code in ("16", "31", "25") else 1.0) * rng.uniform(0.7, 1.3)
        for stop, _d in stop_days
    ]
    for (stop, day), count in zip(stop_days, _split(TOTAL_VISITORS, weights), strict=True):
        services.record_tally(
            stop, count=count, day=day, client_uuid=key("tally", stop.province.code, day), actor=actor,
            confirmed=True, note="demo",
        )  # fmt: skip


def _registrations(stops: list[Stop], actor, context) -> None:
    rng = random.Random(631)
    weights = [(2.0 if stop.province.code == "31" else 1.0) * rng.uniform(0.6, 1.4) for stop in stops]
    specialties = context.get("specialties", {})
    existing_oran = list(
        Person.objects.filter(province__code="31", province__country_id="DZ").order_by("pk")[:20]
    )
    for stop, count in zip(stops, _split(TOTAL_REGISTRATIONS, weights), strict=True):
        days = _stop_days(stop)
        for index in range(count):
            client_uuid = key("registration", stop.province.code, index)
            if Registration.objects.filter(client_uuid=client_uuid).exists():
                continue
            sex = "F" if rng.random() < 0.34 else "M"
            given_ar, given_latin = rng.choice(GIVEN_FEMALE if sex == "F" else GIVEN_MALE)
            family_ar, family_latin = rng.choice(FAMILY)
            day = days[index % len(days)]
            captured = timezone.make_aware(datetime.combine(day, time(10 + index % 7, (index * 7) % 60)))
            birth = date(YEAR - rng.randint(19, 35), rng.randint(1, 12), rng.randint(1, 28))
            person = (
                existing_oran[index] if stop.province.code == "31" and index < len(existing_oran) else None
            )
            specialty = specialties.get(rng.choice(SPECIALTY_CODES))
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
                    "phone": f"{rng.choice(MOBILE_PREFIXES['DZ'])}{rng.randint(1_000_000, 9_999_999)}",
                },
                client_uuid=client_uuid,
                actor=actor,
                channel=Channel.FIELD if index % 5 else Channel.SELF,
                captured_at=captured,
                specialty=specialty,
                idea="",
                consent=True,
                check_window=False,
            )


def _oran_open_day(campaign, stops, orgs) -> None:
    oran_stop = next(s for s in stops if s.province.code == "31")
    event, _ = Event.objects.update_or_create(
        title="Journée portes ouvertes — Algérie Télécom et ANSEJ Oran",
        defaults={
            "kind": EventKind.OPEN_DAY,
            "campaign": campaign,
            "stop": oran_stop,
            "starts_on": date(YEAR, 9, 4),
            "province": oran_stop.province,
            "venue": "Place Kahina",
            "host_organization": orgs["ansej_oran"],
            "description": "Les métiers de la fibre optique et des réseaux; quatre micro-entreprises en sont nées.",
        },
    )
    event.partners.set([orgs["telecom_oran"], orgs["microcredit_assoc"]])


HOCEIMA_AGENDA = [
    (AgendaKind.PRESENTATION, "hcar", "Le partenariat et la catégorie des enfants d'anciens résistants"),
    (AgendaKind.PRESENTATION, "anapec_hoceima", "Les programmes de l'ANAPEC et l'accompagnement des porteurs de projet"),
    (AgendaKind.PRESENTATION, "odco", "Le travail coopératif et la procédure de création d'une coopérative"),
    (AgendaKind.PRESENTATION, "ads", "Ce que l'ADS finance au sein des coopératives et des associations"),
    (AgendaKind.TESTIMONY, None, "Témoignage d'une coopérative apicole créée en 2017, financée par l'INDH et l'ADS, "
     "accompagnée par l'ANAPEC"),
    (AgendaKind.PITCHES, None, "Idées présentées par les jeunes : discussion et orientation"),
]  # fmt: skip
HOCEIMA_IDEAS = [
    ("Rucher moderne de 60 ruches à Imzouren", "beekeeping", LegalForm.COOPERATIVE, IdeaOutcome.DEEPEN),
    ("Unité de conditionnement de miel et de pollen", "beekeeping", LegalForm.COOPERATIVE, IdeaOutcome.DEEPEN),
    ("Atelier de transformation de figues de Barbarie", "agri-food", LegalForm.COOPERATIVE, IdeaOutcome.DEEPEN),
    ("Maintenance informatique et vente de matériel", "services", LegalForm.SOLE_PROPRIETORSHIP, IdeaOutcome.DEEPEN),
    ("Coopérative de pêche artisanale à Calabonita", "agri-food", LegalForm.COOPERATIVE,
     IdeaOutcome.REFERRED_COOPERATIVE),
    ("Agence de voyages pour le tourisme rural", "services", LegalForm.COMPANY, IdeaOutcome.DEEPEN),
    ("Boulangerie-pâtisserie de quartier", "agri-food", LegalForm.SOLE_PROPRIETORSHIP, IdeaOutcome.READY),
    ("Élevage caprin et fromagerie", "agri-food", LegalForm.COOPERATIVE, IdeaOutcome.DEEPEN),
]  # fmt: skip


def _hoceima_meeting(orgs, context, actor) -> None:
    hoceima = Province.objects.get(country_id="MA", name_fr__icontains="Al Hoce")
    event, _ = Event.objects.update_or_create(
        title="Rencontre de sensibilisation à l'auto-emploi — enfants d'anciens résistants",
        defaults={
            "kind": EventKind.AWARENESS_MEETING,
            "starts_on": date(2019, 4, 29),
            "start_time": time(10, 0),
            "province": hoceima,
            "venue": "Agence provinciale de l'ANAPEC, Al Hoceima",
            "host_organization": orgs["anapec_hoceima"],
            "attendance": 46,
            "description": (
                "Les partenaires présentent leurs programmes; les jeunes présentent leurs idées, chacune est "
                "discutée et son porteur est invité à l'approfondir avant de la présenter aux instances de décision."
            ),
        },
    )
    event.partners.set([orgs[k] for k in ("hcar", "odco", "ads", "indh")])
    category = context.get("target_categories", {}).get("resistance-family")
    if category:
        event.target_categories.set([category])
    if not event.agenda_items.exists():
        for position, (kind, org, topic) in enumerate(HOCEIMA_AGENDA, start=1):
            AgendaItem.objects.create(
                event=event, position=position, kind=kind, topic=topic, presenter_organization=orgs.get(org)
            )
    officer = context.get("users", {}).get("officer.hoceima") or actor
    rng = random.Random(2019)
    specialties = context.get("specialties", {})
    captured = datetime(2019, 4, 29, 10, 30, tzinfo=UTC)
    for index, (summary, specialty, legal_form, outcome) in enumerate(HOCEIMA_IDEAS):
        sex = "F" if index % 3 == 1 else "M"
        given_ar, given_latin = rng.choice(GIVEN_FEMALE if sex == "F" else GIVEN_MALE)
        family_ar, family_latin = rng.choice(FAMILY)
        result = services.register_visitor(
            event,
            person_data={
                "given_name_ar": given_ar,
                "family_name_ar": family_ar,
                "given_name_latin": given_latin,
                "family_name_latin": family_latin,
                "sex": sex,
                "birth_date": date(1990 + index, 3, 1 + index),
                "phone": f"{rng.choice(MOBILE_PREFIXES['MA'])}{rng.randint(1_000_000, 9_999_999)}",
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
        )
        registration = result.registration
        if not Idea.objects.filter(registration=registration).exists():
            idea = services.add_idea(
                registration,
                data={"summary": summary, "specialty": specialties.get(specialty), "legal_form": legal_form},
                actor=officer,
            )
            feedback = {
                IdeaOutcome.DEEPEN: "Idée intéressante : approfondir l'étude de marché et le plan de financement "
                "avant de la présenter aux instances de décision.",
                IdeaOutcome.READY: "Projet mûr : constituer le dossier avec l'ANAPEC.",
                IdeaOutcome.REFERRED_COOPERATIVE: "Orienté vers l'Office du développement de la coopération.",
            }[outcome]
            services.set_idea_outcome(idea, outcome=outcome, feedback=feedback, actor=officer)
