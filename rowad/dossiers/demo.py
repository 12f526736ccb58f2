"""Demo dossiers of the two stories: the Al Hoceima ideas sent back to be deepened, the
caravan's dossiers spread over every state, and the four Oran micro-enterprises approved
and created. Idempotent: each dossier is keyed by a fixed client UUID.

The Al Hoceima beekeeping cooperative founded in 2017 (the "Bennoudi" cooperative whose
manager testified at the 2019 meeting) has its dossier too, approved in 2017 and created.

A decision is the committee's: this demo takes each dossier up to "ready for committee"
and lists in `context["pending_decisions"]` the decision it waits for; the committees
demo (run next) decides them in sessions (attendance, votes, announcement, letters) and
then calls `finish` to take the approved ones on, at most to "sent to financing". Passing
"financed" needs every line of the financing plan approved by its funder: `finish` lists
the dossiers headed further in `context["awaiting_financing"]`, and the financing demo
takes them on (plan, funder decisions, tranches) to their state."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.files.base import ContentFile

from rowad.people.models import Person

from . import services, specifications
from . import study as dossier_study
from .enums import DossierState as S
from .enums import FinancingKind, LegalForm, SpecificationKind, StudyResult
from .models import Dossier, Specification

NAMESPACE = uuid.UUID("5b0c4a52-8d7e-4b8e-9a51-6f1d2c3b4a10")
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The main path; other states branch off it (see workflow.TRANSITIONS).
MAIN_PATH = [
    S.SUBMITTED,
    S.ELIGIBILITY_CHECKED,
    S.UNDER_STUDY,
    S.READY_FOR_COMMITTEE,
    S.APPROVED,
    S.TO_FINANCING,
    S.FINANCED,
    S.COMPANY_CREATED,
    S.CLOSED,
]
BRANCHES = {
    S.TO_REVISE: (S.UNDER_STUDY, "Préciser la liste du matériel et joindre les factures pro forma."),
    S.REJECTED: (S.READY_FOR_COMMITTEE, "Le marché local est déjà couvert par trois entreprises."),
    S.DEFERRED: (S.READY_FOR_COMMITTEE, "À revoir à la prochaine session, après la visite du local."),
    S.WITHDRAWN: (S.SUBMITTED, "Le porteur a trouvé un emploi salarié."),
}

SPECIFICATIONS = {
    "fiber-optics": (
        "دفتر الشروط المهنية — الألياف البصرية",
        "Cahier des charges — fibre optique",
        [
            (
                SpecificationKind.DIPLOMA,
                "شهادة تقني في الاتصالات أو ما يعادلها",
                "Diplôme de technicien en télécommunications ou équivalent",
            ),
            (
                SpecificationKind.EQUIPMENT,
                "آلة لحام الألياف وجهاز قياس الانعكاس OTDR",
                "Soudeuse de fibre et réflectomètre (OTDR)",
            ),
            (SpecificationKind.STAFF, "عاملان مؤهلان على الأقل", "Au moins deux ouvriers qualifiés"),
            (
                SpecificationKind.CERTIFICATION,
                "شهادة التكوين لدى المتعامل (45 يوما)",
                "Attestation de la formation de l'opérateur (45 jours)",
            ),
        ],
    ),
    "radio-network": (
        "دفتر الشروط المهنية — الشبكات الهرتزية",
        "Cahier des charges — réseaux hertziens",
        [
            (
                SpecificationKind.DIPLOMA,
                "شهادة في الإلكترونيك أو الاتصالات",
                "Diplôme en électronique ou télécommunications",
            ),
            (SpecificationKind.EQUIPMENT, "معدات العمل في المرتفعات", "Équipement de travail en hauteur"),
            (
                SpecificationKind.CERTIFICATION,
                "شهادة السلامة للعمل على الأبراج",
                "Habilitation au travail sur pylônes",
            ),
        ],
    ),
    "civil-works": (
        "دفتر الشروط المهنية — أشغال القنوات والحفر",
        "Cahier des charges — génie civil",
        [
            (SpecificationKind.EQUIPMENT, "آلة حفر صغيرة أو عقد كراء", "Mini-pelle ou contrat de location"),
            (SpecificationKind.STAFF, "ثلاثة عمال على الأقل", "Au moins trois ouvriers"),
            (
                SpecificationKind.EXPERIENCE,
                "خبرة سنة في أشغال الطرق",
                "Un an d'expérience en travaux publics",
                False,
            ),
        ],
    ),
}

CARAVAN_TITLES = [
    ("fiber-optics", "Pose et raccordement de fibre optique"),
    ("radio-network", "Installation d'antennes et de faisceaux hertziens"),
    ("civil-works", "Creusement de tranchées et pose de fourreaux"),
]
ORAN_COMPANIES = [
    ("fiber-optics", "Fibre Kahina SARL — raccordement FTTH"),
    ("fiber-optics", "Oran Fibre Services — maintenance du réseau"),
    ("civil-works", "Bahia Génie Civil — fourreaux et chambres"),
    ("radio-network", "Ouest Hertz — installation de stations radio"),
]
HOCEIMA_IDEAS = [
    (
        LegalForm.COOPERATIVE,
        "beekeeping",
        "تعاونية لتربية النحل بجبال الريف",
        "Coopérative apicole dans les montagnes du Rif",
        5,
    ),
    (
        LegalForm.SOLE_PROPRIETORSHIP,
        "agri-food",
        "وحدة لتجفيف التين وتعبئته",
        "Séchage et conditionnement de figues",
        1,
    ),
    (
        LegalForm.COOPERATIVE,
        "agri-food",
        "تعاونية نسائية لإنتاج الكسكس",
        "Coopérative féminine de couscous artisanal",
        6,
    ),
    (
        LegalForm.SOLE_PROPRIETORSHIP,
        "services",
        "ورشة لإصلاح قوارب الصيد التقليدي",
        "Atelier de réparation de barques de pêche",
        1,
    ),
    (
        LegalForm.AUTO_ENTREPRENEUR,
        "services",
        "خدمات الإرشاد السياحي بالحسيمة",
        "Guide touristique à Al Hoceima",
        1,
    ),
]
HOCEIMA_REVISION = (
    "Approfondir l'idée avant de la présenter aux instances : étude de marché, coût du matériel, "
    "partenaires (ODCo pour la coopérative, ADS et INDH pour le financement)."
)


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


def demo_dossier(key: str) -> Dossier | None:
    """The demo dossier created under `key` (e.g. "oran-company-0"), if loaded."""
    return Dossier.objects.filter(client_uuid=_key(key)).first()


def _specifications(programme, sponsor, specialties, *, actor) -> None:
    """The operator writes its three specifications as a sponsor officer would, through the
    specifications service (history and audit); a specification already written (and
    perhaps changed since by the sponsor) is left as it is."""
    for code, (name_ar, name_fr, items) in SPECIFICATIONS.items():
        if Specification.objects.filter(
            programme=programme, specialty=specialties[code], is_current=True
        ).exists():
            continue
        rows = []
        for position, item in enumerate(items, start=1):
            kind, label_ar, label_fr, *rest = item
            rows.append(
                {
                    "kind": kind,
                    "label_ar": label_ar,
                    "label_fr": label_fr,
                    "is_mandatory": rest[0] if rest else True,
                    "position": position,
                }
            )
        specifications.create_specification(
            programme,
            data={
                "name_ar": name_ar,
                "name_fr": name_fr,
                "name_en": name_fr,
                "specialty": specialties[code],
                "sponsor": sponsor,
            },
            items=rows,
            actor=actor,
        )


def _people(country: str, province, count: int, used: set[int], programme=None) -> list[Person]:
    people = Person.objects.filter(
        country=country, province=province, merged_into__isnull=True, erased_at__isnull=True
    )
    if programme is not None:
        # Holders who meet the programme's rules, as the agency's study would retain.
        from datetime import date

        from rowad.core.enums import EDUCATION_RANK

        today = date.today()
        if programme.max_age:
            people = people.filter(birth_date__gt=date(today.year - programme.max_age - 1, today.month, 1))
        if programme.min_age:
            people = people.filter(birth_date__lt=date(today.year - programme.min_age, today.month, 1))
        if programme.requires_unemployed:
            people = people.filter(employment_status="unemployed")
        if programme.min_education:
            rank = EDUCATION_RANK[programme.min_education]
            people = people.filter(education_level__in=[k for k, v in EDUCATION_RANK.items() if v >= rank])
    found = list(people.exclude(pk__in=used).exclude(dossier_links__isnull=False).order_by("id")[:count])
    used.update(p.pk for p in found)
    return found


def _stop_in(province):
    from rowad.outreach.models import Stop

    return Stop.objects.filter(province=province).order_by("starts_on").first()


APPROVED_REASONS = "Projet conforme au cahier des charges d'Algérie Télécom; plan de financement équilibré."
# The last state this demo and the committees demo take a dossier to; the financing demo
# takes the dossiers headed further (financed, company created, closed) on from there.
LAST_STATE_BEFORE_FUNDING = S.TO_FINANCING


def decision_for(target: str) -> tuple[str, str] | None:
    """The committee decision (state, reasons) a dossier headed for `target` waits for."""
    if target in (S.REJECTED, S.DEFERRED):
        return target, BRANCHES[target][1]
    if target in MAIN_PATH and MAIN_PATH.index(target) >= MAIN_PATH.index(S.APPROVED):
        return S.APPROVED, APPROVED_REASONS
    return None


def needs_financing(target: str) -> bool:
    """Whether a dossier headed for `target` must pass "financed" (its funders' decisions)."""
    return target in MAIN_PATH and MAIN_PATH.index(target) > MAIN_PATH.index(LAST_STATE_BEFORE_FUNDING)


def finish(dossier: Dossier, target: str, *, actor, context: dict | None = None, key: str = "") -> Dossier:
    """After the committee's decision: take the dossier on along the main path, at most to
    "sent to financing". A dossier headed further is listed in
    `context["awaiting_financing"]` (key, dossier, target, actor) for the financing demo."""
    stop_at = LAST_STATE_BEFORE_FUNDING if needs_financing(target) else target
    for state in MAIN_PATH[MAIN_PATH.index(S.APPROVED) + 1 :]:
        if dossier.state == stop_at:
            break
        dossier = services.set_dossier_state(dossier, state, actor=actor, note="Démo")
    if needs_financing(target) and dossier.state == LAST_STATE_BEFORE_FUNDING and context is not None:
        context.setdefault("awaiting_financing", []).append(
            {"key": key, "dossier": dossier, "target": target, "actor": actor}
        )
    return dossier


def _walk(dossier: Dossier, target: str, *, actor) -> Dossier:
    """Take a fresh dossier towards `target` through the real transitions, stopping at
    "ready for committee" when a committee decision stands in the way."""
    if target == S.IDEA:
        return dossier
    branch = BRANCHES.get(target)
    stop_at = branch[0] if branch else target
    if decision_for(target) is not None:
        stop_at = S.READY_FOR_COMMITTEE
    for state in MAIN_PATH:
        if dossier.state == stop_at:
            break
        if state == S.UNDER_STUDY:
            for doc_type in dossier.programme.required_documents.all():
                services.upload_document(
                    dossier,
                    document_type=doc_type,
                    file=ContentFile(DEMO_PDF, name=f"{doc_type.code}.pdf"),
                    actor=actor,
                )
        if state == S.READY_FOR_COMMITTEE:
            study = dossier_study.start_study(dossier, actor=actor)
            checks = {c.item_id: ("met", "Vérifié sur pièces") for c in study.checks.all()}
            dossier_study.record_study(
                dossier,
                checks=checks,
                result=StudyResult.FAVOURABLE,
                opinion="Projet cohérent avec le cahier des charges; porteur motivé.",
                actor=actor,
            )
        dossier = services.set_dossier_state(dossier, state, actor=actor, note="Démo")
    if branch and stop_at != S.READY_FOR_COMMITTEE:
        dossier = services.set_dossier_state(dossier, target, actor=actor, note=branch[1])
    return dossier


def _ict_financing(amount: Decimal, agency) -> list[dict]:
    personal = (amount * Decimal("0.02")).quantize(Decimal("1"))
    loan = (amount * Decimal("0.28")).quantize(Decimal("1"))
    return [
        {"kind": FinancingKind.PERSONAL_CONTRIBUTION, "amount": personal},
        {"kind": FinancingKind.AGENCY_LOAN, "amount": loan, "funder": agency},
        {"kind": FinancingKind.BANK_LOAN, "amount": amount - personal - loan},
    ]


def _make(
    key: str, *, context, holders, programme, actor, target, reasons: str = "", **fields
) -> Dossier | None:
    client_uuid = _key(key)
    dossier = Dossier.objects.filter(client_uuid=client_uuid).first()
    if dossier is None:
        if not holders:
            return None
        dossier = services.create_dossier(
            holders=holders, programme=programme, actor=actor, client_uuid=client_uuid, **fields
        )
        dossier = _walk(dossier, target, actor=actor)
    decision = decision_for(target)
    if decision is not None and dossier.state == S.READY_FOR_COMMITTEE:
        context.setdefault("pending_decisions", []).append(
            {
                "key": key,
                "dossier": dossier,
                "decision": decision[0],
                "reasons": reasons or decision[1],
                "target": target,
                "actor": actor,
            }
        )
    return dossier


def load(context: dict) -> None:
    from rowad.core.models import Province

    orgs, users = context["orgs"], context["users"]
    programmes, specialties = context["programmes"], context["specialties"]
    ict, hoceima_programme = programmes["ict"], programmes["hoceima"]
    admin = users["admin"]
    _specifications(ict, orgs["telecom"], specialties, actor=users.get("sponsor") or admin)
    used: set[int] = set()
    if context.get("holder_person") is not None:
        used.add(context["holder_person"].pk)  # keeps a dossier of her own, below

    # The four Oran micro-enterprises: approved by the committee, companies created.
    oran = Province.objects.get(country_id="DZ", code="31")
    oran_people = _people("DZ", oran, len(ORAN_COMPANIES), used, ict)
    for index, (code, title) in enumerate(ORAN_COMPANIES):
        amount = Decimal(4_500_000 + index * 500_000)
        _make(
            f"oran-company-{index}",
            holders=oran_people[index : index + 1],
            programme=ict,
            context=context,
            actor=users["officer"],
            target=S.COMPANY_CREATED,
            title=title,
            idea="Micro-entreprise issue des journées portes ouvertes d'Oran, sous-traitante de la direction "
            "opérationnelle d'Algérie Télécom (installation et maintenance du réseau).",
            specialty=specialties[code],
            sector="telecom",
            legal_form=LegalForm.COMPANY if index % 2 else LegalForm.SOLE_PROPRIETORSHIP,
            province=oran,
            investment=amount,
            organization=orgs["ansej_oran"],
            financing=_ict_financing(amount, orgs["ansej"]),
            met_at_stop=_stop_in(oran),
        )

    # The caravan: dossiers spread across every state, over phase-1 wilayas.
    codes = context.get("phase1_wilaya_codes") or ["31"]
    states = list(S.values)
    for index, state in enumerate(states):
        if Dossier.objects.filter(client_uuid=_key(f"caravan-{state}")).exists():
            continue
        # The first wilaya of phase 1, from this state's turn on, where an eligible
        # registered young person lives.
        province, holders = None, []
        for shift in range(len(codes)):
            candidate = Province.objects.get(country_id="DZ", code=codes[(index + shift) % len(codes)])
            holders = _people("DZ", candidate, 1, used, ict)
            if holders:
                province = candidate
                break
        if province is None:
            continue
        if province.pk == oran.pk:
            actor, agency = users["officer"], orgs["ansej_oran"]
        else:
            actor, agency = admin, orgs["ansej"]
        code, title = CARAVAN_TITLES[index % len(CARAVAN_TITLES)]
        amount = Decimal(2_000_000 + index * 250_000)
        _make(
            f"caravan-{state}",
            holders=holders,
            programme=ict,
            context=context,
            actor=actor,
            target=state,
            title=f"{title} — {province.name_fr}",
            idea="Idée présentée à l'étape de la caravane; spécialité de la formation de 45 jours.",
            specialty=specialties[code],
            sector="telecom",
            province=province,
            investment=amount,
            organization=agency,
            financing=_ict_financing(amount, orgs["ansej"]),
            met_at_stop=_stop_in(province),
        )

    # The demo holder's own dossier, sent back to be deepened (the portal shows it).
    holder = context.get("holder_person")
    if holder is not None:
        amount = Decimal(3_200_000)
        _make(
            "holder-amina",
            holders=[holder],
            programme=ict,
            context=context,
            actor=users["officer"],
            target=S.TO_REVISE,
            title="Installation et maintenance de fibre optique à Oran",
            idea="Raccorder les abonnés FTTH des nouveaux quartiers d'Oran en sous-traitance.",
            specialty=specialties["fiber-optics"],
            sector="telecom",
            province=holder.province,
            investment=amount,
            organization=orgs["ansej_oran"],
            financing=_ict_financing(amount, orgs["ansej"]),
        )

    # Al Hoceima: ideas pitched at the awareness meeting, discussed, sent back to deepen.
    hoceima = Province.objects.get(country_id="MA", name_fr__icontains="Al Hoce")
    officer = users.get("officer.hoceima", admin)
    for index, (legal_form, code, title_ar, title_fr, members) in enumerate(HOCEIMA_IDEAS):
        holders = _people("MA", hoceima, members, used)
        if len(holders) < members:
            continue
        dossier = _make(
            f"hoceima-idea-{index}",
            holders=holders,
            programme=hoceima_programme,
            context=context,
            actor=officer,
            target=S.IDEA,
            title=f"{title_fr} / {title_ar}",
            idea="Idée présentée lors de la rencontre de sensibilisation du 29 avril 2019 à l'ANAPEC d'Al Hoceima.",
            specialty=specialties[code],
            sector="agriculture" if code != "services" else "services",
            legal_form=legal_form,
            province=hoceima,
            investment=Decimal(150_000 + index * 40_000),
            organization=orgs["anapec_hoceima"],
        )
        if dossier is not None and dossier.state == S.IDEA:
            services.set_dossier_state(dossier, S.TO_REVISE, actor=officer, note=HOCEIMA_REVISION)

    # The beekeeping cooperative founded in 2017, after the ideas (the training demo's
    # pre-creation workshop is for the first cooperative idea, not for this one).
    _hoceima_cooperative(context, hoceima, hoceima_programme, officer, specialties, orgs, used)
    context["dossiers_loaded"] = True


HOCEIMA_COOPERATIVE_KEY = "hoceima-cooperative-2017"
HOCEIMA_COOPERATIVE_MEMBERS = 5  # the legal minimum of founding members of a cooperative
HOCEIMA_COOPERATIVE_INVESTMENT = Decimal(200_000)
HOCEIMA_COOPERATIVE_REASONS = (
    "Projet viable : 60 ruches dans la commune de Bni Bouayach, débouchés assurés (souks de la province, "
    "coopératives de commercialisation); financement par l'INDH et l'ADS, accompagnement de l'ANAPEC."
)


def hoceima_cooperative_financing(investment: Decimal, orgs) -> list[dict]:
    """The members' own 10 %, the INDH grant (60 %) and the ADS grant (the rest)."""
    personal = (investment * Decimal("0.10")).quantize(Decimal("1"))
    indh = (investment * Decimal("0.60")).quantize(Decimal("1"))
    return [
        {"kind": FinancingKind.PERSONAL_CONTRIBUTION, "amount": personal},
        {"kind": FinancingKind.GRANT, "amount": indh, "funder": orgs["indh"]},
        {"kind": FinancingKind.GRANT, "amount": investment - personal - indh, "funder": orgs["ads"]},
    ]


def _hoceima_cooperative(context, hoceima, programme, officer, specialties, orgs, used: set[int]) -> None:
    """The cooperative "Bennoudi": five founding members (its manager, El Bennoudi, first),
    financed by the INDH and the ADS. Its committee (2017) sits in the committees demo."""
    if "indh" not in orgs or "ads" not in orgs:
        return
    holders: list[Person] = []
    if not Dossier.objects.filter(client_uuid=_key(HOCEIMA_COOPERATIVE_KEY)).exists():
        manager = (
            Person.objects.filter(
                country="MA",
                province=hoceima,
                family_name_latin="El Bennoudi",
                merged_into__isnull=True,
                erased_at__isnull=True,
            )
            .exclude(pk__in=used)
            .exclude(dossier_links__isnull=False)
            .order_by("id")
            .first()
        )
        if manager is not None:
            used.add(manager.pk)
            holders.append(manager)
        holders += _people("MA", hoceima, HOCEIMA_COOPERATIVE_MEMBERS - len(holders), used)
        if len(holders) < HOCEIMA_COOPERATIVE_MEMBERS:
            return
    _make(
        HOCEIMA_COOPERATIVE_KEY,
        holders=holders,
        programme=programme,
        context=context,
        actor=officer,
        target=S.COMPANY_CREATED,
        reasons=HOCEIMA_COOPERATIVE_REASONS,
        title="Coopérative apicole Bennoudi — miel du Rif / تعاونية البنوضي لتربية النحل",
        idea=(
            "Coopérative de cinq jeunes de la province, créée en 2017 : un rucher de 60 ruches modernes "
            "dans les montagnes du Rif, extraction et conditionnement du miel (thym, euphorbe, caroubier), "
            "vente aux souks et aux coopératives de commercialisation."
        ),
        specialty=specialties["beekeeping"],
        sector="agriculture",
        legal_form=LegalForm.COOPERATIVE,
        province=hoceima,
        investment=HOCEIMA_COOPERATIVE_INVESTMENT,
        organization=orgs["anapec_hoceima"],
        financing=hoceima_cooperative_financing(HOCEIMA_COOPERATIVE_INVESTMENT, orgs),
    )
