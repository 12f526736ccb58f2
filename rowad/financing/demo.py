"""Demo financing, written through the services as the agencies, the bank and the funders
would: the programmes' formulas, each financed dossier's plan, its funders' decisions, the
tranches paid against the suppliers' invoices, the repayment schedules and the payments.

- The ICT programme's Algerian three-part formula: the holder's own 2 %, the agency's
  interest-free loan (28 %, 8 years of which 3 of grace) and a BADR bank loan for the rest
  (70 %, 5 years of which 1 of grace, 5.5 % paid by the state).
- The Al Hoceima programme's Moroccan formula: the members' own 10 %, an INDH grant, an
  ADS grant and an honour loan for what they leave.
- The four Oran micro-enterprises: three-part plans approved in 2018–2019, tranches paid
  against equipment and vehicle invoices, schedules repaid since 2019 — two on time,
  Bahia Génie Civil late (it stopped paying some months ago), Ouest Hertz rescheduled in
  2020 when its work stopped during the lockdown (the first schedule kept).
- The Al Hoceima beekeeping cooperative founded in 2017: financed by the INDH and the
  ADS (grants), paid out against the invoices of its hives and its honey extractor.
- The caravan's dossiers headed for "financed", "company created" and "closed".

A dossier passes "company created" only when its enterprise is recorded: this demo takes
the dossiers to "financed" and lists those headed further in `context["awaiting_enterprise"]`
(key, dossier, target, actor, note, financed_on) for the enterprises demo, run next.

The dossiers and committees demos take the dossiers to "sent to financing" and list in
`context["awaiting_financing"]` those headed further; this demo also finds them by their
keys, so a load interrupted after the committees' step is finished by the next one.
Idempotent: formulas by code, plans by dossier, tranches and payments by client key,
schedules by line; nothing is recorded twice, and a decision already taken is kept."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from rowad.dossiers import demo as dossiers_demo
from rowad.dossiers.enums import DossierState as S
from rowad.dossiers.enums import FinancingKind as K
from rowad.dossiers.models import Dossier
from rowad.dossiers.services import set_dossier_state

from .enums import (
    GRANTED,
    DisbursementPurpose,
    Frequency,
    InterestBearer,
    LineDecision,
    PlanState,
    ScheduleState,
)
from .models import Disbursement, FinancingFormula, FinancingPlan, Payment, PlanLine, RepaymentSchedule
from .queries import lines_decided_by
from .services import (
    generate_schedule,
    propose_plan,
    record_decision,
    record_disbursement,
    record_payment,
    reschedule,
    save_formula,
    set_plan_lines,
    submit_plan,
)

NAMESPACE = uuid.UUID("9d3f2a61-7c4e-4b0a-8f15-2e6c1b7d9a43")
ZERO = Decimal("0.00")
D = datetime.date


def _key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


# --- Formulas --------------------------------------------------------------------------------

ICT_FORMULA = "ansej-tic-triangulaire"
HOCEIMA_FORMULA = "hoceima-indh-ads"


def _ict_formula(programme, orgs, actor) -> FinancingFormula:
    return _formula(
        programme,
        {
            "code": ICT_FORMULA,
            "name_ar": "التمويل الثلاثي للوكالة: مساهمة شخصية، قرض بدون فوائد، قرض بنكي مخفض الفوائد",
            "name_fr": "Financement triangulaire ANSEJ : apport personnel, prêt non rémunéré, crédit bancaire bonifié",
            "name_en": "ANSEJ three-part financing: own contribution, interest-free loan, subsidised bank loan",
            "currency": "DZD",
            "description": (
                "Le porteur apporte au moins 2 % de l'investissement; l'ANSEJ prête 28 % sans intérêt, "
                "remboursables sur 8 ans dont 3 ans de différé; la banque finance le reste (70 %) sur 5 ans "
                "dont 1 an de différé, les intérêts (5,5 %) étant pris en charge par le Trésor."
            ),
            "min_investment": None,
            "max_investment": Decimal("10000000.00"),
            "is_active": True,
        },
        [
            {"kind": K.PERSONAL_CONTRIBUTION, "share": Decimal("2")},
            {
                "kind": K.AGENCY_LOAN,
                "funder": orgs["ansej"],
                "share": Decimal("28"),
                "repaid": True,
                "term_months": 96,
                "grace_months": 36,
                "interest_rate": Decimal("0"),
                "interest_borne_by": InterestBearer.HOLDER,
                "frequency": Frequency.QUARTERLY,
            },
            {
                "kind": K.BANK_LOAN,
                "funder": orgs["badr"],
                "share": Decimal("70"),
                "is_remainder": True,
                "repaid": True,
                "term_months": 60,
                "grace_months": 12,
                "interest_rate": Decimal("5.5"),
                "interest_borne_by": InterestBearer.SUBSIDY,
                "frequency": Frequency.MONTHLY,
            },
        ],
        actor,
    )


def _hoceima_formula(programme, orgs, actor) -> FinancingFormula:
    return _formula(
        programme,
        {
            "code": HOCEIMA_FORMULA,
            "name_ar": "منحة المبادرة الوطنية للتنمية البشرية ومنحة وكالة التنمية الاجتماعية وقرض شرف",
            "name_fr": "Subventions INDH et ADS, prêt d'honneur",
            "name_en": "INDH and ADS grants, honour loan",
            "currency": "MAD",
            "description": (
                "Les membres apportent au moins 10 %; l'INDH subventionne jusqu'à 60 % (300 000 MAD au plus), "
                "l'ADS jusqu'à 30 % (100 000 MAD au plus); un prêt d'honneur sans intérêt couvre ce qui reste "
                "(50 000 MAD au plus), remboursable sur 5 ans dont 1 an de différé, par trimestre."
            ),
            "min_investment": None,
            "max_investment": Decimal("500000.00"),
            "is_active": True,
        },
        [
            {"kind": K.PERSONAL_CONTRIBUTION, "share": Decimal("10")},
            {"kind": K.GRANT, "funder": orgs["indh"], "share": Decimal("60"), "cap": Decimal("300000.00")},
            {"kind": K.GRANT, "funder": orgs["ads"], "share": Decimal("30"), "cap": Decimal("100000.00")},
            {
                "kind": K.HONOUR_LOAN,
                "share": Decimal("30"),
                "cap": Decimal("50000.00"),
                "is_remainder": True,
                "repaid": True,
                "term_months": 60,
                "grace_months": 12,
                "interest_rate": Decimal("0"),
                "interest_borne_by": InterestBearer.HOLDER,
                "frequency": Frequency.QUARTERLY,
            },
        ],
        actor,
    )


def _formula(programme, data: dict, parts: list[dict], actor) -> FinancingFormula:
    """A formula is created once; changed since by its officers, it is left as it is."""
    formula = FinancingFormula.objects.filter(code=data["code"]).first()
    if formula is None:
        formula = save_formula(None, programme=programme, data=data, parts=parts, actor=actor)
    return formula


# --- Invoices --------------------------------------------------------------------------------


def _pdf_text(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def invoice_pdf(lines: list[str]) -> bytes:
    """A one-page PDF invoice (Helvetica, WinAnsi: French text), valid enough for any reader."""
    content = b"BT /F1 11 Tf 56 780 Td 16 TL\n"
    for index, line in enumerate(lines):
        size = b"/F1 15 Tf " if index == 0 else (b"/F1 11 Tf " if index == 1 else b"")
        content += size + b"(" + _pdf_text(line) + b") Tj T*\n"
    content += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _amount_text(amount: Decimal, currency: str) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{' '.join(groups)},{cents} {currency}"


@dataclass
class Tranche:
    """One tranche paid on a line against a supplier's invoice."""

    kind: str  # the line's kind
    funder: str  # the line's funder key in context["orgs"] ("" for none)
    paid_on: datetime.date
    purpose: str
    supplier: str
    supplier_address: str
    invoice_number: str
    items: list[str]
    share: Decimal | None = None  # of the line's approved amount; None: what remains
    amount: Decimal | None = None  # a fixed amount instead


def _invoice(tranche: Tranche, amount: Decimal, currency: str, client: str) -> ContentFile:
    lines = [
        tranche.supplier,
        tranche.supplier_address,
        "",
        f"FACTURE N° {tranche.invoice_number} du {tranche.paid_on.strftime('%d/%m/%Y')}",
        f"Client : {client}",
        "",
        "Désignation",
        *(f"  - {item}" for item in tranche.items),
        "",
        f"Montant total TTC : {_amount_text(amount, currency)}",
        "Règlement par virement du bailleur, sur présentation de la présente facture.",
    ]
    slug = "".join(c if c.isalnum() else "-" for c in tranche.invoice_number).strip("-").lower()
    return ContentFile(invoice_pdf(lines), name=f"facture-{slug}.pdf")


# --- The stories -----------------------------------------------------------------------------


@dataclass
class Story:
    """How one dossier is financed: the funders' dates, the tranches, the schedules and how
    the holder repays (on time, late, rescheduled)."""

    submitted_on: datetime.date
    decided_on: dict[str, datetime.date]  # line kind or "kind:funder" -> decision date
    references: dict[str, str] = field(default_factory=dict)
    conditions: dict[str, str] = field(default_factory=dict)
    tranches: list[Tranche] = field(default_factory=list)
    first_due: dict[str, datetime.date] = field(default_factory=dict)  # line kind -> first due
    repayment: str = "on_time"  # on_time | late | rescheduled
    reschedule: dict[str, Any] = field(default_factory=dict)
    company_note: str = "Registre du commerce, NIF et affiliation CASNOS obtenus."


BANK_CONDITIONS = (
    "Nantissement du matériel au profit de la banque; assurance multirisque; adhésion au Fonds de caution "
    "mutuelle de garantie risques/crédits jeunes promoteurs."
)
ANSEJ_CONDITIONS = "Versé après constitution de l'apport personnel et accord de la banque."
# Late: the enterprise paid nothing that fell due in these last days.
LATE_FOR_DAYS = 200
RESCHEDULE_REASON = (
    "Chantiers d'Algérie Télécom suspendus pendant le confinement sanitaire (COVID-19, mars–juin 2020) : "
    "échéances de mai et juin impayées, report accordé par la banque sur demande de l'ANSEJ — six mois de "
    "différé, puis 78 mensualités."
)


def _oran_story(index: int) -> Story:
    """The four Oran micro-enterprises, a fortnight apart."""
    shift = datetime.timedelta(days=14 * index)
    month = [5, 6, 7, 5][index]  # first bank instalment (grace), 2019
    tranches = {
        0: [
            (
                K.AGENCY_LOAN,
                "SARL Optique Réseaux Ouest",
                "Zone d'activités d'Es Sénia, Oran",
                "F-2019-0118",
                DisbursementPurpose.EQUIPMENT,
                ["Soudeuse de fibre optique à alignement par le coeur", "Réflectomètre OTDR 1310/1550 nm"],
            ),
            (
                K.BANK_LOAN,
                "EURL Télécom Équipement Algérie",
                "Rue des Frères Bouadou, Bir Mourad Raïs, Alger",
                "FA/2019/0342",
                DisbursementPurpose.EQUIPMENT,
                ["Cliveuses et photomètres optiques", "Valises de raccordement FTTH", "Nacelle légère"],
            ),
            (
                K.BANK_LOAN,
                "SARL Oran Utilitaires",
                "Boulevard de l'ALN, Oran",
                "BL-2019-0077",
                DisbursementPurpose.VEHICLE,
                ["Véhicule utilitaire léger aménagé (atelier fibre)"],
            ),
        ],
        1: [
            (
                K.AGENCY_LOAN,
                "SARL Optique Réseaux Ouest",
                "Zone d'activités d'Es Sénia, Oran",
                "F-2019-0131",
                DisbursementPurpose.EQUIPMENT,
                ["Soudeuse de fibre optique", "Localisateur visuel de défauts", "Jeu d'outils de dénudage"],
            ),
            (
                K.BANK_LOAN,
                "EURL Télécom Équipement Algérie",
                "Rue des Frères Bouadou, Bir Mourad Raïs, Alger",
                "FA/2019/0377",
                DisbursementPurpose.EQUIPMENT,
                ["Réflectomètre OTDR de maintenance", "Groupe électrogène 5 kVA", "Tente de raccordement"],
            ),
            (
                K.BANK_LOAN,
                "SARL Oran Utilitaires",
                "Boulevard de l'ALN, Oran",
                "BL-2019-0091",
                DisbursementPurpose.VEHICLE,
                ["Fourgonnette utilitaire"],
            ),
        ],
        2: [
            (
                K.AGENCY_LOAN,
                "EURL Bahia Matériel BTP",
                "Route de Mostaganem, Bir El Djir, Oran",
                "F-2019-0205",
                DisbursementPurpose.EQUIPMENT,
                ["Trancheuse à disque", "Plaque vibrante", "Groupe électrogène 10 kVA"],
            ),
            (
                K.BANK_LOAN,
                "SARL Engins de l'Ouest",
                "Zone industrielle d'Es Sénia, Oran",
                "FE-2019-0064",
                DisbursementPurpose.EQUIPMENT,
                ["Mini-pelle sur chenilles 1,8 t", "Godets 300 et 400 mm"],
            ),
            (
                K.BANK_LOAN,
                "SARL Oran Utilitaires",
                "Boulevard de l'ALN, Oran",
                "BL-2019-0102",
                DisbursementPurpose.VEHICLE,
                ["Camion benne 3,5 t"],
            ),
        ],
        3: [
            (
                K.AGENCY_LOAN,
                "EURL Hauteur Sécurité Ouest",
                "Cité Djamel, Oran",
                "F-2019-0166",
                DisbursementPurpose.EQUIPMENT,
                ["Harnais, longes et antichutes (6 postes)", "Trousse de secours et casques"],
            ),
            (
                K.BANK_LOAN,
                "SARL Hertz Instruments",
                "Rue Didouche Mourad, Alger",
                "HI-2019-0048",
                DisbursementPurpose.EQUIPMENT,
                ["Analyseur de spectre portable", "Analyseur de câbles et d'antennes", "Kits d'alignement"],
            ),
            (
                K.BANK_LOAN,
                "SARL Oran Utilitaires",
                "Boulevard de l'ALN, Oran",
                "BL-2019-0118",
                DisbursementPurpose.VEHICLE,
                ["Pick-up 4x4 double cabine"],
            ),
        ],
    }[index]
    paid = [D(2019, 2, 10) + shift, D(2019, 2, 24) + shift, D(2019, 4, 7) + shift]
    shares = [None, Decimal("0.55"), None]
    return Story(
        submitted_on=D(2018, 10, 15) + shift,
        decided_on={
            K.PERSONAL_CONTRIBUTION: D(2018, 10, 22) + shift,
            K.AGENCY_LOAN: D(2018, 11, 12) + shift,
            K.BANK_LOAN: D(2019, 1, 20) + shift,
        },
        references={
            K.AGENCY_LOAN: f"ANSEJ/31/PNR/2018/{412 + index:04d}",
            K.BANK_LOAN: f"BADR/ORAN/CRD/2019/{87 + index:04d}",
        },
        conditions={K.AGENCY_LOAN: ANSEJ_CONDITIONS, K.BANK_LOAN: BANK_CONDITIONS},
        tranches=[
            Tranche(kind, "", paid_on, purpose, supplier, address, number, items, share=share)
            for (kind, supplier, address, number, purpose, items), paid_on, share in zip(
                tranches, paid, shares, strict=True
            )
        ],
        first_due={
            K.BANK_LOAN: _month_end(2019, month),
            K.AGENCY_LOAN: _month_end(2019, 5 + index),
        },
        repayment={2: "late", 3: "rescheduled"}.get(index, "on_time"),
        reschedule={
            "kind": K.BANK_LOAN,
            "on": D(2020, 7, 15),
            "first_due": D(2020, 9, 30),
            "term_months": 84,
            "grace_months": 6,
            "reason": RESCHEDULE_REASON,
        }
        if index == 3
        else {},
    )


def _month_end(year: int, month: int) -> datetime.date:
    following = D(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


HOCEIMA_STORY = Story(
    submitted_on=D(2017, 3, 20),
    decided_on={
        K.PERSONAL_CONTRIBUTION: D(2017, 3, 27),
        f"{K.GRANT}:indh": D(2017, 4, 18),
        f"{K.GRANT}:ads": D(2017, 5, 2),
    },
    references={f"{K.GRANT}:indh": "CPDH-AH/2017/031", f"{K.GRANT}:ads": "ADS/CP-AH/CONV/2017/12"},
    conditions={
        f"{K.GRANT}:indh": "Convention de partenariat avec la coopérative; suivi par la Division de l'action "
        "sociale de la province.",
        f"{K.GRANT}:ads": "Dépenses justifiées par factures; visite de l'ouvrage avant le dernier versement.",
    },
    tranches=[
        Tranche(
            K.GRANT,
            "indh",
            D(2017, 5, 15),
            DisbursementPurpose.EQUIPMENT,
            "Rucher Tizi — élevage d'essaims",
            "Douar Tizi, Targuist, province d'Al Hoceima",
            "F-17/045",
            ["60 ruches Langstroth peuplées (essaims de l'abeille saharienne et tellienne)"],
            amount=Decimal("90000.00"),
        ),
        Tranche(
            K.GRANT,
            "indh",
            D(2017, 6, 5),
            DisbursementPurpose.EQUIPMENT,
            "Apiculture du Nord SARL",
            "Avenue Mohammed V, Tétouan",
            "FA-2017-0211",
            ["Hausses et cadres", "Cire gaufrée", "Enfumoirs, lève-cadres et combinaisons"],
        ),
        Tranche(
            K.GRANT,
            "ads",
            D(2017, 6, 20),
            DisbursementPurpose.EQUIPMENT,
            "Apiculture du Nord SARL",
            "Avenue Mohammed V, Tétouan",
            "FA-2017-0263",
            ["Extracteur de miel radiaire inox 9 cadres", "Deux maturateurs 200 kg", "Bac à désoperculer"],
            amount=Decimal("42000.00"),
        ),
        Tranche(
            K.GRANT,
            "ads",
            D(2017, 7, 10),
            DisbursementPurpose.PREMISES,
            "Entreprise Amrani Bâtiment",
            "Quartier Administratif, Imzouren",
            "F-2017-088",
            ["Aménagement de la miellerie : carrelage, évier inox, moustiquaires"],
        ),
    ],
    company_note="Coopérative immatriculée (ODCo) et inscrite au registre des coopératives.",
)


def _caravan_story(index: int) -> Story:
    shift = datetime.timedelta(days=7 * index)
    return Story(
        submitted_on=D(2018, 10, 22) + shift,
        decided_on={
            K.PERSONAL_CONTRIBUTION: D(2018, 10, 29) + shift,
            K.AGENCY_LOAN: D(2018, 11, 26) + shift,
            K.BANK_LOAN: D(2019, 2, 4) + shift,
        },
        references={K.BANK_LOAN: f"BADR/CRD/2019/{310 + index:04d}"},
        conditions={K.AGENCY_LOAN: ANSEJ_CONDITIONS, K.BANK_LOAN: BANK_CONDITIONS},
    )


# --- Carrying a dossier through its financing ------------------------------------------------


def _line_key(line: PlanLine, orgs: dict) -> list[str]:
    """The story's keys for a line: "kind:funder key", then "kind"."""
    keys = []
    if line.funder_id:
        for name, org in orgs.items():
            if org.pk == line.funder_id:
                keys.append(f"{line.kind}:{name}")
    return [*keys, line.kind]


def _pick(mapping: dict, line: PlanLine, orgs: dict, default: Any = None) -> Any:
    for key in _line_key(line, orgs):
        if key in mapping:
            return mapping[key]
    return default


def _may_decide(user, line: PlanLine) -> bool:
    return user is not None and lines_decided_by(user).filter(pk=line.pk).exists()


def _decider(line: PlanLine, officer, users: dict, orgs: dict):
    """Who records a funder's decision: the funder's own officer when their scope reaches the
    line (the bank's Oran agency, the INDH), otherwise the agency officer from the letter."""
    for username, org_key in (("funder.badr", "badr"), ("funder", "indh")):
        if org_key in orgs and line.funder_id == orgs[org_key].pk and _may_decide(users.get(username), line):
            return users[username]
    return officer


def _plan(dossier: Dossier, formula: FinancingFormula, officer, story: Story, users, orgs) -> FinancingPlan:
    """Propose the plan from the formula, submit it, and record each funder's approval."""
    plan = FinancingPlan.objects.filter(dossier=dossier).first()
    if plan is None or plan.state in (PlanState.DRAFT, PlanState.REVISION):
        if plan is None or not plan.lines.exists():
            plan = propose_plan(dossier, actor=officer, formula=formula)
        plan = _match_dossier(plan, dossier, officer)
        plan = submit_plan(plan, submitted_on=story.submitted_on, actor=officer)
    for line in PlanLine.objects.filter(plan=plan).order_by("position", "id"):
        if line.decision in GRANTED:
            continue
        decided_on = _pick(story.decided_on, line, orgs, default=story.submitted_on)
        record_decision(
            line,
            decision=LineDecision.APPROVED,
            decided_on=decided_on,
            actor=_decider(line, officer, users, orgs),
            conditions=_pick(story.conditions, line, orgs, default=""),
            reference=_pick(story.references, line, orgs, default=""),
        )
    return FinancingPlan.objects.get(pk=plan.pk)


def _match_dossier(plan: FinancingPlan, dossier: Dossier, officer) -> FinancingPlan:
    """The committee approved the dossier's own financing lines: when the formula's
    proposal differs (another rounding, a part it leaves empty), the officer sets the
    plan's lines to them, each difference explained."""
    wanted = [w for w in dossier.financing_lines.order_by("position", "id") if w.amount > 0]
    lines = list(plan.lines.order_by("position", "id"))
    unmatched = list(lines)
    for w in wanted:
        same = next(
            (
                line
                for line in unmatched
                if line.kind == w.kind
                and line.amount == Decimal(w.amount)
                and (w.funder_id is None or line.funder_id == w.funder_id)
            ),
            None,
        )
        if same is None:
            break
        unmatched.remove(same)
    else:
        if not unmatched:
            return plan
    if not wanted:
        return plan
    parts = list(plan.formula.parts.all())
    rows = []
    for w in wanted:
        part = next(
            (
                p
                for p in parts
                if p.kind == w.kind and (p.funder_id in (None, w.funder_id) or w.funder_id is None)
            ),
            None,
        )
        funder = w.funder if w.funder_id else (part.funder if part else None)
        proposed = next((line.amount for line in lines if part is not None and line.part_id == part.pk), None)
        rows.append(
            {
                "part": part.pk if part else None,
                "kind": w.kind,
                "funder": funder,
                "amount": Decimal(w.amount),
                "deviation": ""
                if proposed == Decimal(w.amount)
                else "Montant retenu par le comité au vu des factures pro forma.",
                **(
                    {
                        name: getattr(part, name)
                        for name in (
                            "repaid",
                            "term_months",
                            "grace_months",
                            "interest_rate",
                            "interest_borne_by",
                            "frequency",
                        )
                    }
                    if part
                    else {}
                ),
            }
        )
    return set_plan_lines(plan, lines=rows, actor=officer)


def _line(plan: FinancingPlan, kind: str, funder_key: str, orgs: dict) -> PlanLine | None:
    lines = PlanLine.objects.filter(plan=plan, kind=kind)
    if funder_key:
        lines = lines.filter(funder=orgs[funder_key])
    return lines.order_by("position", "id").first()


def _disburse(dossier: Dossier, plan: FinancingPlan, story: Story, key: str, officer, users, orgs) -> None:
    """The tranches, each against its invoice; a line's last tranche takes what remains."""
    for number, tranche in enumerate(story.tranches, start=1):
        client_uuid = _key(key, "tranche", number)
        if Disbursement.objects.filter(client_uuid=client_uuid).exists():
            continue
        line = _line(plan, tranche.kind, tranche.funder, orgs)
        if line is None or line.approved_amount is None:
            continue
        remaining = line.approved_amount - line.disbursed_amount
        if tranche.amount is not None:
            amount = min(tranche.amount, remaining)
        elif tranche.share is not None:
            amount = min((line.approved_amount * tranche.share).quantize(Decimal("1000")), remaining)
        else:
            amount = remaining
        if amount <= ZERO:
            continue
        record_disbursement(
            line,
            amount=amount,
            paid_on=tranche.paid_on,
            purpose=tranche.purpose,
            actor=officer,
            supplier=f"{tranche.supplier}, {tranche.supplier_address}"[:200],
            invoice_number=tranche.invoice_number,
            invoice=_invoice(tranche, amount, plan.currency, dossier.title.split(" / ")[0]),
            paid_by=line.funder,
            client_uuid=client_uuid,
        )


def _collector(line: PlanLine, officer, users: dict, orgs: dict):
    """Who records the repayments: the bank's agency for its loan, the agency for its own."""
    user = users.get("funder.badr")
    if "badr" in orgs and line.funder_id == orgs["badr"].pk and _may_decide(user, line):
        return user
    return officer


def _pay(schedule: RepaymentSchedule, *, until: datetime.date, key: str, actor) -> None:
    """Pay every instalment that fell due by `until`, each on its due date, in full (the
    oldest first, as the payment service allocates them)."""
    schedule.refresh_from_db()
    for instalment in schedule.instalments.filter(due_on__lte=until).order_by("number"):
        if schedule.state != ScheduleState.ACTIVE:
            break
        owed = (
            instalment.principal + instalment.interest - instalment.paid_principal - instalment.paid_interest
        )
        if owed <= ZERO:
            continue
        client_uuid = _key(key, "payment", schedule.line.kind, schedule.number, instalment.number)
        if Payment.objects.filter(client_uuid=client_uuid).exists():
            continue
        record_payment(
            schedule,
            amount=owed,
            currency=schedule.currency,
            paid_on=instalment.due_on,
            actor=actor,
            reference=f"ECH-{schedule.number}-{instalment.number:03d}",
            client_uuid=client_uuid,
        )
        schedule.refresh_from_db()


def _repay(plan: FinancingPlan, story: Story, key: str, officer, users, orgs) -> None:
    """Schedules of the repaid lines (on what was lent), then the holder's payments: on time
    up to today; late (nothing paid in the last LATE_FOR_DAYS days); or missed during the
    lockdown, rescheduled, and repaid on time since."""
    today = timezone.localdate()
    for line in PlanLine.objects.filter(plan=plan, repaid=True).order_by("position", "id"):
        first_due = story.first_due.get(line.kind)
        if first_due is None or line.decision not in GRANTED:
            continue
        actor = _collector(line, officer, users, orgs)
        schedules = RepaymentSchedule.objects.filter(line=line)
        if not schedules.exists():
            generate_schedule(line, first_due=first_due, actor=officer)
        first = schedules.order_by("number").first()
        until = today
        if story.repayment == "late":
            until = today - datetime.timedelta(days=LATE_FOR_DAYS)
        plan_b = story.reschedule if story.reschedule.get("kind") == line.kind else None
        if plan_b:
            # Paid what fell due before the work stopped, then the rescheduling.
            _pay(first, until=plan_b["on"] - datetime.timedelta(days=90), key=key, actor=actor)
            if not schedules.filter(number__gt=first.number).exists():
                first.refresh_from_db()
                if first.state == ScheduleState.ACTIVE:
                    reschedule(
                        first,
                        first_due=plan_b["first_due"],
                        reason=plan_b["reason"],
                        actor=officer,
                        term_months=plan_b["term_months"],
                        grace_months=plan_b["grace_months"],
                    )
        current = schedules.order_by("-number").first()
        _pay(current, until=until, key=key, actor=actor)


def _walk(dossier: Dossier, target: str, *, actor) -> Dossier:
    """Along the main path from where the dossier stands to `target`, at most "financed"
    (nothing if already there or beyond)."""
    path = dossiers_demo.MAIN_PATH
    if dossier.state not in path or target not in path:
        return dossier
    for state in path[path.index(dossier.state) + 1 : path.index(target) + 1]:
        dossier = set_dossier_state(dossier, state, actor=actor, note="")
    return dossier


def _finance(row: dict, *, formula, story: Story, users: dict, orgs: dict, context: dict) -> None:
    dossier, target, officer, key = row["dossier"], row["target"], row["actor"], row["key"]
    dossier = Dossier.objects.get(pk=dossier.pk)
    path = dossiers_demo.MAIN_PATH
    if dossier.state not in path or path.index(dossier.state) < path.index(S.TO_FINANCING):
        return
    plan = _plan(dossier, formula, officer, story, users, orgs)
    if plan.state != PlanState.APPROVED:
        return
    dossier = _walk(dossier, min(target, S.FINANCED, key=path.index), actor=officer)
    _disburse(dossier, plan, story, key, officer, users, orgs)
    _repay(plan, story, key, officer, users, orgs)
    if dossier.state == S.FINANCED and path.index(target) > path.index(S.FINANCED):
        # "Company created" is the enterprise's recording (enterprises.services.create_enterprise):
        # the enterprises demo, run next, takes these dossiers on.
        context.setdefault("awaiting_enterprise", []).append(
            {
                "key": key,
                "dossier": dossier,
                "target": target,
                "actor": officer,
                "note": story.company_note,
                # Its last tranche paid out, or its last funder's decision (no tranche yet).
                "financed_on": max([t.paid_on for t in story.tranches] + list(story.decided_on.values())),
            }
        )


# The dossiers this demo finances: key in the dossiers demo -> state they are headed for.
ORAN_KEYS = [f"oran-company-{index}" for index in range(len(dossiers_demo.ORAN_COMPANIES))]
CARAVAN_TARGETS = [S.FINANCED, S.COMPANY_CREATED, S.CLOSED]


def _handed_over(context: dict) -> dict[str, dict]:
    """The dossiers the committees demo sent to financing, and those an earlier load left
    there (found by their keys)."""
    users, orgs = context["users"], context["orgs"]
    rows = {row["key"]: row for row in context.pop("awaiting_financing", []) if row.get("key")}
    wanted = {key: S.COMPANY_CREATED for key in ORAN_KEYS}
    wanted.update({f"caravan-{state}": state for state in CARAVAN_TARGETS})
    wanted[dossiers_demo.HOCEIMA_COOPERATIVE_KEY] = S.COMPANY_CREATED
    for key, target in wanted.items():
        if key in rows:
            continue
        dossier = dossiers_demo.demo_dossier(key)
        if dossier is None:
            continue
        hoceima = context.get("programmes", {}).get("hoceima")
        if hoceima is not None and dossier.programme_id == hoceima.pk:
            actor = users.get("officer.hoceima") or users["admin"]
        elif "ansej_oran" in orgs and dossier.organization_id == orgs["ansej_oran"].pk:
            actor = users["officer"]
        else:
            actor = users["admin"]
        rows[key] = {"key": key, "dossier": dossier, "target": target, "actor": actor}
    return rows


def load(context: dict) -> None:
    orgs, users, programmes = context.get("orgs", {}), context.get("users", {}), context.get("programmes", {})
    if not {"ansej", "badr", "indh", "ads"} <= set(orgs) or "ict" not in programmes or "admin" not in users:
        return
    ict = _ict_formula(programmes["ict"], orgs, users["admin"])
    hoceima = None
    if "hoceima" in programmes and users.get("officer.hoceima") is not None:
        hoceima = _hoceima_formula(programmes["hoceima"], orgs, users["officer.hoceima"])
    rows = _handed_over(context)
    for index, key in enumerate(ORAN_KEYS):
        if key in rows:
            _finance(
                rows[key], formula=ict, story=_oran_story(index), users=users, orgs=orgs, context=context
            )
    for index, state in enumerate(CARAVAN_TARGETS):
        key = f"caravan-{state}"
        if key in rows:
            _finance(
                rows[key], formula=ict, story=_caravan_story(index), users=users, orgs=orgs, context=context
            )
    key = dossiers_demo.HOCEIMA_COOPERATIVE_KEY
    if hoceima is not None and key in rows:
        _finance(rows[key], formula=hoceima, story=HOCEIMA_STORY, users=users, orgs=orgs, context=context)
