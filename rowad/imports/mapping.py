"""Column mapping: which file column feeds which person field, suggested from the header
(Arabic, French or English names, KoboToolbox/ODK group prefixes ignored, whatever their
separator)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.text import normalize_text

from .readers import KOBO_KEYS, short_name

# Target fields an import can fill, with their label.
TARGET_FIELDS = {
    "source_key": _("Row identifier in the source"),
    "given_name_ar": _("given name (Arabic)"),
    "family_name_ar": _("family name (Arabic)"),
    "given_name_latin": _("given name (Latin)"),
    "family_name_latin": _("family name (Latin)"),
    "country": _("country"),
    "national_id": _("national ID"),
    "birth_date": _("birth date"),
    "sex": _("sex"),
    "phone": _("phone"),
    "phone_alt": _("other phone"),
    "email": _("email"),
    "province": _("province"),
    "address": _("address"),
    "education_level": _("education level"),
    "diploma": _("diploma or specialty"),
    "employment_status": _("employment status"),
    "first_met": _("where first met"),
    "target_categories": _("target categories"),
    "consent": _("consent to registration (yes/no)"),
    "consent_contact": _("consent to be contacted (yes/no)"),
    "consent_date": _("date of the consents"),
}

SYNONYMS = {
    "source_key": [
        "id",
        "row id",
        "source id",
        "identifiant",
        "ref",
        "reference",
        "numero dossier",
        "المعرف",
        "رقم التسجيل",
        "instanceid",
        "rootuuid",
        "uuid",
        "_uuid",
        "__id",
        "key",
    ],
    "given_name_ar": ["الاسم", "الاسم الشخصي", "اسم", "given name ar", "prenom ar", "prenom arabe", "الإسم"],
    "family_name_ar": ["اللقب", "النسب", "الاسم العائلي", "family name ar", "nom ar", "nom arabe", "لقب"],
    "given_name_latin": [
        "prenom",
        "prénom",
        "first name",
        "given name",
        "firstname",
        "given name latin",
        "prenom latin",
        "prenom fr",
    ],
    "family_name_latin": [
        "nom",
        "nom de famille",
        "last name",
        "family name",
        "surname",
        "lastname",
        "family name latin",
        "nom latin",
        "nom fr",
    ],
    "country": ["pays", "country", "البلد", "الدولة"],
    "national_id": [
        "nin",
        "cin",
        "national id",
        "numero d identification national",
        "numero national",
        "cni",
        "carte nationale",
        "رقم التعريف الوطني",
        "رقم البطاقة الوطنية",
        "رقم بطاقة التعريف",
        "رقم التعريف",
        "identifiant national",
        "id number",
        "national id number",
    ],
    "birth_date": [
        "date de naissance",
        "naissance",
        "date naissance",
        "birth date",
        "birthdate",
        "date of birth",
        "dob",
        "تاريخ الميلاد",
        "تاريخ الازدياد",
        "ddn",
    ],
    "sex": ["sexe", "sex", "gender", "genre", "الجنس"],
    "phone": [
        "telephone",
        "tel",
        "phone",
        "mobile",
        "portable",
        "gsm",
        "numero de telephone",
        "phone number",
        "الهاتف",
        "رقم الهاتف",
        "الجوال",
        "telephone 1",
        "phone 1",
    ],
    "phone_alt": [
        "telephone 2",
        "tel 2",
        "phone 2",
        "autre telephone",
        "other phone",
        "الهاتف 2",
        "هاتف آخر",
    ],
    "email": ["email", "e mail", "courriel", "mail", "البريد الإلكتروني", "البريد الالكتروني"],
    "province": [
        "wilaya",
        "province",
        "prefecture",
        "الولاية",
        "الإقليم",
        "الاقليم",
        "العمالة",
        "code wilaya",
        "province code",
    ],
    "address": ["adresse", "address", "العنوان"],
    "education_level": [
        "niveau",
        "niveau d instruction",
        "niveau scolaire",
        "education",
        "education level",
        "المستوى الدراسي",
        "المستوى التعليمي",
    ],
    "diploma": ["diplome", "specialite", "diploma", "specialty", "الشهادة", "التخصص"],
    "employment_status": ["situation", "situation professionnelle", "employment status", "الوضعية المهنية"],
    "first_met": ["lieu", "etape", "stop", "where first met", "مكان التسجيل", "المحطة"],
    "target_categories": [
        "categorie",
        "categories",
        "categorie cible",
        "categories cibles",
        "category",
        "target category",
        "target categories",
        "الفئة",
        "الفئات",
        "الفئة المستهدفة",
        "الفئات المستهدفة",
    ],
    "consent": [
        "consentement",
        "consent",
        "accord",
        "consentement inscription",
        "registration consent",
        "الموافقة",
        "موافقة",
        "الموافقة على التسجيل",
    ],
    "consent_contact": [
        "consentement contact",
        "accord contact",
        "accord sms",
        "contact consent",
        "consent contact",
        "consent sms",
        "الموافقة على الاتصال",
        "الموافقة على التواصل",
    ],
    "consent_date": [
        "date consentement",
        "date du consentement",
        "date de l accord",
        "consent date",
        "date of consent",
        "تاريخ الموافقة",
    ],
}


def _norm(header: str) -> str:
    return normalize_text(header.replace("_", " "))


_LOOKUP = {_norm(s): field for field, names in SYNONYMS.items() for s in names}
# KoboToolbox's own row number (`_id`, a number per server) is never a source key: its
# `_uuid` is the same across servers and re-exports.
NEVER_MAPPED = {"_id", "_index", "_parent_index"}


def _field_for(header: str, separator: str) -> str | None:
    """The person field a header names: the whole header first (`e-mail`, `Date de
    naissance`), then without its group prefixes (`identite-prenom` -> `prenom`)."""
    if header in NEVER_MAPPED:
        return None
    field = _LOOKUP.get(_norm(header))
    for sep in dict.fromkeys((separator, "/")):
        if field is None and sep and sep in header:
            field = _LOOKUP.get(_norm(short_name(header, sep)))
    return field


def suggest_mapping(
    headers: list[str],
    *,
    saved: dict[str, str] | None = None,
    key_column: str | None = None,
    separator: str = "",
) -> dict[str, str]:
    """{field: column}. A mapping saved for the source wins for the columns still present;
    an export's submission key (`key_column`) wins over a column merely named like an ID."""
    present = set(headers)
    mapping: dict[str, str] = {}
    for field, column in (saved or {}).items():
        if field in TARGET_FIELDS and column in present:
            mapping[field] = column
    if "source_key" not in mapping:
        key = key_column or next((k for k in KOBO_KEYS if k in present), None)
        if key:
            mapping["source_key"] = key
    used = set(mapping.values())
    for header in headers:
        field = _field_for(header, separator)
        if field and field not in mapping and header not in used:
            mapping[field] = header
            used.add(header)
    return mapping


def parse_map_options(options: list[str]) -> dict[str, str]:
    """--map FIELD=COLUMN, given once with several pairs or several times (command line).
    A field given twice with different columns is an error, never silently the last."""
    mapping: dict[str, str] = {}
    for option in options:
        field, sep, column = option.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or field not in TARGET_FIELDS or not column:
            raise ValueError(option)
        if mapping.get(field, column) != column:
            raise ValueError(f"{field} is given twice ({mapping[field]}, {column})")
        mapping[field] = column
    return mapping
