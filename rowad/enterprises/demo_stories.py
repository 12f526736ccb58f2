"""The demo enterprises' stories, as data (rowad.enterprises.demo writes them through the
services): the four Oran micro-enterprises of the caravan, the two caravan dossiers that
reached "company created" and "closed", and the Al Hoceima beekeeping cooperative.

The financing demo pays the Oran and caravan loans out in 2019; each enterprise is created
`created_after` days (30 to 60) after its dossier was financed (`financed_on`: the date the
financing demo hands over, its own here when loaded alone). Other dates are days from the
creation (negative: before it, after the financing), or fixed ones (the 2020 lockdown).
Visits: every `visit_every` days for the first two years (`visits`), then every
`later_every` days (about twice a year, `later`, the last repeated) up to today — or up to
`quiet_days` before today (no visit since: the no-visit alert); `ending` are the last
visits whatever the day of the load. The cooperative's dates are the real ones (2017).
Demo text is data, written as the agencies would, in French."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .enums import ClosureReason, Difficulty, LegalForm, LifeEventKind, Need, TurnoverBand

D = datetime.date
T = TurnoverBand


@dataclass(frozen=True)
class Seen:
    """What one visit observes: jobs (permanent men, women, seasonal men, women), turnover."""

    jobs: tuple[int, int, int, int]
    turnover: str
    operating: bool = True
    difficulties: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class Session:
    day: int  # from creation (negative: before)
    topic: str  # SessionTopic code (migration 0002)
    notes: str
    next_steps: str = ""


@dataclass(frozen=True)
class Event:
    day: int  # from creation (when `on` is not given)
    kind: str
    reason: str = ""
    note: str = ""
    on: datetime.date | None = None


@dataclass(frozen=True)
class Story:
    key: str  # the dossier's key in the dossiers demo
    legal_form: str
    name_latin: str
    name_ar: str
    activity: str
    address: str
    serial: int  # makes its identifiers
    financed_on: datetime.date | None = None  # the financing demo's date (when not handed over)
    created_after: int = 45  # days after the financing (30 to 60)
    created_on: datetime.date | None = None  # a fixed date instead
    visits: tuple[Seen, ...] = ()  # the first two years, every `visit_every` days
    first_visit: int = 60  # days after creation
    visit_every: int = 91
    later: tuple[Seen, ...] = ()  # then every `later_every` days up to today (the last repeated)
    later_every: int = 168
    ending: tuple[Seen, ...] = ()  # the last visits up to today, whatever the day of the load
    quiet_days: int = 0  # no visit in the last days (the no-visit alert)
    recent_sessions: tuple[Session, ...] = ()  # `day`: days before today
    sessions: tuple[Session, ...] = ()
    events: tuple[Event, ...] = ()
    steps_done: int | None = None  # the first N creation steps done (None: all)
    late_obligation: bool = False  # the last obligation fallen due left undone
    close_file: bool = False  # the dossier's "Close the file" after the closure
    shares: tuple[str, ...] = ()  # the owners' shares, the manager's first
    extra: dict = field(default_factory=dict)


PRE_SESSIONS = (
    Session(
        -24,
        "business-plan",
        "Revue du plan d'affaires : prix unitaires de l'opérateur, charges du premier exercice, "
        "seuil de rentabilité.",
        "Rassembler les devis du matériel et le contrat de sous-traitance type.",
    ),
    Session(
        -10,
        "legal-procedures",
        "Choix de la forme juridique; pièces du registre du commerce (CNRC), de l'immatriculation fiscale "
        "et de l'affiliation CASNOS.",
        "Déposer le dossier au CNRC d'Oran dès la signature du bail.",
    ),
)
POST_SESSIONS = (
    Session(
        30,
        "taxes-social",
        "Régime de l'IFU, déclaration des salariés à la CNAS, avantages fiscaux de la phase d'exploitation.",
        "Ouvrir un registre du personnel.",
    ),
    Session(120, "management", "Tenue du livre des recettes et dépenses; trésorerie sur trois mois."),
    Session(
        240,
        "public-orders",
        "Lecture d'un cahier des charges de l'opérateur; réponse à une consultation restreinte.",
        "Préparer les références des chantiers terminés.",
    ),
    Session(420, "marketing", "Démarcher les promoteurs immobiliers et les APC pour de nouveaux chantiers."),
    Session(600, "repayment", "Point sur l'échéancier de la BADR et du prêt non rémunéré de l'ANSEJ."),
)


def _growth(*rows: tuple[tuple[int, int, int, int], str]) -> tuple[Seen, ...]:
    return tuple(Seen(jobs, turnover) for jobs, turnover in rows)


DIFFICULT_LAST_VISIT = Seen(
    (2, 0, 0, 0),
    T.UNDER_2M,
    difficulties=(Difficulty.CASH, Difficulty.ORDERS, Difficulty.REPAYMENT),
    needs=(Need.MARKET, Need.FINANCING, Need.ADVICE),
    notes="Plus de commande de tranchées depuis la fin du chantier de Bir El Djir; deux factures de l'opérateur "
    "impayées depuis cinq mois; les échéances de la banque ne sont plus honorées. Le gérant a remercié les "
    "saisonniers.",
)

ORAN = (
    Story(
        "oran-company-0",
        LegalForm.MICRO_ENTERPRISE,
        "Fibre Kahina",
        "ألياف الكاهنة",
        "Pose et raccordement de fibre optique (FTTH) en sous-traitance d'Algérie Télécom",
        "Cité USTO, bloc 12, local n° 3, Bir El Djir, Oran",
        serial=412318,
        financed_on=D(2019, 4, 7),
        created_after=38,
        visits=_growth(
            ((1, 0, 0, 0), T.NONE),
            ((2, 0, 0, 0), T.UNDER_500K),
            ((2, 0, 1, 0), T.UNDER_2M),
            ((3, 0, 1, 0), T.UNDER_2M),
            ((3, 1, 2, 0), T.UNDER_5M),
            ((4, 1, 2, 0), T.UNDER_5M),
            ((4, 1, 3, 1), T.UNDER_5M),
            ((5, 1, 2, 1), T.UNDER_10M),
        ),
        later=_growth(
            ((5, 1, 2, 1), T.UNDER_10M),
            ((5, 1, 3, 1), T.UNDER_10M),
            ((6, 1, 3, 1), T.UNDER_10M),
            ((6, 1, 2, 1), T.UNDER_10M),
            ((6, 2, 3, 1), T.UNDER_10M),
            ((6, 2, 3, 2), T.UNDER_10M),
            ((7, 2, 3, 1), T.OVER_10M),
            ((7, 2, 4, 2), T.OVER_10M),
            ((7, 2, 3, 2), T.OVER_10M),
            ((8, 2, 4, 2), T.OVER_10M),
            ((8, 2, 4, 1), T.OVER_10M),
            ((8, 3, 4, 2), T.OVER_10M),
        ),
        sessions=PRE_SESSIONS + POST_SESSIONS,
    ),
    Story(
        "oran-company-1",
        LegalForm.EURL,
        "EURL Oran Fibre Services",
        "مؤسسة وهران لخدمات الألياف ش.ذ.م.م.ش.و",
        "Maintenance préventive et curative du réseau d'accès optique",
        "Rue Larbi Ben M'hidi, n° 41, Oran",
        serial=412561,
        financed_on=D(2019, 4, 21),
        created_after=45,
        visits=_growth(
            ((1, 1, 0, 0), T.UNDER_500K),
            ((2, 1, 0, 0), T.UNDER_500K),
            ((3, 1, 0, 0), T.UNDER_2M),
            ((3, 1, 1, 0), T.UNDER_2M),
            ((4, 2, 1, 0), T.UNDER_5M),
            ((4, 2, 0, 0), T.UNDER_5M),
            ((5, 2, 1, 0), T.UNDER_5M),
            ((5, 2, 2, 1), T.UNDER_10M),
        ),
        later=_growth(
            ((5, 2, 1, 0), T.UNDER_10M),
            ((6, 2, 2, 1), T.UNDER_10M),
            ((6, 2, 1, 1), T.UNDER_10M),
            ((6, 3, 2, 1), T.UNDER_10M),
            ((7, 3, 2, 1), T.UNDER_10M),
            ((7, 3, 3, 1), T.OVER_10M),
            ((7, 3, 2, 1), T.OVER_10M),
            ((8, 3, 3, 1), T.OVER_10M),
            ((8, 3, 2, 2), T.OVER_10M),
            ((8, 4, 3, 2), T.OVER_10M),
        ),
        # The mentor has not been back for more than ROWAD_VISIT_ALERT_MONTHS: the alert shows.
        quiet_days=260,
        sessions=PRE_SESSIONS + POST_SESSIONS,
        shares=("100",),
    ),
    Story(
        "oran-company-2",
        LegalForm.MICRO_ENTERPRISE,
        "Bahia Génie Civil",
        "الباهية للهندسة المدنية",
        "Creusement de tranchées, pose de fourreaux et de chambres de tirage",
        "Route de Mostaganem, Hai Khemisti, Bir El Djir, Oran",
        serial=412907,
        financed_on=D(2019, 5, 5),
        created_after=33,
        visits=_growth(
            ((2, 0, 2, 0), T.UNDER_500K),
            ((3, 0, 4, 0), T.UNDER_2M),
            ((4, 0, 5, 0), T.UNDER_5M),
            ((4, 0, 6, 0), T.UNDER_5M),
            ((4, 0, 3, 0), T.UNDER_5M),
            ((4, 0, 5, 0), T.UNDER_5M),
            ((5, 0, 6, 0), T.UNDER_5M),
            ((5, 0, 4, 0), T.UNDER_5M),
        ),
        later=_growth(
            ((5, 0, 6, 0), T.UNDER_10M),
            ((5, 1, 5, 0), T.UNDER_10M),
            ((6, 1, 6, 0), T.UNDER_10M),
            ((6, 1, 4, 0), T.UNDER_10M),
            ((5, 1, 3, 0), T.UNDER_5M),
            ((4, 1, 2, 0), T.UNDER_5M),
            ((4, 0, 2, 0), T.UNDER_5M),
            ((3, 0, 2, 0), T.UNDER_2M),
        ),
        ending=(
            Seen(
                (3, 0, 1, 0),
                T.UNDER_2M,
                difficulties=(Difficulty.ORDERS,),
                needs=(Need.MARKET,),
                notes="Moins de chantiers depuis l'été; le gérant cherche des commandes auprès des promoteurs.",
            ),
            DIFFICULT_LAST_VISIT,
        ),
        sessions=PRE_SESSIONS + POST_SESSIONS,
        recent_sessions=(
            Session(
                40,
                "difficulties",
                "Trésorerie tendue : factures de l'opérateur en souffrance, échéances bancaires impayées.",
                "Demander à l'ANSEJ l'intervention auprès de la banque (report); relancer l'opérateur.",
            ),
        ),
        late_obligation=True,
    ),
    Story(
        "oran-company-3",
        LegalForm.EURL,
        "EURL Ouest Hertz",
        "مؤسسة الغرب هيرتز ش.ذ.م.م.ش.و",
        "Installation de stations radio, d'antennes et de faisceaux hertziens",
        "Cité Djamel, n° 118, Oran",
        serial=413044,
        financed_on=D(2019, 5, 19),
        created_after=42,
        visits=(
            *_growth(((2, 0, 0, 0), T.UNDER_500K), ((3, 0, 0, 0), T.UNDER_2M), ((3, 0, 1, 0), T.UNDER_2M)),
            Seen(
                (1, 0, 0, 0),
                T.UNDER_500K,
                operating=False,
                difficulties=(Difficulty.ORDERS, Difficulty.REPAYMENT),
                needs=(Need.MARKET, Need.FINANCING),
                notes="Activité à l'arrêt pendant le confinement : plus de pose de pylônes commandée par "
                "l'opérateur; échéances de mai et juin impayées, report demandé à la banque.",
            ),
            *_growth(
                ((2, 0, 0, 0), T.UNDER_500K),
                ((3, 0, 1, 0), T.UNDER_2M),
                ((3, 1, 1, 0), T.UNDER_2M),
                ((4, 1, 1, 0), T.UNDER_5M),
            ),
        ),
        later=_growth(
            ((4, 1, 1, 0), T.UNDER_5M),
            ((4, 1, 2, 0), T.UNDER_5M),
            ((5, 1, 2, 0), T.UNDER_5M),
            ((5, 1, 1, 0), T.UNDER_5M),
            ((5, 2, 2, 0), T.UNDER_10M),
            ((6, 2, 2, 1), T.UNDER_10M),
            ((6, 2, 1, 0), T.UNDER_10M),
            ((6, 2, 2, 1), T.UNDER_10M),
            ((7, 2, 2, 1), T.UNDER_10M),
        ),
        sessions=PRE_SESSIONS + POST_SESSIONS,
        events=(
            Event(
                0,
                LifeEventKind.SUSPENDED,
                note="Confinement sanitaire (COVID-19) : chantiers de pose de pylônes de l'opérateur à l'arrêt, "
                "le gérant met l'activité en veille.",
                on=D(2020, 3, 23),
            ),
            Event(
                0,
                LifeEventKind.RESUMED,
                note="Reprise des chantiers de l'opérateur après le confinement; nouveau marché de maintenance "
                "des stations de la wilaya de Mostaganem.",
                on=D(2020, 6, 28),
            ),
        ),
        shares=("100",),
    ),
)

CARAVAN = (
    Story(
        "caravan-company_created",
        LegalForm.MICRO_ENTERPRISE,
        "",
        "",
        "",
        "",
        serial=520114,
        financed_on=D(2019, 2, 11),
        created_after=50,
        first_visit=45,
        visit_every=90,
        visits=_growth(
            ((1, 0, 0, 0), T.NONE),
            ((1, 0, 0, 0), T.UNDER_500K),
            ((2, 0, 0, 0), T.UNDER_500K),
            ((2, 0, 1, 0), T.UNDER_500K),
            ((2, 0, 0, 0), T.UNDER_500K),
            ((2, 0, 1, 0), T.UNDER_2M),
            ((2, 1, 1, 0), T.UNDER_2M),
            ((3, 1, 1, 0), T.UNDER_2M),
        ),
        later=_growth(
            ((3, 1, 0, 0), T.UNDER_2M),
            ((3, 1, 1, 0), T.UNDER_2M),
            ((3, 1, 2, 0), T.UNDER_2M),
            ((4, 1, 1, 0), T.UNDER_5M),
            ((4, 1, 2, 0), T.UNDER_5M),
        ),
        sessions=(PRE_SESSIONS[0], POST_SESSIONS[0]),
        steps_done=3,
    ),
    Story(
        "caravan-closed",
        LegalForm.MICRO_ENTERPRISE,
        "",
        "",
        "",
        "",
        serial=520287,
        financed_on=D(2019, 2, 18),
        created_after=40,
        first_visit=90,
        visit_every=90,
        visits=(
            *_growth(((2, 0, 0, 0), T.UNDER_500K), ((2, 0, 1, 0), T.UNDER_500K)),
            Seen(
                (1, 0, 0, 0),
                T.UNDER_500K,
                difficulties=(Difficulty.ORDERS, Difficulty.CASH, Difficulty.REPAYMENT),
                needs=(Need.MARKET, Need.FINANCING),
                notes="Aucun chantier depuis quatre mois; le gérant envisage d'arrêter.",
            ),
        ),
        sessions=(PRE_SESSIONS[0], POST_SESSIONS[0], POST_SESSIONS[1]),
        events=(
            Event(
                330,
                LifeEventKind.CLOSED,
                ClosureReason.NO_MARKET,
                "Radiation du registre du commerce à la demande du gérant, faute de commandes; le matériel "
                "nanti est restitué à la banque.",
            ),
        ),
        close_file=True,
    ),
)


def _hoceima_visits() -> tuple[tuple[datetime.date, Seen], ...]:
    """Twice a year since the autumn of 2017 (the spring visit and the harvest's), up to now."""
    visits = []
    for year in range(2017, 2100):
        for month in (4, 10):
            day = D(year, month, 15)
            if day < D(2017, 10, 1):
                continue
            women = 2 + (year >= 2020)
            men = 3 + (year >= 2023)
            seasonal = (1 + (year - 2017) // 3, 2 + (year - 2017) // 3) if month == 10 else (0, 0)
            turnover = T.UNDER_500K if year < 2022 else T.UNDER_2M
            seen = Seen((men, women, *seasonal), turnover)
            if (year, month) == (2020, 4):
                seen = Seen(
                    (men, women, 0, 0),
                    turnover,
                    difficulties=(Difficulty.ORDERS,),
                    needs=(Need.MARKET,),
                    notes="Souks fermés pendant le confinement sanitaire : le miel de printemps reste en stock.",
                )
            visits.append((day, seen))
    return tuple(visits)


HOCEIMA = Story(
    "hoceima-cooperative-2017",
    LegalForm.COOPERATIVE,
    "Coopérative apicole Bennoudi",
    "تعاونية البنوضي لتربية النحل",
    "Apiculture : rucher de 60 ruches, extraction et conditionnement du miel du Rif",
    "Douar Ait Kamra, commune de Bni Bouayach, province d'Al Hoceima",
    serial=0,
    created_on=D(2017, 4, 24),
    sessions=(
        Session(
            -69,
            "business-plan",
            "Plan d'affaires du rucher : 60 ruches, production attendue, prix au souk et aux coopératives.",
        ),
        Session(
            -48,
            "legal-procedures",
            "Procédure de l'ODCo : certificat négatif, statuts, assemblée générale constitutive, dépôt et "
            "immatriculation au registre des coopératives.",
            "Réunir les cinq membres fondateurs pour signer les statuts.",
        ),
        Session(-27, "financing-file", "Conventions INDH et ADS : pièces justificatives des dépenses."),
        Session(148, "management", "Tenue de la comptabilité de la coopérative; registre des adhérents."),
        Session(
            351, "marketing", "Étiquetage du miel, participation au salon régional des produits du terroir."
        ),
        Session(750, "taxes-social", "Déclarations de la coopérative; affiliation CNSS des membres."),
    ),
    shares=("24", "19", "19", "19", "19"),
    extra={
        "identifiers": {"ice": "002184753000085", "tax_id": "45829317", "odco_number": "2017-3187"},
        "steps": {
            "name_certificate": D(2017, 5, 3),
            "statutes": D(2017, 5, 17),
            "constituent_assembly": D(2017, 5, 27),
            "odco_deposit": D(2017, 6, 14),
            "odco_registration": D(2017, 7, 26),
            "tax_registration": D(2017, 8, 22),
            "bank_account": D(2017, 9, 5),
        },
        "mentor_from": D(2017, 2, 1),
    },
)

STORIES = {story.key: story for story in (*ORAN, *CARAVAN, HOCEIMA)}
