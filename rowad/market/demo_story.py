"""The market demo's story, as data (rowad.market.demo writes it through the services).

The Oran operational directorate of Algérie Télécom has worked with the four Oran
micro-enterprises of the caravan for two years: about twenty projects installing and
maintaining the telephone network and the fiber ("very few for the size of Oran", its
press officer said). Each order is in the specialty of the Oran course its enterprise's
manager passed: FTTH connections and fiber maintenance (Fibre Kahina, Oran Fibre
Services: the fiber course), trenches and ducts (Bahia Génie Civil: the civil-works
course), radio stations (Ouest Hertz: the radio-network course). Orders are allocated by
rotation (the least served first), one by invitation to quote; one order is declined and
passed to the next enterprise; one milestone is rejected then accepted; Bahia's last
site (Bir El Djir) was accepted five months ago and its two invoices are still unpaid
(the enterprises demo tells the same from Bahia's side). The head office also posted two
orders in Tlemcen and Mostaganem, where no enterprise is certified yet: they stay unfilled.

Dates are days before the load (`start`: the work starts; negative: in the future).
Demo text is data, written as the directorate would, in French."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Specialty code: (course code, required equipment codes, minimum people on site).
NEEDS = {
    "fiber-optics": ("fo-45", ("fusion-splicer", "otdr"), 3),
    "civil-works": ("gc-45", ("trencher",), 4),
    "radio-network": ("rh-45", ("aerial-lift",), 3),
}

# What each Oran enterprise's manager declares on the portal (enterprise key in the
# dossiers demo): people, equipment, orders at once, other wilayas served.
MEANS = {
    "oran-company-0": (6, ("fusion-splicer", "otdr", "power-meter", "utility-vehicle"), 2, ()),
    "oran-company-1": (
        5,
        ("fusion-splicer", "otdr", "power-meter", "cable-blower", "utility-vehicle"),
        2,
        (),
    ),
    "oran-company-2": (5, ("trencher", "utility-vehicle", "generator"), 2, ()),
    # Ouest Hertz also maintains stations in the wilaya of Mostaganem (since 2020).
    "oran-company-3": (4, ("aerial-lift", "utility-vehicle", "generator"), 2, ("27",)),
}


@dataclass(frozen=True)
class Order:
    key: str
    specialty: str
    title: str
    communes: str
    quantity: int
    unit: str
    amount: int  # DZD
    start: int  # days before the load the work starts (negative: in the future)
    days: int  # how long the work lasts
    milestones: tuple[str, ...] = ("Première tranche", "Réception finale")
    province: str = "31"
    national: bool = False  # posted by the head office (the `sponsor` login), not Oran's
    decline: str = ""  # the first enterprise offered declines, with this reason
    reject: str = ""  # the first milestone's first report is rejected, with these remarks
    late_days: int = 0  # the reports come this many days after the milestones' due dates
    unpaid: bool = False  # the sponsor has not paid its invoices (a late payment)
    description: str = ""
    quotes: dict[str, int] = field(default_factory=dict)  # enterprise key: price (DZD)

    @property
    def estimated(self) -> Decimal:
        return Decimal(self.amount)


F, C, R = "fiber-optics", "civil-works", "radio-network"

ORAN_ORDERS = (
    Order(
        "f1",
        F,
        "Raccordement FTTH — cité AADL de Misserghin",
        "Misserghin",
        80,
        "connection",
        720_000,
        700,
        45,
    ),
    Order(
        "c1",
        C,
        "Tranchée et pose de fourreaux PEHD — Es Senia",
        "Es Senia",
        1_800,
        "metre",
        1_620_000,
        680,
        60,
    ),
    Order(
        "r1",
        R,
        "Maintenance préventive des stations BTS — Oran ouest",
        "Oran, Aïn El Turck",
        8,
        "site",
        960_000,
        660,
        50,
    ),
    Order(
        "f2",
        F,
        "Maintenance curative du réseau optique — Es Senia",
        "Es Senia",
        40,
        "day",
        600_000,
        640,
        40,
        milestones=("Interventions du mois",),
    ),
    Order(
        "f3",
        F,
        "Pose de câble optique 48 FO — Bir El Djir",
        "Bir El Djir",
        3_200,
        "metre",
        1_150_000,
        580,
        55,
    ),
    Order(
        "c2",
        C,
        "Chambres de tirage L2T — zone industrielle d'Arzew",
        "Arzew",
        24,
        "unit",
        960_000,
        560,
        45,
        milestones=("Chambres posées et réceptionnées",),
    ),
    Order(
        "r2",
        R,
        "Installation de faisceaux hertziens — Arzew, Bethioua",
        "Arzew, Bethioua",
        4,
        "site",
        1_400_000,
        520,
        60,
    ),
    Order("f4", F, "Raccordement FTTH — Hai Sabah", "Bir El Djir", 120, "connection", 1_080_000, 500, 50),
    Order(
        "f5",
        F,
        "Tirage et soudure de câble optique — zone industrielle d'Arzew",
        "Arzew",
        2_400,
        "metre",
        1_300_000,
        430,
        60,
        milestones=("Tirage", "Soudures", "Mesures et recette"),
    ),
    Order(
        "c3",
        C,
        "Tranchée pour l'artère optique — Sidi Chami",
        "Sidi Chami",
        2_500,
        "metre",
        2_100_000,
        420,
        70,
    ),
    Order("r3", R, "Installation d'antennes 4G — Gdyel", "Gdyel", 5, "site", 1_250_000, 380, 55),
    Order(
        "f6",
        F,
        "Raccordement FTTH — pôle urbain Ahmed Zabana",
        "Misserghin",
        150,
        "connection",
        1_350_000,
        360,
        60,
        decline="Nos deux équipes sont mobilisées sur un autre chantier jusqu'à la fin du mois.",
    ),
    Order(
        "c4",
        C,
        "Génie civil FTTH — Hassi Bounif",
        "Hassi Bounif",
        1_200,
        "metre",
        1_080_000,
        330,
        45,
        milestones=("Tranchées et fourreaux",),
    ),
    Order(
        "f7",
        F,
        "Maintenance préventive des armoires optiques (SRO) — Oran centre",
        "Oran",
        60,
        "unit",
        780_000,
        300,
        50,
        reject="Mesures OTDR absentes pour 12 armoires; deux boîtiers mal fixés rue Larbi Ben M'hidi. "
        "Compléter les mesures et reprendre les fixations.",
    ),
    Order(
        "c5",
        C,
        "Tranchée et fourreaux — chantier de Bir El Djir",
        "Bir El Djir",
        3_000,
        "metre",
        2_700_000,
        235,
        75,
        unpaid=True,
    ),
    Order("f8", F, "Raccordement FTTH — Aïn El Turck", "Aïn El Turck", 100, "connection", 900_000, 220, 45),
    Order(
        "r4",
        R,
        "Maintenance des pylônes et balisage — Mers El Kébir, Aïn El Turck",
        "Mers El Kébir",
        10,
        "site",
        850_000,
        190,
        50,
        late_days=6,
    ),
    Order(
        "f9",
        F,
        "Réparation de coupures de câble optique — Gdyel, Hassi Bounif",
        "Gdyel, Hassi Bounif",
        30,
        "day",
        540_000,
        150,
        35,
        milestones=("Interventions",),
        late_days=4,
    ),
    # Under way: the first milestone accepted and paid, the second one not yet due.
    Order(
        "f10", F, "Raccordement FTTH — USTO, Bir El Djir", "Bir El Djir", 140, "connection", 1_260_000, 40, 70
    ),
    # Taking quotes now: the two fiber enterprises have sent theirs, sealed until the deadline.
    Order(
        "f11",
        F,
        "Déploiement FTTH — nouvelle ville d'Oued Tlélat",
        "Oued Tlélat",
        200,
        "connection",
        1_900_000,
        -30,
        90,
        quotes={"oran-company-0": 1_780_000, "oran-company-1": 1_845_000},
        description="Invitation à soumissionner : prix global et forfaitaire, délai de 90 jours.",
    ),
)

# Orders of the head office in two other wilayas, where no enterprise is certified yet.
OTHER_ORDERS = (
    Order(
        "tlemcen",
        C,
        "Tranchée et pose de fourreaux — Maghnia",
        "Maghnia",
        2_000,
        "metre",
        1_800_000,
        -25,
        60,
        province="13",
        national=True,
    ),
    Order(
        "mostaganem",
        F,
        "Raccordement FTTH — Salamandre, Mostaganem",
        "Mostaganem",
        120,
        "connection",
        1_080_000,
        -40,
        50,
        province="27",
        national=True,
    ),
)

QUOTE_ORDER = "f11"
# The quote order takes quotes until noon, this many days after it was posted.
QUOTE_DAYS = 4
# The order posted, allocated and its offer answered this many days before the work starts.
POSTED_BEFORE = 12
SIGNED_AFTER = 4  # the contract, days after the allocation (the offer answered the next day)
REVIEW_AFTER = 3  # the sponsor reviews a report this many days after it
PAID_AFTER = 24  # and pays an accepted milestone this many days after (30 allowed)
