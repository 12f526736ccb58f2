"""Deterministic synthetic registry with ground truth, for the duplicate-detection benchmark.

Identities get Maghrebi names (Arabic spelling + canonical Latin spelling, frequencies
skewed as in real registries), a birth date (some only a presumed year), a national ID,
phones, a province and a household. Each identity is written as one or more *records*,
as field registrations write them:

- script: both scripts, Arabic only or Latin only;
- Latin spelling variants (ou/u/w, dj/j, ch/sh, k/q, e/a, doubled letters, Abdel/Abd El,
  Ben Ali/Benali, El-/Al-), Arabic variants (hamza forms, taa marbuta/ha);
- typos, given and family names swapped, national ID missing or one digit off, birth
  day and month swapped or only the presumed year, phones formatted any way, missing or
  changed.

Hard negatives: siblings share the family name, the household phone, the address and
the province; some are twins (same birth date, different given names); common names
recur by chance.

`generate(n, profile, seed)` returns (records, identity) where identity[i] is the ground
truth of records[i]. Profiles: "standard" (most records carry an ID) and "hard" (40 % of
records without ID, phones often missing or changed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# (Arabic, canonical Latin) — given names by sex, family roots, family prefixes.
MALE = [
    ("محمد", "Mohamed"),
    ("أحمد", "Ahmed"),
    ("عبد القادر", "Abdelkader"),
    ("يوسف", "Youcef"),
    ("علي", "Ali"),
    ("رشيد", "Rachid"),
    ("كريم", "Karim"),
    ("سفيان", "Sofiane"),
    ("بلال", "Bilal"),
    ("إسماعيل", "Ismail"),
    ("حمزة", "Hamza"),
    ("نبيل", "Nabil"),
    ("عمر", "Omar"),
    ("أيوب", "Ayoub"),
    ("إلياس", "Ilyes"),
    ("مهدي", "Mehdi"),
    ("عثمان", "Othmane"),
    ("ياسين", "Yacine"),
    ("بلقاسم", "Belkacem"),
    ("جمال", "Djamel"),
    ("خالد", "Khaled"),
    ("مراد", "Mourad"),
    ("نور الدين", "Noureddine"),
    ("عبد الرحمن", "Abderrahmane"),
    ("عبد الله", "Abdellah"),
    ("هشام", "Hicham"),
    ("سمير", "Samir"),
    ("طارق", "Tarek"),
    ("وليد", "Walid"),
    ("زكرياء", "Zakaria"),
    ("أنور", "Anouar"),
    ("حسين", "Hocine"),
    ("حسن", "Hassan"),
    ("صالح", "Salah"),
    ("مصطفى", "Mustapha"),
    ("إبراهيم", "Brahim"),
    ("عادل", "Adel"),
    ("فريد", "Farid"),
    ("منير", "Mounir"),
    ("رضا", "Reda"),
    ("عماد", "Imad"),
    ("أسامة", "Oussama"),
    ("شكيب", "Chakib"),
    ("توفيق", "Toufik"),
    ("لخضر", "Lakhdar"),
    ("العربي", "Larbi"),
    ("الطاهر", "Tahar"),
    ("عيسى", "Aissa"),
    ("موسى", "Moussa"),
    ("زين الدين", "Zinedine"),
    ("فيصل", "Fayçal"),
    ("ناصر", "Nacer"),
    ("رياض", "Riad"),
    ("سليم", "Salim"),
    ("عزيز", "Aziz"),
    ("جلول", "Djelloul"),
    ("قدور", "Kaddour"),
    ("محمود", "Mahmoud"),
    ("بشير", "Bachir"),
    ("الهادي", "El Hadi"),
    ("عبد الحميد", "Abdelhamid"),
    ("عبد المجيد", "Abdelmadjid"),
    ("شعيب", "Chouaib"),
    ("وائل", "Wail"),
    ("أمين", "Amine"),
    ("مروان", "Marouane"),
    ("أنيس", "Anis"),
    ("هارون", "Haroun"),
    ("إدريس", "Driss"),
    ("يونس", "Younes"),
]
FEMALE = [
    ("فاطمة", "Fatima"),
    ("أمينة", "Amina"),
    ("خديجة", "Khadidja"),
    ("سارة", "Sarah"),
    ("مريم", "Meriem"),
    ("نور الهدى", "Nour El Houda"),
    ("إيمان", "Imane"),
    ("شيماء", "Chaima"),
    ("هاجر", "Hadjer"),
    ("زينب", "Zineb"),
    ("وفاء", "Wafaa"),
    ("سلمى", "Salma"),
    ("ياسمين", "Yasmine"),
    ("حنان", "Hanane"),
    ("سعاد", "Souad"),
    ("نادية", "Nadia"),
    ("كريمة", "Karima"),
    ("سميرة", "Samira"),
    ("ليلى", "Leila"),
    ("أسماء", "Asma"),
    ("رانيا", "Rania"),
    ("دنيا", "Dounia"),
    ("صفية", "Safia"),
    ("عائشة", "Aicha"),
    ("حياة", "Hayat"),
    ("نسرين", "Nesrine"),
    ("لبنى", "Loubna"),
    ("وهيبة", "Ouahiba"),
    ("جميلة", "Djamila"),
    ("سهام", "Siham"),
    ("رشيدة", "Rachida"),
    ("نعيمة", "Naima"),
    ("فتيحة", "Fatiha"),
    ("حورية", "Houria"),
    ("مليكة", "Malika"),
    ("زهرة", "Zohra"),
    ("خيرة", "Kheira"),
    ("نجاة", "Nadjat"),
    ("بشرى", "Bouchra"),
    ("إكرام", "Ikram"),
    ("هدى", "Houda"),
    ("رحمة", "Rahma"),
    ("آمال", "Amel"),
    ("سهيلة", "Souhila"),
    ("لمياء", "Lamia"),
    ("منال", "Manel"),
    ("ريم", "Rim"),
    ("كوثر", "Kaouther"),
]
ROOTS = [
    ("علي", "Ali"),
    ("يوسف", "Youcef"),
    ("سعيد", "Said"),
    ("عيسى", "Aissa"),
    ("منصور", "Mansour"),
    ("قدور", "Kaddour"),
    ("أحمد", "Ahmed"),
    ("إبراهيم", "Brahim"),
    ("جلول", "Djelloul"),
    ("العربي", "Larbi"),
    ("صالح", "Salah"),
    ("عمار", "Amar"),
    ("حميد", "Hamid"),
    ("خالد", "Khaled"),
    ("زيد", "Zid"),
    ("عزة", "Azza"),
    ("شريف", "Cherif"),
    ("عمر", "Omar"),
    ("موسى", "Moussa"),
    ("داود", "Daoud"),
    ("حمو", "Hammou"),
    ("سالم", "Salem"),
    ("قاسم", "Kacem"),
    ("مختار", "Mokhtar"),
    ("طيب", "Tayeb"),
    ("نصر", "Nasr"),
    ("رحال", "Rahal"),
    ("عبد الله", "Abdellah"),
    ("مسعود", "Messaoud"),
    ("زروق", "Zerrouk"),
    ("جيلالي", "Djilali"),
    ("حسين", "Hocine"),
    ("شيخ", "Cheikh"),
    ("عودة", "Aouda"),
    ("يحيى", "Yahia"),
]
PREFIXES = [("بن", "Ben"), ("بو", "Bou"), ("ولد", "Ould"), ("آيت", "Ait"), ("حاج", "Hadj"), ("بل", "Bel")]
PLAIN_FAMILY = [
    ("حموش", "Hammouche"),
    ("سعيدي", "Saidi"),
    ("مرابط", "Merabet"),
    ("قاسمي", "Kacemi"),
    ("زروقي", "Zerrouki"),
    ("العلوي", "El Alaoui"),
    ("البنوضي", "El Bennoudi"),
    ("الإدريسي", "El Idrissi"),
    ("أمزيان", "Amziane"),
    ("حداد", "Haddad"),
    ("منصوري", "Mansouri"),
    ("خليفي", "Khelifi"),
    ("بلعيد", "Belaid"),
    ("شرقي", "Cherki"),
    ("غربي", "Gharbi"),
    ("مقراني", "Mokrani"),
    ("تواتي", "Touati"),
    ("بوضياف", "Boudiaf"),
    ("زيتوني", "Zitouni"),
    ("قادري", "Kadri"),
    ("حمداني", "Hamdani"),
    ("بلحاج", "Belhadj"),
    ("عمراني", "Amrani"),
    ("فاسي", "Fassi"),
    ("تازي", "Tazi"),
    ("برادة", "Berrada"),
    ("بناني", "Bennani"),
    ("الشرايبي", "Chraibi"),
    ("السوسي", "Soussi"),
    ("الريفي", "Rifi"),
    ("مسعودي", "Messaoudi"),
    ("جبار", "Djebbar"),
    ("ساحلي", "Sahli"),
    ("بركاني", "Berkani"),
    ("دحماني", "Dahmani"),
    ("يحياوي", "Yahiaoui"),
    ("عباسي", "Abbassi"),
    ("رحماني", "Rahmani"),
    ("لعمري", "Laamri"),
    ("وهراني", "Ouahrani"),
    ("تلمساني", "Tlemcani"),
    ("قسنطيني", "Ksentini"),
]

DZ_PROVINCES = [f"DZ-{i:02d}" for i in range(1, 59)]
MA_PROVINCES = [f"MA-{i:02d}" for i in range(1, 76)]


def _family_names() -> list[tuple[str, str]]:
    names = list(PLAIN_FAMILY)
    for ar_prefix, lat_prefix in PREFIXES:
        for ar, lat in ROOTS:
            names.append(
                (f"{ar_prefix} {ar}" if ar_prefix != "بو" else f"بو{ar}", f"{lat_prefix}{lat.lower()}")
            )
    return names


FAMILY = _family_names()

# Latin spelling variants: (pattern, replacement) applied to the canonical spelling.
LATIN_VARIANTS = [
    ("ou", "u"),
    ("ou", "w"),
    ("Ou", "W"),
    ("dj", "j"),
    ("Dj", "J"),
    ("ch", "sh"),
    ("Ch", "Sh"),
    ("k", "q"),
    ("K", "Q"),
    ("e", "a"),
    ("a", "e"),
    ("mm", "m"),
    ("m", "mm"),
    ("ss", "s"),
    ("s", "ss"),
    ("Abdel", "Abd El "),
    ("Abdel", "Abd-El-"),
    ("Abdel", "Abdul"),
    ("Ben", "Ben "),
    ("Ben", "Ben-"),
    ("Bou", "Bou "),
    ("Ould", "Ould "),
    ("Ait", "Ait "),
    ("Hadj", "Hadj "),
    ("El ", "El-"),
    ("El ", "Al "),
    ("Mohamed", "Mohammed"),
    ("Mohamed", "Mouhamed"),
    ("Mohamed", "Muhammad"),
    ("Mohamed", "Mhamed"),
    ("Youcef", "Youssef"),
    ("Youcef", "Yousef"),
    ("Hocine", "Houcine"),
    ("Hocine", "Hussein"),
    ("Fatima", "Fatma"),
    ("Fatima", "Fatiha"),
    ("i", "y"),
    ("ç", "c"),
    ("Kh", "Kh"),
]
ARABIC_VARIANTS = [("أ", "ا"), ("إ", "ا"), ("ة", "ه"), ("ى", "ي"), ("آ", "ا"), ("عبد ال", "عبدال")]
LATIN_TYPO_LETTERS = "abdefhiklmnorstuz"
ARABIC_TYPO_LETTERS = "ابتدرسعفقكلمنهوي"

PROFILES = {
    # share of records with an ID, phone present, phone kept on a duplicate, etc.
    "standard": {"nid": 0.92, "phone": 0.9, "phone_kept": 0.85, "phone_alt": 0.15},
    "hard": {"nid": 0.6, "phone": 0.6, "phone_kept": 0.5, "phone_alt": 0.1},
}


@dataclass
class Record:
    rid: int
    given_name_ar: str
    family_name_ar: str
    given_name_latin: str
    family_name_latin: str
    national_id: str
    phone: str
    phone_alt: str
    birth_date: date | None
    sex: str
    province: str
    country: str


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


class Generator:
    def __init__(self, seed: int, profile: str):
        self.rng = random.Random(seed)
        self.p = PROFILES[profile]
        self.male_w = _zipf_weights(len(MALE), 0.9)
        self.female_w = _zipf_weights(len(FEMALE), 0.8)
        self.family_w = _zipf_weights(len(FAMILY), 0.7)
        self.used_nids: set[str] = set()

    # -- identity parts ----------------------------------------------------------------
    def given(self, sex: str) -> tuple[str, str]:
        pool, weights = (MALE, self.male_w) if sex == "M" else (FEMALE, self.female_w)
        return self.rng.choices(pool, weights)[0]

    def nid(self, country: str) -> str:
        while True:
            if country == "DZ":
                value = "".join(self.rng.choice("0123456789") for _ in range(18))
            else:
                value = self.rng.choice("ABCDEFGHJKLMNOPQRSTUVWXYZ") + "".join(
                    self.rng.choice("0123456789") for _ in range(7)
                )
            if value not in self.used_nids:
                self.used_nids.add(value)
                return value

    def phone(self, country: str) -> str:
        return self.rng.choice("567") + "".join(self.rng.choice("0123456789") for _ in range(8))

    def birth(self) -> tuple[date, bool]:
        day = date(1980, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 26))
        if self.rng.random() < 0.06:  # only a presumed year on the ID card
            return date(day.year, 1, 1), True
        return day, False

    # -- writing a record ----------------------------------------------------------------
    def latin_variant(self, text: str) -> str:
        rng = self.rng
        for _ in range(rng.choice((0, 1, 1, 2))):
            pattern, replacement = rng.choice(LATIN_VARIANTS)
            if pattern in text:
                text = text.replace(pattern, replacement, 1)
        if rng.random() < 0.3:
            text = text.upper() if rng.random() < 0.5 else text.lower()
        return text.strip()

    def arabic_variant(self, text: str) -> str:
        for pattern, replacement in ARABIC_VARIANTS:
            if pattern in text and self.rng.random() < 0.5:
                text = text.replace(pattern, replacement)
        return text

    def typo(self, text: str, letters: str) -> str:
        if len(text) < 3:
            return text
        rng = self.rng
        i = rng.randrange(1, len(text))
        kind = rng.random()
        if kind < 0.35:
            return text[:i] + rng.choice(letters) + text[i + 1 :]
        if kind < 0.6:
            return text[:i] + text[i + 1 :]
        if kind < 0.85:
            return text[:i] + rng.choice(letters) + text[i:]
        j = min(i + 1, len(text) - 1)
        return text[:i] + text[j] + text[i] + text[j + 1 :] if j > i else text

    def format_phone(self, digits: str, country: str) -> str:
        code = "213" if country == "DZ" else "212"
        style = self.rng.randrange(5)
        if style == 0:
            return "0" + digits
        if style == 1:
            return f"0{digits[0:3]} {digits[3:5]} {digits[5:7]} {digits[7:9]}"
        if style == 2:
            return f"+{code}{digits}"
        if style == 3:
            return f"00{code} {digits[0:3]} {digits[3:6]} {digits[6:9]}"
        return f"0{digits[0:3]}-{digits[3:5]}-{digits[5:7]}-{digits[7:9]}"

    def record(self, rid: int, ident: dict, *, duplicate: bool) -> Record:
        rng, p = self.rng, self.p
        script = rng.random()
        has_ar, has_lat = (
            (True, True) if script < 0.45 else ((True, False) if script < 0.72 else (False, True))
        )
        g_ar, g_lat = ident["given"]
        f_ar, f_lat = ident["family"]
        g_ar, f_ar = self.arabic_variant(g_ar), self.arabic_variant(f_ar)
        g_lat, f_lat = self.latin_variant(g_lat), self.latin_variant(f_lat)
        if duplicate:
            if rng.random() < 0.12:
                g_lat = self.typo(g_lat, LATIN_TYPO_LETTERS)
            if rng.random() < 0.12:
                f_lat = self.typo(f_lat, LATIN_TYPO_LETTERS)
            if rng.random() < 0.08:
                g_ar = self.typo(g_ar, ARABIC_TYPO_LETTERS)
            if rng.random() < 0.08:
                f_ar = self.typo(f_ar, ARABIC_TYPO_LETTERS)
            if rng.random() < 0.07:
                g_ar, f_ar, g_lat, f_lat = f_ar, g_ar, f_lat, g_lat
        birth = ident["birth"]
        if duplicate and birth and not ident["presumed"]:
            roll = rng.random()
            if roll < 0.06 and birth.day <= 12 and birth.day != birth.month:
                birth = date(birth.year, birth.day, birth.month)
            elif roll < 0.12:
                birth = date(birth.year, 1, 1)
            elif roll < 0.16:
                birth = date(birth.year + rng.choice((-1, 1)), birth.month, min(birth.day, 28))
            elif roll < 0.19:
                birth = None
        nid = ident["nid"] if rng.random() < p["nid"] else ""
        if duplicate and nid and rng.random() < 0.06:
            i = rng.randrange(1, len(nid))
            nid = nid[:i] + rng.choice("0123456789") + nid[i + 1 :]
        phone = ""
        if rng.random() < p["phone"]:
            digits = ident["phone"]
            if duplicate and rng.random() > p["phone_kept"]:
                digits = self.phone(ident["country"])
            phone = self.format_phone(digits, ident["country"])
        phone_alt = (
            self.format_phone(self.phone(ident["country"]), ident["country"])
            if rng.random() < p["phone_alt"]
            else ""
        )
        province = (
            ident["province"] if not duplicate or rng.random() < 0.85 else self.province(ident["country"])
        )
        return Record(
            rid=rid,
            given_name_ar=g_ar if has_ar else "",
            family_name_ar=f_ar if has_ar else "",
            given_name_latin=g_lat if has_lat else "",
            family_name_latin=f_lat if has_lat else "",
            national_id=nid,
            phone=phone,
            phone_alt=phone_alt,
            birth_date=birth,
            sex=ident["sex"] if rng.random() < 0.97 else "",
            province=province,
            country=ident["country"],
        )

    def province(self, country: str) -> str:
        return self.rng.choice(DZ_PROVINCES if country == "DZ" else MA_PROVINCES)

    def identity(self, household: dict | None = None, twin_of: dict | None = None) -> dict:
        rng = self.rng
        sex = rng.choice("MF")
        if household:
            country, family, phone, province = (
                household["country"],
                household["family"],
                household["phone"],
                household["province"],
            )
        else:
            country = "DZ" if rng.random() < 0.6 else "MA"
            family = rng.choices(FAMILY, self.family_w)[0]
            phone = self.phone(country)
            province = self.province(country)
        if twin_of:
            birth, presumed = twin_of["birth"], twin_of["presumed"]
            given = self.given(sex)
            while given == twin_of["given"]:
                given = self.given(sex)
        else:
            birth, presumed = self.birth()
            given = self.given(sex)
        return {
            "sex": sex,
            "country": country,
            "given": given,
            "family": family,
            "birth": birth,
            "presumed": presumed,
            "nid": self.nid(country),
            "phone": phone if household is None or rng.random() < 0.6 else self.phone(country),
            "province": province,
        }


def generate(n: int, profile: str = "standard", seed: int = 20261128) -> tuple[list[Record], list[int]]:
    """About `n` records; 10–20 % of identities written more than once."""
    gen = Generator(seed, profile)
    rng = gen.rng
    records: list[Record] = []
    identity: list[int] = []
    ident_id = 0
    while len(records) < n:
        household = gen.identity()
        members = [household]
        if rng.random() < 0.12:  # siblings sharing family name, phone, address, province
            for _ in range(rng.choice((1, 1, 2))):
                twin = rng.random() < 0.15
                members.append(gen.identity(household=household, twin_of=household if twin else None))
        for ident in members:
            copies = 1
            if rng.random() < 0.15:
                copies += 1 if rng.random() < 0.8 else 2
            for copy in range(copies):
                if len(records) >= n:
                    break
                records.append(gen.record(len(records) + 1, ident, duplicate=copy > 0))
                identity.append(ident_id)
            ident_id += 1
    # Registration order is not identity order.
    order = list(range(len(records)))
    rng.shuffle(order)
    shuffled = [records[i] for i in order]
    truth = [identity[i] for i in order]
    for rid, record in enumerate(shuffled, start=1):
        record.rid = rid
    return shuffled, truth


def true_pairs(truth: list[int], rids: list[int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for rid, ident in zip(rids, truth, strict=True):
        groups.setdefault(ident, []).append(rid)
    pairs = set()
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((min(a, b), max(a, b)))
    return pairs
