import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rowad.imports.mapping import suggest_mapping
from rowad.imports.validation import RowValidator, parse_date
from tests.imports.factories import BAD_ROW, FRENCH_HEADER, GOOD_ROWS

pytestmark = pytest.mark.django_db


def validator(country="DZ", header=FRENCH_HEADER):
    return RowValidator(mapping=suggest_mapping(header), headers=header, country=country)


def test_good_row_is_normalized():
    result = validator().validate(2, GOOD_ROWS[0])
    assert result.problems == []
    assert result.key == "A1"
    data = result.data
    assert (data["phone"], data["birth_date"], data["sex"], data["province"].code) == (
        "+213550123456",
        datetime.date(1998, 3, 12),
        "M",
        "31",
    )


def test_province_by_french_name_and_iso_code():
    v = validator()
    assert v.validate(3, GOOD_ROWS[1]).data["province"].code == "31"
    assert v.validate(4, GOOD_ROWS[2]).data["province"].code == "31"


def test_moroccan_province_by_iso_code_and_arabic_name_sets_the_country():
    header = ["Nom", "Province"]
    v = RowValidator(
        mapping={"family_name_latin": "Nom", "province": "Province"}, headers=header, country="DZ"
    )
    by_iso = v.validate(2, ["Amziane", "MA-TNG"]).data
    assert (by_iso["country"], by_iso["province"].name_fr) == ("MA", "Tanger-Assilah")
    by_name = v.validate(3, ["Amziane", "الحسيمة"]).data
    assert by_name["province"].iso_code.startswith("MA-")


def test_bad_row_reports_every_problem_by_column():
    result = validator().validate(5, BAD_ROW)
    assert result.data is None
    assert sorted(p.column for p in result.problems) == ["Date de naissance", "Sexe", "Téléphone", "Wilaya"]


def test_bad_national_id_is_reported():
    row = list(GOOD_ROWS[0])
    row[5] = "12345"
    result = validator().validate(2, row)
    assert [(p.column, p.code) for p in result.problems] == [("NIN", "national_id")]


def test_row_without_any_name_is_rejected():
    row = ["A7", "", "", "", "", "", "", "", "", "31"]
    result = validator().validate(2, row)
    assert [p.code for p in result.problems] == ["given_name_ar"]


def test_row_with_500_cells_is_rejected():
    row = list(GOOD_ROWS[0]) + ["x"] * 490
    result = validator().validate(2, row)
    assert [p.code for p in result.problems] == ["extra_cells"]


def test_row_without_key_is_keyed_on_its_content():
    header = ["Prénom", "Nom"]
    v = RowValidator(mapping=suggest_mapping(header), headers=header, country="DZ")
    assert v.validate(2, ["Amine", "Bouzid"]).key == v.validate(9, ["Amine", "Bouzid"]).key
    assert v.validate(2, ["Amine", "Bouzid"]).key.startswith("sha1:")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1998-03-12", datetime.date(1998, 3, 12)),
        ("12/03/1998", datetime.date(1998, 3, 12)),
        ("12-03-1998", datetime.date(1998, 3, 12)),
        ("12.03.1998", datetime.date(1998, 3, 12)),
        ("35866", datetime.date(1998, 3, 12)),
        (35866, datetime.date(1998, 3, 12)),
        (datetime.datetime(1998, 3, 12, 0, 0), datetime.date(1998, 3, 12)),
        ("1995", datetime.date(1995, 1, 1)),
        ("31/02/2000", None),
        ("2000-02-31", None),
        ("١٩٩٨-٠٣-١٢", datetime.date(1998, 3, 12)),
        ("1998-03-12T08:30", datetime.date(1998, 3, 12)),
        ("demain", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@settings(max_examples=2000, deadline=None)
@given(st.from_regex(r"[0-9١٢٣٤٥٦٧٨٩٠a+ -]{4}-[0-9١٢٣٤٥٦٧٨٩٠ -]{2}-[0-9١٢٣٤٥٦٧٨٩٠T]{2}", fullmatch=True))
def test_parse_date_fast_iso_path_changes_no_answer(text):
    """ISO days are parsed with date.fromisoformat first: the same answers as the general
    patterns (Arabic-Indic digits included), which stay the reference."""
    from rowad.imports.validation import DATE_PATTERNS

    expected = None
    match = DATE_PATTERNS[0][0].match(text.strip())
    if match:
        try:
            expected = datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            expected = None
    elif text.strip().isdigit() or DATE_PATTERNS[1][0].match(text.strip()):
        return  # serial numbers, years and day-first dates: covered above
    assert parse_date(text) == expected


@settings(max_examples=1500, deadline=None)
@given(
    prefix=st.sampled_from(["0", "+213", "00213", "+212", "00212", "213", ""]),
    digits=st.text(alphabet="0123456789", min_size=8, max_size=10),
    spaced=st.booleans(),
    country=st.sampled_from(["DZ", "MA"]),
)
def test_fast_phone_agrees_with_normalize_phone(prefix, digits, spaced, country):
    from rowad.core.validators import try_normalize_phone
    from rowad.imports.validation import fast_phone

    value = prefix + (" ".join(digits[i : i + 2] for i in range(0, len(digits), 2)) if spaced else digits)
    fast = fast_phone(value, country)
    if fast is not None:
        assert fast == try_normalize_phone(value, country)


@pytest.mark.parametrize("country", ["DZ", "MA"])
def test_fast_phone_agrees_on_every_mobile_prefix(country):
    import random

    from rowad.core.validators import try_normalize_phone
    from rowad.imports.validation import fast_phone

    rng = random.Random(5)
    agreed = 0
    for prefix in range(500, 1000):
        for spelling in ("0{}", "+213{}", "00212 {}", "+212{}"):
            value = spelling.format(f"{prefix}{rng.randint(0, 999_999):06d}")
            fast = fast_phone(value, country)
            if fast is not None:
                assert fast == try_normalize_phone(value, country), value
                agreed += 1
    assert agreed > 300


@pytest.fixture
def categories():
    from tests.factories import TargetCategoryFactory

    return {
        "resistance": TargetCategoryFactory(
            code="resistance-family",
            name_ar="أبناء المجاهدين",
            name_fr="Enfants de moudjahidine",
            name_en="Children of former resistance fighters",
        ),
        "disability": TargetCategoryFactory(
            code="disability", name_ar="ذوو الاحتياجات الخاصة", name_fr="Personnes handicapées", name_en=""
        ),
    }


CATEGORY_HEADER = ["Nom", "Catégorie", "Consentement", "Accord SMS"]


def category_validator():
    mapping = suggest_mapping(CATEGORY_HEADER)
    assert mapping == {
        "family_name_latin": "Nom",
        "target_categories": "Catégorie",
        "consent": "Consentement",
        "consent_contact": "Accord SMS",
    }
    return RowValidator(mapping=mapping, headers=CATEGORY_HEADER, country="DZ")


def test_target_categories_by_code_or_name_in_any_language(categories):
    v = category_validator()
    resistance, disability = categories["resistance"].pk, categories["disability"].pk
    for cell, expected in [
        ("resistance-family", [resistance]),
        ("أبناء المجاهدين", [resistance]),
        ("ENFANTS DE MOUDJAHIDINE", [resistance]),
        ("Disability ; أبناء المجاهدين", [disability, resistance]),
        ("personnes handicapées، resistance family / disability", [disability, resistance]),
    ]:
        result = v.validate(2, ["Benali", cell, "", ""])
        assert (result.problems, result.data["target_categories"]) == ([], expected), cell


def test_unknown_target_category_is_a_problem_naming_it(categories):
    result = category_validator().validate(2, ["Benali", "disability; orphelins", "", ""])
    assert result.data is None
    (problem,) = result.problems
    assert (problem.column, problem.code, problem.params) == (
        "Catégorie",
        "target_category",
        {"value": "orphelins"},
    )


@pytest.mark.parametrize(
    ("registration", "contact", "expected"),
    [
        ("oui", "non", [("registration", True, None), ("contact", False, None)]),
        ("نعم", "لا", [("registration", True, None), ("contact", False, None)]),
        ("Yes", "x", [("registration", True, None), ("contact", True, None)]),
        ("1", "", [("registration", True, None)]),
    ],
)
def test_consents_read_in_three_languages(registration, contact, expected):
    result = category_validator().validate(2, ["Benali", "", registration, contact])
    assert result.problems == []
    assert result.data["consents"] == expected


def test_a_refused_or_unreadable_consent_rejects_the_row():
    v = category_validator()
    refused = v.validate(2, ["Benali", "", "non", ""])
    assert refused.data is None and [p.code for p in refused.problems] == ["no_consent"]
    unreadable = v.validate(3, ["Benali", "", "peut-être", ""])
    assert unreadable.data is None and [p.code for p in unreadable.problems] == ["yes_no"]


def test_consents_take_the_date_of_their_column():
    header = ["Nom", "الموافقة", "تاريخ الموافقة"]
    mapping = suggest_mapping(header)
    assert mapping["consent_date"] == "تاريخ الموافقة"
    v = RowValidator(mapping=mapping, headers=header, country="DZ")
    dated = v.validate(2, ["Benali", "نعم", "2026-09-03T10:12:00"])
    assert dated.data["consents"] == [("registration", True, datetime.date(2026, 9, 3))]
    future = v.validate(3, ["Benali", "نعم", "01/01/2999"])
    assert [p.code for p in future.problems] == ["future_date"]
    unreadable = v.validate(4, ["Benali", "نعم", "hier"])
    assert [(p.column, p.code) for p in unreadable.problems] == [("تاريخ الموافقة", "date")]
