"""Row validation: every row is checked and normalized before anything is written.

Rules come from the registry itself (`people.services.clean_person_data`: names, IDs,
phones to E.164, plausible birth dates, province in the country); this module turns raw
cells into those values (dates in any usual form, provinces by code, ISO code or name,
sex and levels in Arabic, French or English) and reports problems by column."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_noop
from phonenumbers.phonemetadata import PhoneMetadata

from rowad.core.enums import CountryCode, EducationLevel, EmploymentStatus, Sex
from rowad.core.errors import untranslated
from rowad.core.models import Province
from rowad.core.text import normalize_text
from rowad.core.validators import MAX_NAME_LENGTH, normalize_phone
from rowad.people.models import ConsentRecord
from rowad.people.services import clean_person_data

from .answers import category_lookup, choices_lookup, split_categories, yes_no_lookup
from .mapping import TARGET_FIELDS

EXCEL_EPOCH = date(1899, 12, 30)
DATE_PATTERNS = [
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), ("d", "m", "y")),
]
EXCEL_SERIAL = re.compile(r"\d{5}(\.\d+)?")
PRESUMED_YEAR = re.compile(r"(19|20)\d{2}")
NAME_FIELDS = ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin")
TEXT_LIMITS = {"address": 300, "diploma": 200, "first_met": 200}
# Fields a person is not worth losing for: a row whose only problems are here can be kept
# with those fields left empty and a warning (OptionalErrors.WARN). Names, IDs, birth
# date, sex, province, levels, categories and consents decide who the person is and what
# they are eligible for: a problem there always rejects the row.
OPTIONAL_FIELDS = frozenset({"phone", "phone_alt", "email", "address", "diploma", "first_met"})


@dataclass
class Problem:
    """A problem with one cell or row. `message` is the untranslated (English) message
    and `params` its values: problems are stored that way and translated when read, so an
    officer reading a batch in French sees French reasons whoever ran the import."""

    column: str
    code: str
    message: str
    value: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    row: dict[str, Any] = field(default_factory=dict)  # review rows: the file's values
    field: str = ""  # the person field at fault ("" for the row as a whole)


def problems_from(error: ValidationError) -> list[tuple[str, str, dict[str, Any]]]:
    """(field, untranslated message, params) for each message of a ValidationError. Lazy
    messages give their message id (rendered with no language active); a message already
    translated by the code that raised it is kept as it is."""
    found = []
    for field_name, errors in (
        error.error_dict.items() if hasattr(error, "error_dict") else [("", error.error_list)]
    ):
        for item in errors:
            found.append((field_name, untranslated(item.message), dict(item.params or {})))
    return found


@dataclass
class RowResult:
    line: int
    data: dict[str, Any] | None
    key: str
    problems: list[Problem] = field(default_factory=list)
    # Problems in optional fields of a row kept anyway (those fields left empty).
    warnings: list[Problem] = field(default_factory=list)


class RowValidator:
    def __init__(
        self,
        *,
        mapping: dict[str, str],
        headers: list[str],
        country: str,
        default_province=None,
        warn_optional: bool = False,
    ):
        self.warn_optional = warn_optional
        self.mapping = {f: c for f, c in mapping.items() if f in TARGET_FIELDS and c}
        self.index = {f: headers.index(c) for f, c in self.mapping.items() if c in headers}
        self.width = len(headers)
        self.headers = headers
        self.country = country
        self.default_province = default_province
        self.today = timezone.localdate()
        self.provinces = self._province_lookup()
        self._province_cache: dict[tuple[str, str], Province | None] = {}
        self._choice_cache: dict[tuple[int, str], str | None] = {}
        self.sex = choices_lookup(Sex.choices) | {
            normalize_text(k): v
            for k, v in {
                "h": "M", "homme": "M", "masculin": "M", "male": "M", "ذكر": "M",
                "femme": "F", "feminin": "F", "female": "F", "انثى": "F", "أنثى": "F",
            }.items()
        }  # fmt: skip
        self.education = choices_lookup(EducationLevel.choices)
        self.employment = choices_lookup(EmploymentStatus.choices)
        self.countries = choices_lookup(CountryCode.choices) | {
            normalize_text(k): v
            for k, v in {"algerie": "DZ", "الجزائر": "DZ", "maroc": "MA", "المغرب": "MA"}.items()
        }
        self.yes_no = yes_no_lookup()
        self.categories = category_lookup() if "target_categories" in self.index else {}

    @staticmethod
    def _province_lookup() -> dict[tuple[str, str], Province]:
        lookup: dict[tuple[str, str], Province] = {}
        for province in Province.objects.all():
            country = province.country_id
            lookup[(country, province.code)] = province
            if province.code.isdigit():
                lookup[(country, str(int(province.code)))] = province
            lookup[("", province.iso_code.upper())] = province
            for name in (province.name_ar, province.name_fr, province.name_en):
                if name:
                    lookup.setdefault((country, normalize_text(name)), province)
                    lookup.setdefault(("*", normalize_text(name)), province)
        return lookup

    def column(self, field_name: str) -> str:
        return self.mapping.get(field_name, field_name)

    def validate(self, line: int, cells: list[Any]) -> RowResult:
        problems: list[Problem] = []
        raw = {f: (cells[i] if i < len(cells) else None) for f, i in self.index.items()}
        extra = [c for c in cells[self.width :] if c not in (None, "") and str(c).strip()]
        if extra:
            problems.append(
                Problem(
                    "",
                    "extra_cells",
                    gettext_noop("This row has %(count)d cells but the header has %(width)d columns."),
                    params={"count": len(cells), "width": self.width},
                )
            )
        text = {f: _text(v) for f, v in raw.items()}
        key = text.pop("source_key", "") or _row_hash(cells)
        data: dict[str, Any] = {}

        def bad(field_name: str, code: str, message: str, params: dict[str, Any] | None = None) -> None:
            problems.append(
                Problem(
                    self.column(field_name), code, message, text.get(field_name, "")[:200], params or {},
                    field=field_name,
                )
            )  # fmt: skip

        country = self.country
        if text.get("country"):
            country = self.countries.get(normalize_text(text["country"]), "")
            if not country:
                bad("country", "country", gettext_noop("Unknown country: use DZ or MA."))
                country = self.country
        province = None
        if text.get("province"):
            province = self._province(text["province"], country if text.get("country") else "")
            if province is None:
                bad(
                    "province",
                    "province",
                    gettext_noop("Unknown province: give its official code, ISO code or name."),
                )
            elif not text.get("country"):
                country = province.country_id
        elif self.default_province is not None:
            province = self.default_province
        data["country"] = country
        data["province"] = province
        for name in NAME_FIELDS:
            if text.get(name):
                if len(text[name]) > MAX_NAME_LENGTH:
                    bad(
                        name,
                        "too_long",
                        gettext_noop("A name has at most %(limit)d characters."),
                        {"limit": MAX_NAME_LENGTH},
                    )
                else:
                    data[name] = " ".join(text[name].split())
        if text.get("national_id"):
            data["national_id"] = text["national_id"]
        phones = {}
        for name in ("phone", "phone_alt"):
            if text.get(name):
                phone = fast_phone(text[name], country)
                if phone is None:
                    try:
                        phone = normalize_phone(text[name], country)
                    except ValidationError as exc:
                        _field, message, params = problems_from(exc)[0]
                        bad(name, name, message, params)
                        continue
                phones[name] = phone
        if raw.get("birth_date") not in (None, ""):
            parsed = parse_date(raw["birth_date"])
            if parsed is None:
                bad("birth_date", *date_problem(raw["birth_date"]))
            else:
                data["birth_date"] = parsed
        for name, lookup in (("sex", self.sex), ("education_level", self.education),
                             ("employment_status", self.employment)):  # fmt: skip
            if text.get(name):
                value = self._choice(lookup, text[name])
                if value is None:
                    bad(name, "choice", gettext_noop("This value is not one of the accepted choices."))
                else:
                    data[name] = value
        if text.get("email"):
            try:
                validate_email(text["email"])
                data["email"] = text["email"]
            except ValidationError:
                bad("email", "email", gettext_noop("Enter a valid email address."))
        self._categories_and_consents(text, raw.get("consent_date"), data, bad)
        for name, limit in TEXT_LIMITS.items():
            if text.get(name):
                if len(text[name]) > limit:
                    bad(
                        name,
                        "too_long",
                        gettext_noop("This text has at most %(limit)d characters."),
                        {"limit": limit},
                    )
                else:
                    data[name] = text[name]
        try:
            data = clean_person_data(data, today=self.today)
            data.update(phones)
        except ValidationError as exc:
            for field_name, message, params in problems_from(exc):
                column = self.column(field_name)
                if field_name == "given_name_ar" and "given_name_ar" not in self.mapping:
                    column = ""
                problems.append(
                    Problem(
                        column, field_name, message, text.get(field_name, "")[:200], params, field=field_name
                    )
                )
        if problems and self.warn_optional and all(p.field in OPTIONAL_FIELDS for p in problems):
            # Keep the person: the faulty fields were never copied into data.
            return RowResult(line=line, data=data, key=key[:200], warnings=problems)
        return RowResult(line=line, data=None if problems else data, key=key[:200], problems=problems)

    def _categories_and_consents(self, text: dict[str, str], when: Any, data: dict[str, Any], bad) -> None:
        """data["target_categories"]: category ids; data["consents"]: (purpose, given, day)
        triples, day None for the day of the import. A row that says the person refused
        registration is not imported."""
        if text.get("target_categories"):
            found, unknown = split_categories(text["target_categories"], self.categories)
            if unknown:
                bad(
                    "target_categories",
                    "target_category",
                    gettext_noop("Unknown target category: %(value)s. Give its code or its name."),
                    {"value": unknown[0][:100]},
                )
            else:
                data["target_categories"] = found
        day = None
        if when not in (None, ""):
            day = parse_date(when)
            if day is None:
                bad("consent_date", *date_problem(when))
            elif day > self.today:
                bad("consent_date", "future_date", gettext_noop("A consent cannot be dated in the future."))
        consents = []
        for name, purpose in (("consent", ConsentRecord.Purpose.REGISTRATION),
                              ("consent_contact", ConsentRecord.Purpose.CONTACT)):  # fmt: skip
            if not text.get(name):
                continue
            given = self.yes_no.get(normalize_text(text[name]))
            if given is None:
                bad(name, "yes_no", gettext_noop("Write yes or no (oui or non, نعم or لا)."))
            elif purpose == ConsentRecord.Purpose.REGISTRATION and not given:
                bad(name, "no_consent", gettext_noop("This person did not consent to being registered."))
            else:
                consents.append((purpose.value, given, day))
        if consents:
            data["consents"] = consents

    def _province(self, value: str, country: str) -> Province | None:
        cache_key = (value, country)
        if cache_key not in self._province_cache:
            self._province_cache[cache_key] = self._find_province(value, country)
        return self._province_cache[cache_key]

    def _choice(self, lookup: dict[str, str], value: str) -> str | None:
        cached = self._choice_cache.get((id(lookup), value), "?")
        if cached == "?":
            cached = self._choice_cache[(id(lookup), value)] = lookup.get(normalize_text(value))
        return cached

    def _find_province(self, value: str, country: str) -> Province | None:
        value = value.strip()
        found = self.provinces.get(("", value.upper()))
        if found is None:
            for candidate in (
                (country or self.country, value),
                (country or self.country, normalize_text(value)),
            ):
                found = self.provinces.get(candidate)
                if found:
                    break
        if found is None and not country:
            found = self.provinces.get(("*", normalize_text(value)))
        return found


COUNTRY_CALLING_CODES = {"DZ": 213, "MA": 212}
REGIONS = {213: "DZ", 212: "MA"}
SIMPLE_PHONE = re.compile(r"^(?:(?:\+|00)(?P<cc>21[23])|0)(?P<nsn>[5-9]\d{8})$")
PHONE_NOISE = re.compile(r"[\s.\-()]")
# Most numbers in a registry are mobiles: checking that type first ends the search early
# (any() of the same types, in another order, gives the same answer).
NUMBER_TYPES = ("mobile", "fixed_line", "premium_rate", "toll_free", "shared_cost", "voip", "personal_number",
                "pager", "uan", "voicemail")  # fmt: skip


@lru_cache(maxsize=4)
def _validity(region: str):
    """phonenumbers' own validity rule for one region, with its patterns compiled once:
    the number matches the general description and the description of some number type
    (what is_valid_number_for_region checks through _number_type_helper)."""
    metadata = PhoneMetadata.metadata_for_region(region)

    def compiled(desc):
        if desc is None or not desc.national_number_pattern:
            return None
        return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)

    general = compiled(metadata.general_desc)
    kinds = [c for c in (compiled(getattr(metadata, name)) for name in NUMBER_TYPES) if c is not None]

    def matches(desc, nsn: str) -> bool:
        lengths, pattern = desc
        return (not lengths or len(nsn) in lengths) and pattern.fullmatch(nsn) is not None

    def valid(nsn: str) -> bool:
        return general is not None and matches(general, nsn) and any(matches(k, nsn) for k in kinds)

    return valid


def fast_phone(value: str, country: str) -> str | None:
    """The usual mobile spellings (0550 12 34 56, +213550123456, 00213 550123456) parsed
    without phonenumbers' generic parser and checked against phonenumbers' own metadata.
    None means "use normalize_phone" (which then gives the same answer, slower): a
    property test checks both agree."""
    match = SIMPLE_PHONE.match(PHONE_NOISE.sub("", value))
    if not match:
        return None
    code = int(match["cc"]) if match["cc"] else COUNTRY_CALLING_CODES.get(country)
    if code is None or not _validity(REGIONS[code])(match["nsn"]):
        return None
    return f"+{code}{match['nsn']}"


def _text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _row_hash(cells: list[Any]) -> str:
    """A row without its own identifier is keyed on its content, so the same file
    imported again is still recognised."""
    joined = "\x1f".join(_text(c) for c in cells)
    return "sha1:" + hashlib.sha1(joined.encode("utf-8"), usedforsecurity=False).hexdigest()


def parse_date(value: Any) -> date | None:
    """Excel serial numbers and date cells, ISO dates, DD/MM/YYYY (also with - or .),
    and a presumed year alone (1995 -> 1995-01-01)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        return _serial(value)
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" == text[7] and text.isascii():
        # The usual ISO day, parsed in C; anything else it refuses takes the general path.
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    if EXCEL_SERIAL.fullmatch(text):
        return _serial(float(text))
    if PRESUMED_YEAR.fullmatch(text):
        return date(int(text), 1, 1)
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def date_problem(value: Any) -> tuple[str, str]:
    """Why a date was refused (code, untranslated message): a day that no calendar has
    (30/02/1999, 31/04/2001) is said so, rather than "cannot be read"."""
    text = str(value).strip()
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            if 1 <= parts["m"] <= 12 and 1 <= parts["d"] <= 31 and parts["y"] >= 1:
                return "date_does_not_exist", gettext_noop(
                    "This date does not exist: this month has no such day."
                )
    return "date", gettext_noop("This date cannot be read: write it as YYYY-MM-DD or DD/MM/YYYY.")


def _serial(number: float) -> date | None:
    if not 1 <= number < 2958466:
        return None
    return EXCEL_EPOCH + timedelta(days=int(number))
