"""A few hundred realistic people over the stories' provinces, and the demo holder, all
registered by the agency officers through the registry's service (history and audit
written). The holder's portal login is rowad.portal.demo's: she signs up on her phone and
claims this record."""

from __future__ import annotations

import random
from datetime import date, timedelta

from rowad.core.models import Province

from .models import Person
from .names import FAMILY, GIVEN_FEMALE, GIVEN_MALE
from .services import create_person

DZ_PROVINCES = ["31", "16", "09", "35", "15", "06", "13", "27", "41", "25"]
DEMO_COUNT = 300
HOLDER_NIN = "109990101000000031"


def _nin(rng: random.Random, birth: date, sex: str) -> str:
    # 18 digits: a plausible structure (sex/century, year, wilaya, serial), always 18 digits.
    return f"{1 if sex == 'M' else 2}{birth.year % 100:02d}{rng.randint(0, 9_999_999_999_999):013d}{rng.randint(0, 99):02d}"


MOBILE_PREFIXES = {
    "DZ": ["055", "066", "067", "069", "077", "078", "079"],
    "MA": ["061", "062", "066", "067"],
}


def _phone(rng: random.Random, country: str) -> str:
    return f"{rng.choice(MOBILE_PREFIXES[country])}{rng.randint(1_000_000, 9_999_999)}"


def _cin(rng: random.Random) -> str:
    return f"R{rng.choice('ABCDEFGHJK')}{rng.randint(100_000, 999_999)}"


def load(context: dict) -> None:
    rng = random.Random(2026)
    actor = context.get("users", {}).get("officer")
    provinces = {code: Province.objects.get(country_id="DZ", code=code) for code in DZ_PROVINCES}
    hoceima = Province.objects.get(country_id="MA", name_fr__icontains="Al Hoce")
    orgs = context["orgs"]
    existing = set(Person.objects.values_list("national_id", flat=True))
    for index in range(DEMO_COUNT):
        sex = rng.choice("MF")
        given_ar, given_latin = rng.choice(GIVEN_MALE if sex == "M" else GIVEN_FEMALE)
        family_ar, family_latin = rng.choice(FAMILY)
        birth = date(1990, 1, 1) + timedelta(days=rng.randint(0, 12 * 365))
        moroccan = index % 6 == 5
        country = "MA" if moroccan else "DZ"
        national_id = _cin(rng) if moroccan else _nin(rng, birth, sex)
        phone = _phone(rng, country)
        province = hoceima if moroccan else provinces[rng.choice(DZ_PROVINCES)]
        # Some registrations only have one script, as in the field.
        script = rng.random()
        education = rng.choice(["secondary", "bac", "vocational", "university"])
        employment = rng.choice(["unemployed", "unemployed", "student", "employed"])
        language = "fr" if rng.random() < 0.3 else "ar"
        if national_id in existing:
            continue
        create_person(
            data={
                "given_name_ar": given_ar if script > 0.15 else "",
                "family_name_ar": family_ar if script > 0.15 else "",
                "given_name_latin": given_latin if script < 0.85 else "",
                "family_name_latin": family_latin if script < 0.85 else "",
                "country": country,
                "national_id": national_id,
                "birth_date": birth,
                "sex": sex,
                "phone": phone,
                "province": province,
                "education_level": education,
                "employment_status": employment,
                "organization": orgs["anapec_hoceima"] if moroccan else orgs["ansej_oran"],
                "preferred_language": language,
            },
            actor=actor,
            consents=["registration"],
            reason="demo",
        )
        existing.add(national_id)
    _demo_holder(context, provinces["31"], orgs["ansej_oran"], actor)
    _registered_twice(provinces["31"], orgs["ansej_oran"], actor)


TWICE_PHONE = "+213550987654"


def _registered_twice(oran: Province, agency, actor) -> None:
    """The same young man registered twice — at the caravan stop in Arabic only, later at
    the agency in Latin only, his phone written another way, no ID either time: the pair
    the duplicates review queue shows (rowad.people.demo_duplicates runs the search)."""
    if Person.objects.filter(phone=TWICE_PHONE).exists():
        return
    base = {
        "country": "DZ",
        "birth_date": date(1999, 3, 12),
        "sex": "M",
        "province": oran,
        "organization": agency,
    }
    for names, phone in (
        ({"given_name_ar": "محمد", "family_name_ar": "بن علي"}, "0550 98 76 54"),
        ({"given_name_latin": "Mohammed", "family_name_latin": "Benali"}, "+213 550 98 76 54"),
    ):
        create_person(
            data={**base, **names, "phone": phone}, actor=actor, consents=["registration"], reason="demo"
        )


def _demo_holder(context: dict, oran: Province, agency, actor) -> None:
    """Amina, registered at the Oran agency (her portal login comes in rowad.portal.demo)."""
    person = Person.objects.filter(national_id=HOLDER_NIN).first()
    if person is None:
        person = create_person(
            data={
                "given_name_ar": "أمينة",
                "family_name_ar": "حموش",
                "given_name_latin": "Amina",
                "family_name_latin": "Hammouche",
                "country": "DZ",
                "national_id": HOLDER_NIN,
                "birth_date": date(1996, 5, 14),
                "sex": "F",
                "phone": "0661234567",
                "email": "amina.hammouche@example.org",
                "province": oran,
                "education_level": "vocational",
                "diploma": "Technicienne en télécommunications",
                "employment_status": "unemployed",
                "organization": agency,
                "preferred_language": "fr",
            },
            actor=actor,
            consents=["registration", "contact"],
            reason="demo",
        )
    context["holder_person"] = person
