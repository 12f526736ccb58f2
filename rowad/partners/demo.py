"""Demo organizations, agreements and programmes of the two stories.

The platform administrator records the organizations, agreements and programmes through
the partners services, as in the application (history and audit written). The
administrator's own login is the one an installer creates with `createsuperuser`; the
reference lists (specialties, document types, target categories) are seeded directly, as
fixtures would be: no user action creates them in the application, the platform
administrator maintains them in the admin."""

from __future__ import annotations

from datetime import date
from typing import Any

from rowad.accounts.models import User
from rowad.core.models import Province, TargetCategory

from . import services
from .enums import Benefit, OrganizationKind, PartyRole
from .models import Agreement, DocumentType, Organization, Programme, Specialty

K = OrganizationKind
DZ_PHASE_1 = ["16", "09", "35", "15", "06", "18", "21", "23", "36", "25", "31", "27", "02", "13"]

ORGANIZATIONS = {
    # key: (kind, country, acronym, name_ar, name_fr, name_en, province codes or "*")
    "telecom": (K.SPONSOR, "DZ", "AT", "اتصالات الجزائر", "Algérie Télécom", "Algérie Télécom", "*"),
    "telecom_oran": (
        K.SPONSOR,
        "DZ",
        "AT DO Oran",
        "المديرية العملية للاتصالات بوهران",
        "Direction opérationnelle d'Algérie Télécom d'Oran",
        "Algérie Télécom Oran directorate",
        ["31"],
    ),
    "ansej": (
        K.AGENCY,
        "DZ",
        "ANSEJ",
        "الوكالة الوطنية لدعم تشغيل الشباب",
        "Agence nationale de soutien à l'emploi des jeunes",
        "National Youth Employment Support Agency",
        "*",
    ),
    "ansej_oran": (
        K.AGENCY,
        "DZ",
        "ANSEJ Oran",
        "الوكالة الوطنية لدعم تشغيل الشباب - فرع وهران",
        "ANSEJ — antenne d'Oran",
        "ANSEJ Oran branch",
        ["31"],
    ),
    # The public bank that lends the ICT micro-enterprises their bank part (the state pays
    # the interest); its Oran agency decides and services the Oran loans.
    "badr": (
        K.FUNDER,
        "DZ",
        "BADR",
        "بنك الفلاحة والتنمية الريفية",
        "Banque de l'agriculture et du développement rural",
        "Bank of Agriculture and Rural Development",
        "*",
    ),
    "microcredit_assoc": (
        K.ASSOCIATION,
        "DZ",
        "",
        "الجمعية الوطنية للمستفيدين من القروض المصغرة",
        "Association nationale des bénéficiaires du micro-crédit",
        "National association of micro-credit beneficiaries",
        "*",
    ),
    "anapec_hoceima": (
        K.AGENCY,
        "MA",
        "ANAPEC",
        "الوكالة الوطنية لإنعاش التشغيل والكفاءات - الحسيمة",
        "ANAPEC — agence d'Al Hoceima",
        "ANAPEC Al Hoceima office",
        ["hoceima"],
    ),
    "hcar": (
        K.ADMINISTRATION,
        "MA",
        "HCAR",
        "النيابة الإقليمية للمندوبية السامية لقدماء المقاومين وأعضاء جيش التحرير",
        "Délégation provinciale du Haut-Commissariat aux anciens résistants et anciens membres de l'Armée de libération",
        "High Commission for Former Resistance Members — provincial office",
        ["hoceima"],
    ),
    "odco": (
        K.COOPERATIVE_OFFICE,
        "MA",
        "ODCo",
        "المندوبية الإقليمية لمكتب تنمية التعاون",
        "Délégation provinciale de l'Office du développement de la coopération",
        "Cooperative Development Office — provincial delegation",
        ["hoceima"],
    ),
    "ads": (
        K.FUNDER,
        "MA",
        "ADS",
        "المنسقية الإقليمية لوكالة التنمية الاجتماعية",
        "Coordination provinciale de l'Agence de développement social",
        "Social Development Agency — provincial coordination",
        ["hoceima"],
    ),
    "indh": (
        K.FUNDER,
        "MA",
        "INDH",
        "المبادرة الوطنية للتنمية البشرية",
        "Initiative nationale pour le développement humain",
        "National Human Development Initiative",
        ["hoceima"],
    ),
}

SPECIALTIES = {
    "fiber-optics": ("الألياف البصرية", "Fibre optique", "Fiber optics", "telecom"),
    "radio-network": (
        "تركيب الشبكات الهرتزية",
        "Installation de réseaux hertziens",
        "Radio network installation",
        "telecom",
    ),
    "civil-works": (
        "أشغال إنجاز القنوات والحفر",
        "Génie civil (fourreaux et tranchées)",
        "Civil works (ducts and trenching)",
        "telecom",
    ),
    "beekeeping": (
        "تربية النحل وإنتاج العسل",
        "Apiculture et production de miel",
        "Beekeeping and honey",
        "agriculture",
    ),
    "agri-food": ("الصناعات الغذائية", "Agroalimentaire", "Food processing", "agriculture"),
    "services": ("الخدمات", "Services", "Services", "services"),
}
DOCUMENT_TYPES = {
    "id-copy": ("نسخة من بطاقة التعريف", "Copie de la pièce d'identité", "ID copy"),
    "diploma": ("نسخة من الشهادة", "Copie du diplôme", "Diploma"),
    "residence": ("شهادة الإقامة", "Certificat de résidence", "Residence certificate"),
    "pro-forma": ("فواتير شكلية", "Factures pro forma", "Pro-forma invoices"),
    "business-plan": ("دراسة تقنية واقتصادية", "Étude technico-économique", "Business plan"),
}
TARGET_CATEGORIES = {
    "resistance-family": (
        "أبناء وبنات أسرة المقاومة وجيش التحرير",
        "Enfants d'anciens résistants et membres de l'Armée de libération",
        "Children of former resistance fighters",
    ),
    "microcredit-member": (
        "منخرط في جمعية المستفيدين من القروض المصغرة",
        "Membre de l'association des bénéficiaires du micro-crédit",
        "Member of the micro-credit beneficiaries' association",
    ),
    "disability": ("ذوو الاحتياجات الخاصة", "Personne en situation de handicap", "Person with a disability"),
}


def _provinces(spec) -> list[Province]:
    if spec == "*":
        return []
    result = []
    for code in spec:
        if code == "hoceima":
            result.append(Province.objects.get(country_id="MA", name_fr__icontains="Al Hoce"))
        else:
            result.append(Province.objects.get(country_id="DZ", code=code))
    return result


PARENTS = {"telecom_oran": "telecom", "ansej_oran": "ansej"}


def platform_admin() -> User:
    """The platform administrator, created as `manage.py createsuperuser` would (the one
    account nobody creates in the application); rowad.accounts.demo gives it its role."""
    from rowad.accounts.demo import DEMO_PASSWORD

    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "admin", password=DEMO_PASSWORD, first_name="Admin", preferred_language="ar"
        )
    return admin


def _organizations(admin: User) -> dict[str, Organization]:
    orgs = {}
    for key, (kind, country, acronym, name_ar, name_fr, name_en, provinces) in ORGANIZATIONS.items():
        org = Organization.objects.filter(name_fr=name_fr, country=country).first()
        if org is None:
            org = services.create_organization(
                data={
                    "kind": kind,
                    "country": country,
                    "acronym": acronym,
                    "name_ar": name_ar,
                    "name_fr": name_fr,
                    "name_en": name_en,
                    "parent": orgs.get(PARENTS.get(key, "")),
                },
                provinces=_provinces(provinces) or list(Province.objects.filter(country_id=country)),
                actor=admin,
            )
        orgs[key] = org
    return orgs


def _reference_lists() -> tuple[dict, dict, dict]:
    """Reference data seeded as fixtures (see the module docstring)."""
    specialties = {}
    for code, (ar, fr, en, sector) in SPECIALTIES.items():
        specialties[code], _ = Specialty.objects.update_or_create(
            code=code, defaults={"name_ar": ar, "name_fr": fr, "name_en": en, "sector": sector}
        )
    documents = {}
    for code, (ar, fr, en) in DOCUMENT_TYPES.items():
        documents[code], _ = DocumentType.objects.update_or_create(
            code=code, defaults={"name_ar": ar, "name_fr": fr, "name_en": en}
        )
    categories = {}
    for code, (ar, fr, en) in TARGET_CATEGORIES.items():
        categories[code], _ = TargetCategory.objects.update_or_create(
            code=code, defaults={"name_ar": ar, "name_fr": fr, "name_en": en}
        )
    return specialties, documents, categories


def _agreement(reference: str, data: dict[str, Any], parties: list, admin: User) -> Agreement:
    agreement = Agreement.objects.filter(reference=reference).first()
    if agreement is None:
        agreement = services.create_agreement(
            data={"reference": reference, **data},
            parties=[services.PartyData(org, role, commitments) for org, role, commitments in parties],
            actor=admin,
        )
    return agreement


def _programme(code: str, data: dict[str, Any], relations: dict[str, list], admin: User) -> Programme:
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        programme = services.create_programme(data={"code": code, **data}, relations=relations, actor=admin)
    return programme


def load(context: dict) -> None:
    admin = platform_admin()
    orgs = _organizations(admin)
    specialties, documents, categories = _reference_lists()
    caravan_agreement = _agreement(
        "AT-ANSEJ-2018",
        {
            "title": "Convention Algérie Télécom – ANSEJ – Association des bénéficiaires du micro-crédit",
            "signed_on": date(2018, 7, 15),
            "starts_on": date(2018, 7, 15),
            "summary": (
                "ANSEJ studies project files against Algérie Télécom's professional specifications, accompanies "
                "holders in creating their company, trains them in management, grants its advantages and "
                "follows the new companies legally; Algérie Télécom trains holders for 45 days and contracts "
                "them after training."
            ),
        },
        [
            (
                orgs["telecom"],
                PartyRole.SPONSOR,
                "Formation de 45 jours dans trois spécialités; contrats directs après formation.",
            ),
            (
                orgs["ansej"],
                PartyRole.OPERATOR,
                "Étude des dossiers, accompagnement à la création, formation en gestion, avantages, "
                "suivi juridique et réglementaire.",
            ),
            (orgs["microcredit_assoc"], PartyRole.OUTREACH, "Caravane et sensibilisation des jeunes."),
        ],
        admin,
    )
    meeting_agreement = _agreement(
        "HCAR-ANAPEC-HOC",
        {
            "title": "Partenariat pour l'auto-emploi des enfants d'anciens résistants — Al Hoceima",
            "signed_on": date(2018, 11, 6),
            "summary": "Accompagnement ante et post-création, financement des coopératives et associations.",
        },
        [
            (orgs["hcar"], PartyRole.FUNDER, ""),
            (orgs["anapec_hoceima"], PartyRole.OPERATOR, ""),
            (orgs["odco"], PartyRole.ACCOMPANIMENT, ""),
            (orgs["ads"], PartyRole.FUNDER, ""),
            (orgs["indh"], PartyRole.FUNDER, ""),
        ],
        admin,
    )
    ict = _programme(
        "ict-micro-enterprises",
        {
            "name_ar": "برنامج المؤسسات المصغرة في تكنولوجيات الإعلام والاتصال",
            "name_fr": "Programme micro-entreprises TIC",
            "name_en": "ICT micro-enterprise programme",
            "operator": orgs["ansej"],
            "min_age": 19,
            "max_age": 35,
            "requires_unemployed": True,
            "excludes_prior_aid": True,
            "min_education": "vocational",
            "benefits": [
                Benefit.INTEREST_FREE_LOAN,
                Benefit.BANK_LOAN,
                Benefit.TAX_RELIEF,
                Benefit.TRAINING,
                Benefit.CONTRACTING,
            ],
            "min_members": 1,
            "max_members": 3,
            "starts_on": date(2018, 8, 5),
        },
        {
            "agreements": [caravan_agreement],
            "sponsors": [orgs["telecom"]],
            "specialties": [specialties[c] for c in ("fiber-optics", "radio-network", "civil-works")],
            "required_documents": [documents[c] for c in ("id-copy", "diploma", "residence", "pro-forma")],
        },
        admin,
    )
    self_employment = _programme(
        "hoceima-self-employment",
        {
            "name_ar": "التشغيل الذاتي لأبناء أسرة المقاومة",
            "name_fr": "Auto-emploi des enfants d'anciens résistants",
            "name_en": "Self-employment for children of former resistance fighters",
            "operator": orgs["anapec_hoceima"],
            "min_age": 18,
            "max_age": 45,
            "benefits": [Benefit.GRANT, Benefit.ACCOMPANIMENT, Benefit.TRAINING],
            "min_members": 1,
            "max_members": 12,
        },
        {
            "agreements": [meeting_agreement],
            "sponsors": [orgs["hcar"], orgs["indh"]],
            "target_categories": [categories["resistance-family"]],
            "provinces": _provinces(["hoceima"]),
            "specialties": [specialties[c] for c in ("beekeeping", "agri-food", "services")],
            "required_documents": [documents[c] for c in ("id-copy", "residence", "business-plan")],
        },
        admin,
    )
    context.update(
        orgs=orgs,
        specialties=specialties,
        document_types=documents,
        target_categories=categories,
        agreements={"caravan": caravan_agreement, "hoceima": meeting_agreement},
        programmes={"ict": ict, "hoceima": self_employment},
        phase1_wilaya_codes=DZ_PHASE_1,
    )
